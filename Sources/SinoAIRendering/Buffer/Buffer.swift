import SinoAIText
import SinoAIViewModel

/// An in-memory screen of styled cells. Widgets draw into it; the terminal backend
/// flushes it; tests compare it as text.
public struct Buffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Draw ASCII only (terminals that cannot show UTF-8): every glyph is replaced by
    /// its `AsciiFallback` stand-in of the same width. Never `?`, the doubt marker.
    public var asciiOnly = false

    public init(width: Int, height: Int, style: Style = .normal) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(style: style), count: self.width * self.height)
    }

    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    func inBounds(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Writes one cell, repairing any wide glyph it cuts in half.
    mutating func setCell(_ x: Int, _ y: Int, _ cell: Cell) {
        guard inBounds(x, y) else { return }
        let old = self[x, y]
        if old.isContinuation, x > 0 { self[x - 1, y] = Cell(symbol: " ", width: 1, style: self[x - 1, y].style) }
        if old.width == 2, x + 1 < width { self[x + 1, y] = Cell(symbol: " ", width: 1, style: self[x + 1, y].style) }
        self[x, y] = cell
    }

    /// Fills a rectangle with blanks in a style.
    public mutating func fill(_ rect: Rect, style: Style, symbol: String = " ") {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) { setCell(x, y, Cell(symbol: symbol, width: 1, style: style)) }
        }
    }

    /// Changes the style of cells in a rectangle, keeping their text.
    public mutating func restyle(_ rect: Rect, _ transform: (Style) -> Style) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) { self[x, y].style = transform(self[x, y].style) }
        }
    }

    /// Writes text that may not fit, ending it with "…" where it is cut (so a reader
    /// knows there is more). Returns the columns used.
    @discardableResult
    public mutating func putElided(_ text: String, x: Int, y: Int, maxWidth: Int, style: Style) -> Int {
        put(DisplayWidth.truncate(text, to: max(0, min(maxWidth, width - x))).text, x: x, y: y, maxWidth: maxWidth, style: style)
    }

    /// Draws text from (x, y), at most `maxWidth` columns (and never past the edge).
    /// Text is sanitized: control characters and escapes become visible, so data can
    /// never drive the terminal. A wide glyph that would straddle the limit is
    /// replaced by a space. Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, maxWidth: Int = .max, style: Style) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth, width - x)
        guard limit > 0 else { return 0 }
        var column = 0
        for glyph in DisplayWidth.glyphs(text) {
            if column + glyph.width > limit {
                if glyph.width == 2 && column < limit { setCell(x + column, y, Cell(symbol: " ", width: 1, style: style)); column += 1 }
                break
            }
            let cx = x + column
            if cx >= 0 {
                if asciiOnly && !glyph.text.unicodeScalars.allSatisfy(\.isASCII) {
                    // One ASCII cell per column, so alignment does not change.
                    for (offset, symbol) in AsciiFallback.standIn(for: glyph).enumerated() {
                        setCell(cx + offset, y, Cell(symbol: String(symbol), width: 1, style: style))
                    }
                } else {
                    setCell(cx, y, Cell(symbol: glyph.text, width: UInt8(glyph.width), style: style))
                    if glyph.width == 2 && cx + 1 < width { setCell(cx + 1, y, Cell(symbol: "", width: 0, style: style)) }
                }
            }
            column += glyph.width
        }
        return column
    }

    /// Draws text truncated with `…` to exactly `width` columns (padded), aligned.
    @discardableResult
    public mutating func putFitted(_ text: String, x: Int, y: Int, width: Int, style: Style, alignRight: Bool = false) -> Int {
        guard width > 0 else { return 0 }
        let fitted = DisplayWidth.pad(text, to: width, alignRight: alignRight)
        return put(fitted, x: x, y: y, maxWidth: width, style: style)
    }

    /// The screen as plain text, one line per row, trailing spaces trimmed (golden tests).
    public func text() -> String {
        (0..<height).map(rowText).joined(separator: "\n")
    }

    public func rowText(_ y: Int) -> String {
        var line = ""
        for x in 0..<width where !self[x, y].isContinuation { line += self[x, y].symbol }
        while line.last == " " { line.removeLast() }
        return line
    }

    /// Indexes of rows that differ from another buffer of the same size.
    public func changedRows(from other: Buffer) -> [Int] {
        guard other.width == width, other.height == height else { return Array(0..<height) }
        return (0..<height).filter { y in
            let range = (y * width)..<((y + 1) * width)
            return cells[range] != other.cells[range]
        }
    }
}

