import CSystemShims
import SinoAIDomain

/// One grapheme ready to draw: sanitized text and the columns it takes (0, 1 or 2).
public struct Glyph: Sendable, Equatable {
    public var text: String
    public var width: Int
}

/// Column widths by glibc's `wcwidth` in C.UTF-8 (what ncurses and tmux use), whatever
/// the process locale, and the sanitizing that every drawn string goes through.
public enum DisplayWidth {
    /// Width of one scalar; -1 for non-printables.
    @inline(__always)
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v >= 0x20 && v < 0x7F { return 1 }
        return Int(sinoai_wcwidth(v))
    }

    /// Columns a string takes once sanitized.
    public static func of(_ text: String) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return glyphs(text).reduce(0) { $0 + $1.width }
    }

    /// Splits text into drawable glyphs. Control characters and escape sequences
    /// become visible escapes (`\e`, `\n`, `\u{9B}`), so data can never drive the
    /// terminal; ZWJ joiners are dropped (terminals disagree on their width); tabs
    /// become a space; unprintable scalars become U+FFFD.
    public static func glyphs(_ text: String) -> [Glyph] {
        var result: [Glyph] = []
        result.reserveCapacity(text.utf8.count)
        // Drop joiners first, so a ZWJ sequence becomes the separate glyphs a terminal draws.
        let text = text.unicodeScalars.contains("\u{200D}") ? String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\u{200D}" })) : text
        for character in text {
            let scalars = character.unicodeScalars
            if scalars.count == 1, let only = scalars.first, only.value >= 0x20 && only.value < 0x7F {
                result.append(Glyph(text: String(character), width: 1))
                continue
            }
            if scalars.contains(where: Text.isControl) {
                if scalars.count == 1 && scalars.first == "\t" {
                    result.append(Glyph(text: " ", width: 1))
                    continue
                }
                for escapedCharacter in Text.escaped(String(character)) {
                    result.append(Glyph(text: String(escapedCharacter), width: 1))
                }
                continue
            }
            var kept = String.UnicodeScalarView()
            var width = 0
            for scalar in scalars {
                let w = of(scalar)
                if kept.isEmpty && w < 0 {
                    kept.append("\u{FFFD}")
                    width = 1
                    break
                }
                kept.append(scalar)
                width += max(w, 0)
            }
            if kept.isEmpty { continue }
            if width == 0 {
                // A lone combining mark: show it on a placeholder so columns stay honest.
                result.append(Glyph(text: "\u{25CC}" + String(kept), width: 1))
                continue
            }
            result.append(Glyph(text: String(kept), width: min(width, 2)))
        }
        return result
    }

    /// The longest prefix that fits `width` columns, with `…` when cut. Never splits
    /// a character; returns the text and its width.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> (text: String, width: Int) {
        guard width > 0 else { return ("", 0) }
        let all = glyphs(text)
        let total = all.reduce(0) { $0 + $1.width }
        if total <= width { return (all.map(\.text).joined(), total) }
        let room = width - of(ellipsis)
        guard room >= 0 else { return ("", 0) }
        var out = ""
        var used = 0
        for glyph in all {
            if used + glyph.width > room { break }
            out += glyph.text
            used += glyph.width
        }
        return (out + ellipsis, used + of(ellipsis))
    }

    /// Truncates and pads with spaces to exactly `width` columns.
    public static func pad(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let (cut, used) = truncate(text, to: width)
        let padding = String(repeating: " ", count: max(0, width - used))
        return alignRight ? padding + cut : cut + padding
    }

    /// Word-wraps text into lines of at most `width` columns; wide characters may
    /// break anywhere, words longer than a line are split.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            var word = ""
            var wordWidth = 0
            func flushWord() {
                guard !word.isEmpty else { return }
                if lineWidth + wordWidth > width && !line.isEmpty {
                    lines.append(line.trimmingTrailingSpaces())
                    line = ""
                    lineWidth = 0
                    if word == " " { word = ""; wordWidth = 0; return }
                }
                line += word
                lineWidth += wordWidth
                word = ""
                wordWidth = 0
            }
            for glyph in glyphs(String(paragraph)) {
                if glyph.text == " " {
                    flushWord()
                    word = " "; wordWidth = 1
                    flushWord()
                    continue
                }
                if wordWidth + glyph.width > width {
                    flushWord()
                    if lineWidth + glyph.width > width { lines.append(line.trimmingTrailingSpaces()); line = ""; lineWidth = 0 }
                }
                word += glyph.text
                wordWidth += glyph.width
                // CJK text has no spaces: allow a break after each wide glyph.
                if glyph.width == 2 { flushWord() }
            }
            flushWord()
            lines.append(line.trimmingTrailingSpaces())
        }
        return lines
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
