/// Text from data is untrusted: it may hold terminal escape sequences. These helpers
/// find and neutralise control characters before text reaches a terminal or a log.
public enum Text {
    /// C0, DEL, C1 controls and bidirectional overrides, which can reorder what a
    /// terminal shows.
    @inline(__always)
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    public static func containsControlCharacters(_ text: String) -> Bool {
        // Fast path: printable ASCII and UTF-8 lead/continuation bytes that cannot start
        // a C1 (U+0080–009F, lead 0xC2) or bidi override (U+202A–202E, U+2066–2069, lead 0xE2).
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) { return false }
        return text.unicodeScalars.contains(where: isControl)
    }

    /// The text with every control character shown as a visible escape (`\e`, `\n`,
    /// `\u{9B}`), optionally cut to `limit` characters with an ellipsis.
    public static func escaped(_ text: String, limit: Int? = nil) -> String {
        // Nothing to change (the usual case): no control characters, and no more bytes
        // (so no more characters) than the limit.
        if text.utf8.count <= limit ?? .max && !containsControlCharacters(text) { return text }
        var out = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            if let limit, count >= limit {
                out.append("…")
                break
            }
            count += 1
            guard isControl(scalar) else {
                out.append(scalar)
                continue
            }
            let replacement: String
            switch scalar.value {
            case 0x1B: replacement = "\\e"
            case 0x0A: replacement = "\\n"
            case 0x0D: replacement = "\\r"
            case 0x09: replacement = "\\t"
            default: replacement = "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
            out.append(contentsOf: replacement.unicodeScalars)
        }
        return String(out)
    }
}