/// ASCII stand-ins for the symbols the app draws, for `--ascii` (and terminals without
/// UTF-8). Each has the display width of its original, so columns stay aligned, and
/// none is `?`: that is the app's marker for low-confidence and disputed figures.
/// Borders, bars and charts have their own ASCII forms (`BorderSet.ascii`, `HBar`,
/// `Sparkline`, `LineChart`); this table covers what reaches the buffer as text.
enum AsciiFallback {
    /// Symbol → stand-in of the same width.
    static let table: [String: String] = [
        // Unknown, truncation, signs.
        "—": "-", "–": "-", "‒": "-", "―": "-", "−": "-", "‐": "-", "‑": "-", "…": "~", "±": "~", "≈": "~", "∼": "~",
        "×": "x", "÷": "/", "≥": ">", "≤": "<", "≠": "#", "Δ": "d", "Σ": "E", "§": "S", "°": "o",
        // Jurisdiction markers, bullets, separators.
        "▲": "^", "▼": "v", "△": "^", "▽": "v", "●": "*", "○": "o", "•": "*", "◆": "*", "◇": "o", "■": "#", "□": "o",
        "·": ".", "‧": ".", "∙": ".", "★": "*", "☆": "*", "✓": "v", "✔": "v", "✗": "x", "✘": "x",
        // Arrows and pointers.
        "↑": "^", "↓": "v", "←": "<", "→": ">", "↔": "-", "↕": "|", "⇧": "^", "⇩": "v", "⇐": "<", "⇒": ">",
        "▸": ">", "▶": ">", "►": ">", "◂": "<", "◀": "<", "◄": "<", "▴": "^", "▾": "v",
        "›": ">", "‹": "<", "»": ">", "«": "<", "↵": ">", "⏎": ">",
        // Quotes and spaces.
        "‘": "'", "’": "'", "‚": ",", "“": "\"", "”": "\"", "„": "\"", "′": "'", "″": "\"", "\u{A0}": " ", "\u{2009}": " ",
        "\u{202F}": " ", "€": "E", "£": "L", "¥": "Y", "©": "c", "®": "r", "™": "T", "¶": "P", "†": "+", "‡": "+",
        // Placeholders the sanitizer draws.
        "\u{FFFD}": ".",
    ]

    /// The stand-in for one glyph: exactly `glyph.width` ASCII characters (at least one).
    static func standIn(for glyph: Glyph) -> String {
        let width = max(1, glyph.width)
        if let known = table[glyph.text], known.count == width { return known }
        if glyph.text.unicodeScalars.allSatisfy(\.isASCII), glyph.text.count == width { return glyph.text }
        if let scalar = glyph.text.unicodeScalars.first {
            switch scalar.value {
            case 0x2500...0x257F: return String(repeating: boxStandIn(scalar.value), count: width)  // box drawing
            case 0x2580...0x259F: return String(repeating: "#", count: width)                       // block elements
            case 0x2800: return String(repeating: " ", count: width)                               // blank braille
            case 0x2801...0x28FF: return String(repeating: "*", count: width)                      // braille dots
            case 0xFF01...0xFF5E where width == 2:                                                 // fullwidth ASCII
                return String(Unicode.Scalar(UInt8(scalar.value - 0xFF01 + 0x21))) + " "
            default: break
            }
            // A letter with accents: its base letter (é → e, also when decomposed).
            if width == 1, scalar.value >= 0x21 && scalar.value < 0x7F { return String(scalar) }
            if width == 1, let base = latinBase(scalar) { return String(base) }
        }
        // Anything else (Chinese names, emoji): a neutral filler per column.
        return String(repeating: ".", count: width)
    }

    /// `-`, `|` or `+` for a box-drawing character.
    private static func boxStandIn(_ value: UInt32) -> Character {
        switch value {
        case 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D, 0x2550, 0x2574, 0x2576, 0x2578, 0x257A, 0x257C, 0x257E: "-"
        case 0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F, 0x2551, 0x2575, 0x2577, 0x2579, 0x257B, 0x257D, 0x257F: "|"
        default: "+"
        }
    }

    /// The unaccented ASCII letter of a Latin letter with diacritics, if any.
    private static func latinBase(_ scalar: Unicode.Scalar) -> Character? {
        for (letters, base) in latinFolds where letters.unicodeScalars.contains(scalar) { return base }
        return nil
    }

    private static let latinFolds: [(String, Character)] = [
        ("àáâãäåāăą", "a"), ("ÀÁÂÃÄÅĀĂĄ", "A"), ("çćĉċč", "c"), ("ÇĆĈĊČ", "C"), ("ďđ", "d"), ("ĎĐ", "D"),
        ("èéêëēĕėęě", "e"), ("ÈÉÊËĒĔĖĘĚ", "E"), ("ìíîïĩīĭįı", "i"), ("ÌÍÎÏĨĪĬĮİ", "I"), ("ñńņňŉ", "n"), ("ÑŃŅŇ", "N"),
        ("òóôõöøōŏő", "o"), ("ÒÓÔÕÖØŌŎŐ", "O"), ("ùúûüũūŭůűų", "u"), ("ÙÚÛÜŨŪŬŮŰŲ", "U"), ("ýÿŷ", "y"), ("ÝŸŶ", "Y"),
        ("śŝşš", "s"), ("ŚŜŞŠ", "S"), ("źżž", "z"), ("ŹŻŽ", "Z"), ("ğĝġģ", "g"), ("ĞĜĠĢ", "G"), ("ł", "l"), ("Ł", "L"),
        ("ř", "r"), ("Ř", "R"), ("ťţ", "t"), ("ŤŢ", "T"), ("ß", "s"),
    ]
}
