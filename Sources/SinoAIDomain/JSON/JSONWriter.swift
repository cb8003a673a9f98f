/// Writes JSON deterministically: keys in the given order, numbers as their exact
/// text, two-space indentation, non-ASCII left readable (the output is UTF-8).
public enum JSONWriter {
    public static func write(_ value: JSONValue, pretty: Bool = true) -> String {
        var out = ""
        append(value, to: &out, indent: 0, pretty: pretty)
        return out
    }

    private static func append(_ value: JSONValue, to out: inout String, indent: Int, pretty: Bool) {
        let newline = pretty ? "\n" : ""
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let text): out += text
        case .string(let s): appendString(s, to: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + newline
            for (i, item) in items.enumerated() {
                out += pad
                append(item.value, to: &out, indent: indent + 1, pretty: pretty)
                out += (i < items.count - 1 ? "," : "") + newline
            }
            out += closePad + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{" + newline
            for (i, member) in members.enumerated() {
                out += pad
                appendString(member.key, to: &out)
                out += pretty ? ": " : ":"
                append(member.node.value, to: &out, indent: indent + 1, pretty: pretty)
                out += (i < members.count - 1 ? "," : "") + newline
            }
            out += closePad + "}"
        }
    }

    private static func appendString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// Builds output JSON without ceremony: `.object(["id": .string("x")])`.
extension JSONValue {
    public static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(pairs.map { JSONMember(key: $0.key, node: JSONNode($0.value)) })
    }

    public static func array(_ values: [JSONValue]) -> JSONValue {
        .array(values.map { JSONNode($0) })
    }

    public static func string(_ value: String?) -> JSONValue {
        value.map { .string($0) } ?? .null
    }

    public static func strings(_ values: [String]) -> JSONValue {
        .array(values.map { JSONValue.string($0) })
    }

    public static func date(_ value: CalendarDate?) -> JSONValue {
        value.map { .string($0.description) } ?? .null
    }

    public static func decimal(_ value: Decimal?) -> JSONValue {
        value.map { .number("\($0)") } ?? .null
    }

    /// A double rounded to `places` decimals, written without exponent.
    public static func double(_ value: Double?, places: Int = 2) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        var text = String(format: "%.\(places)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0" { text = "0" }
        return .number(text)
    }

    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }
}

import Foundation
