import SinoAIText
import SinoAIViewModel

/// An in-memory screen of styled cells. Widgets draw into it; the terminal backend
/// flushes it; tests compare it as text.
public struct Buffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Replace every non-ASCII glyph with `?` (terminals that cannot show UTF-8).
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
                var symbol = glyph.text
                if asciiOnly && !symbol.unicodeScalars.allSatisfy(\.isASCII) { symbol = glyph.width == 2 ? "?" : "?" }
                setCell(cx, y, Cell(symbol: symbol, width: UInt8(glyph.width), style: style))
                if glyph.width == 2 {
                    if asciiOnly { setCell(cx + 1, y, Cell(symbol: "?", width: 1, style: style)) }
                    else if cx + 1 < width { setCell(cx + 1, y, Cell(symbol: "", width: 0, style: style)) }
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
