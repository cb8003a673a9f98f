/// Colour roles. Widgets name what a colour means; a theme decides what it looks like.
public enum ColorRole: String, CaseIterable, Sendable, Hashable {
    case background, text, dim, accent, title, border, borderFocused
    case header, selection, selectionText
    case cn, us, positive, negative, warning, changed, highlight
    case statusBar, statusText, banner, chartLine, chartOffer
}

/// Text attributes that work without colour (for NO_COLOR and monochrome).
public struct Attributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attributes(rawValue: 1)
    public static let dim = Attributes(rawValue: 2)
    public static let reverse = Attributes(rawValue: 4)
    public static let underline = Attributes(rawValue: 8)
}

/// How a cell looks: foreground and background roles plus attributes.
public struct Style: Hashable, Sendable {
    public var fg: ColorRole
    public var bg: ColorRole
    public var attributes: Attributes

    public init(fg: ColorRole = .text, bg: ColorRole = .background, attributes: Attributes = []) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    public static let normal = Style()

    public func with(fg: ColorRole) -> Style { var s = self; s.fg = fg; return s }
    public func with(bg: ColorRole) -> Style { var s = self; s.bg = bg; return s }
    public func adding(_ a: Attributes) -> Style { var s = self; s.attributes.formUnion(a); return s }
}
