import Foundation

/// Parsing of the `sinoai serve` option values: durations, listen addresses, rate limits.
public enum DurationParser {
    /// Seconds in "90s", "30m", "1h30m", "2h", "1d", "500ms" or a bare number of seconds.
    /// "0" (any unit) is zero, which callers treat as "off". nil when malformed or over a year.
    public static func seconds(_ text: String) -> TimeInterval? {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !text.isEmpty else { return nil }
        if let plain = Double(text), plain.isFinite, plain >= 0, text.allSatisfy({ $0.isNumber || $0 == "." }) {
            return plain <= 366 * 86400 ? plain : nil
        }
        var total: TimeInterval = 0
        var number = ""
        var index = text.startIndex
        var sawUnit = false
        while index < text.endIndex {
            let c = text[index]
            if c.isASCII && (c.isNumber || c == ".") {
                number.append(c)
                index = text.index(after: index)
                continue
            }
            var unit = ""
            while index < text.endIndex, text[index].isASCII, text[index].isLetter {
                unit.append(text[index])
                index = text.index(after: index)
            }
            guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
            let scale: TimeInterval
            switch unit {
            case "ms": scale = 0.001
            case "s", "sec", "secs": scale = 1
            case "m", "min", "mins": scale = 60
            case "h", "hr", "hrs": scale = 3600
            case "d", "day", "days": scale = 86400
            default: return nil
            }
            total += value * scale
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit, total <= 366 * 86400 else { return nil }
        return total
    }

    /// "30m", "1h30m", "90s" for logs and messages.
    public static func describe(_ seconds: TimeInterval) -> String {
        var rest = Int(seconds.rounded())
        if rest == 0 { return seconds > 0 ? "\(Int((seconds * 1000).rounded()))ms" : "0s" }
        var text = ""
        for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }
}

/// Where the server listens: "127.0.0.1:2222", "[::1]:2222", "0.0.0.0:22", ":2222" (all IPv4 interfaces).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init?(_ text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            guard after.hasPrefix(":") else { return nil }
            portPart = after.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            hostPart = text[..<colon]
            guard !hostPart.contains(":") else { return nil }  // bare IPv6 needs brackets
            portPart = text[text.index(after: colon)...]
        }
        guard !portPart.isEmpty, portPart.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portPart), port <= 65535 else {
            return nil
        }
        let host = hostPart.isEmpty ? "0.0.0.0" : String(hostPart)
        guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:%".contains($0)) }) else { return nil }
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// At most `count` new connections per `interval` seconds from one address ("10/10s"; "off").
public struct RateLimitSpec: Sendable, Equatable, CustomStringConvertible {
    public var count: Int
    public var interval: TimeInterval

    public init(count: Int, interval: TimeInterval) {
        self.count = count
        self.interval = interval
    }

    public struct Malformed: Error, CustomStringConvertible {
        public var description: String { "expected COUNT/DURATION such as 10/10s, or off" }
    }

    /// nil for "off"; throws for malformed text.
    public static func parse(_ text: String) throws -> RateLimitSpec? {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        if text == "off" || text == "none" || text == "0" { return nil }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int(parts[0]), count > 0, count <= 100_000 else { throw Malformed() }
        let intervalText = parts[1].allSatisfy({ $0.isNumber }) ? parts[1] + "s" : parts[1]
        guard let interval = DurationParser.seconds(String(intervalText)), interval > 0 else { throw Malformed() }
        return RateLimitSpec(count: count, interval: interval)
    }

    public var description: String { "\(count)/\(DurationParser.describe(interval))" }
}

/// Untrusted text (user names, key comments, commands) made safe for one log line.
public enum LogText {
    public static func escaped(_ text: String, limit: Int = 80) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                out += "…"
                break
            }
            switch scalar.value {
            case 0x5C: out += "\\\\"
            case 0x22: out += "\\\""
            case 0x20..<0x7F: out.unicodeScalars.append(scalar)
            case 0..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                out += String(format: "\\u{%X}", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }
}
