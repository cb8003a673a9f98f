/// JSON text for the generator: records are written straight to text, one record per
/// line, without the loader's tree.
enum JSONText {
    /// A quoted, escaped JSON string.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// A value in a generated record. `.object` keeps key order, like a hand-written file.
indirect enum J {
    case null
    case bool(Bool)
    /// A number written exactly as given (decimals are formatted by the generator).
    case number(String)
    case string(String)
    case array([J])
    case object([(String, J)])

    static func int(_ value: Int) -> J { .number(String(value)) }
    static func str(_ value: String?) -> J { value.map { .string($0) } ?? .null }

    func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): out += JSONText.quote(s)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                item.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += ", " }
                out += JSONText.quote(key)
                out += ": "
                value.write(into: &out)
            }
            out += "}"
        }
    }

    var text: String {
        var out = ""
        write(into: &out)
        return out
    }
}
