/// One terminal cell. A wide glyph fills its cell and the next, which holds a
/// continuation (`width == 0`, empty symbol).
public struct Cell: Hashable, Sendable {
    public var symbol: String
    /// 1 or 2 for a glyph, 0 for the second half of a wide glyph.
    public var width: UInt8
    public var style: Style

    public init(symbol: String = " ", width: UInt8 = 1, style: Style = .normal) {
        self.symbol = symbol
        self.width = width
        self.style = style
    }

    public static let blank = Cell()
    public var isContinuation: Bool { width == 0 }
}
