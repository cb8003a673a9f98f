import Foundation

/// The environment of a session's dashboard, built from scratch: the client's TERM
/// (sanitized), its LANG and LC_* when sane, a fixed PATH and the server's HOME.
/// Nothing else from the client (or from the server's own environment) gets through.
public enum ChildEnvironment {
    public static let defaultTerm = "xterm-256color"
    public static let defaultLang = "C.UTF-8"
    public static let path = "/usr/bin:/bin"

    /// TERM limited to [A-Za-z0-9._+-] (at most 64), known to terminfo when that can be
    /// checked; else xterm-256color.
    public static func sanitizedTerm(_ term: String, known: (String) -> Bool = terminfoKnows) -> String {
        guard !term.isEmpty, term.utf8.count <= 64, term.utf8.first != UInt8(ascii: "."),
              term.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._+-".unicodeScalars.contains($0)) })
        else { return defaultTerm }
        return known(term) ? term : defaultTerm
    }

    static let terminfoDirectories = ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo"]

    /// Whether a terminfo entry exists; true when no terminfo directory can be found
    /// (then ncurses decides).
    public static func terminfoKnows(_ term: String) -> Bool {
        let fm = FileManager.default
        let existing = terminfoDirectories.filter { fm.fileExists(atPath: $0) }
        if existing.isEmpty { return true }
        let first = term.first.map(String.init) ?? ""
        let hex = String(format: "%02x", term.utf8.first ?? 0)
        return existing.contains { dir in
            fm.fileExists(atPath: "\(dir)/\(first)/\(term)") || fm.fileExists(atPath: "\(dir)/\(hex)/\(term)")
        }
    }

    /// LANG and LC_* (LC_ALL, LC_CTYPE, …) with a locale-name value such as
    /// "zh_CN.UTF-8", "C.UTF-8" or "sr_RS@latin".
    public static func isAllowed(name: String, value: String) -> Bool {
        guard name == "LANG" || isLCName(name) else { return false }
        return !value.isEmpty && value.utf8.count <= 64
            && value.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._@-".unicodeScalars.contains($0)) }
    }

    static func isLCName(_ name: String) -> Bool {
        name.hasPrefix("LC_") && name.count > 3 && name.count <= 32
            && name.dropFirst(3).unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || $0 == "_" }
    }

    /// "NAME=value" entries, sorted. `client` holds what the client asked for; only
    /// allowed names with sane values are used, and LANG defaults to C.UTF-8.
    public static func build(term: String, client: [String: String], home: String,
                             known: (String) -> Bool = terminfoKnows) -> [String] {
        var env: [String: String] = [
            "TERM": sanitizedTerm(term, known: known),
            "PATH": path,
            "HOME": home.isEmpty || home.utf8.contains(0) ? "/" : home,
        ]
        for (name, value) in client where isAllowed(name: name, value: value) { env[name] = value }
        if env["LANG"] == nil { env["LANG"] = defaultLang }
        return env.map { "\($0.key)=\($0.value)" }.sorted()
    }
}
