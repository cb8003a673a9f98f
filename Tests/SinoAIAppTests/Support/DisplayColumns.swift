/// A deliberately simple, independent display-width model for checking table
/// alignment: East Asian wide and fullwidth characters (CJK ideographs, kana, Hangul,
/// fullwidth forms) take two columns, everything else one.
enum DisplayColumns {
    static func width(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    static func width<S: StringProtocol>(_ text: S) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width($1) }
    }

    /// The line as one entry per display column: a wide character fills its first
    /// column and leaves `nil` in the second.
    static func cells<S: StringProtocol>(_ line: S) -> [Unicode.Scalar?] {
        var cells: [Unicode.Scalar?] = []
        for scalar in line.unicodeScalars {
            cells.append(scalar)
            if width(scalar) == 2 { cells.append(nil) }
        }
        return cells
    }

    /// The display column (0-based) where `needle` starts in `line`, if it occurs.
    static func column<S: StringProtocol>(of needle: String, in line: S) -> Int? {
        let text = String(line)
        guard let range = text.range(of: needle) else { return nil }
        return width(text[..<range.lowerBound])
    }
}
