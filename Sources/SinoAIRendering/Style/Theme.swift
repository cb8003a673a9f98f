import Foundation

/// A colour for one role at each colour depth a terminal may offer.
public struct ThemeColor: Hashable, Sendable {
    /// 0xRRGGBB, or nil for the terminal's default colour.
    public var rgb: UInt32?
    /// xterm 256-colour index, or nil for default.
    public var index256: Int?
    /// 0–7 (black, red, green, yellow, blue, magenta, cyan, white), or nil for default.
    public var index8: Int?

    public init(rgb: UInt32?, index256: Int?, index8: Int?) {
        self.rgb = rgb
        self.index256 = index256
        self.index8 = index8
    }

    public static let terminalDefault = ThemeColor(rgb: nil, index256: nil, index8: nil)
}

/// A named set of role colours, read from the documented text format in `Themes/`.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var colors: [ColorRole: ThemeColor]
    /// Extra attributes per role (e.g. `selection` reversed in monochrome).
    public var attributes: [ColorRole: Attributes]

    public func color(_ role: ColorRole) -> ThemeColor { colors[role] ?? colors[.text] ?? .terminalDefault }

    /// Attributes used when colour is off (NO_COLOR, --no-color, monochrome terminals):
    /// enough to tell selection, headers, warnings and changes apart.
    public static let monochromeAttributes: [ColorRole: Attributes] = [
        .selection: [.reverse], .selectionText: [.reverse], .header: [.bold], .title: [.bold], .border: [.dim], .borderFocused: [.bold],
        .dim: [.dim], .warning: [.bold], .negative: [.bold], .changed: [.bold, .underline], .highlight: [.underline],
        .statusBar: [.reverse], .statusText: [.reverse], .banner: [.reverse], .accent: [.bold], .us: [.bold],
    ]

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    static let colorNames8 = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses the theme format:
    ///
    ///     # comment (a `#` at the start of a line, or `# ` after a value)
    ///     name = dark
    ///     <role> = <#rrggbb|default> <0-255|default> <black…white|default> [bold] [dim] [underline] [reverse]
    ///
    /// Every role must be given once; unknown roles and bad values are errors.
    public static func parse(_ text: String) throws(ParseError) -> Theme {
        var name: String?
        var colors: [ColorRole: ThemeColor] = [:]
        var attributes: [ColorRole: Attributes] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            // A comment starts at a `#` that begins the line or is followed by a space
            // (`#rrggbb` colours are not comments).
            var line = String(rawLine)
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { continue }
            if let comment = line.range(of: "# ") { line = String(line[..<comment.lowerBound]) }
            let trimmed = line.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            if trimmed.isEmpty { continue }
            let parts: [String] = trimmed.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw ParseError(line: lineNumber, message: "expected `key = value`") }
            if parts[0] == "name" {
                guard !parts[1].isEmpty else { throw ParseError(line: lineNumber, message: "empty name") }
                name = parts[1]
                continue
            }
            guard let role = ColorRole(rawValue: parts[0]) else {
                throw ParseError(line: lineNumber, message: "unknown role `\(parts[0])` (roles: \(ColorRole.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard colors[role] == nil else { throw ParseError(line: lineNumber, message: "role `\(role.rawValue)` given twice") }
            let fields = parts[1].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count >= 3 else {
                throw ParseError(line: lineNumber, message: "expected `#rrggbb 0-255 colour8` (or `default` for each)")
            }
            var rgb: UInt32?
            if fields[0] != "default" {
                let hex = String(fields[0].dropFirst())
                guard fields[0].count == 7, fields[0].hasPrefix("#"), let value = UInt32(hex, radix: 16) else {
                    throw ParseError(line: lineNumber, message: "bad truecolor value `\(fields[0])` (expected #rrggbb)")
                }
                rgb = value
            }
            var index256: Int?
            if fields[1] != "default" {
                guard let value = Int(fields[1]), (0...255).contains(value) else {
                    throw ParseError(line: lineNumber, message: "bad 256-colour index `\(fields[1])`")
                }
                index256 = value
            }
            var index8: Int?
            if fields[2] != "default" {
                guard let value = colorNames8.firstIndex(of: fields[2]) else {
                    throw ParseError(line: lineNumber, message: "bad 8-colour name `\(fields[2])` (\(colorNames8.joined(separator: ", ")))")
                }
                index8 = value
            }
            var attrs: Attributes = []
            for word in fields.dropFirst(3) {
                switch word {
                case "bold": attrs.insert(.bold)
                case "dim": attrs.insert(.dim)
                case "underline": attrs.insert(.underline)
                case "reverse": attrs.insert(.reverse)
                default: throw ParseError(line: lineNumber, message: "unknown attribute `\(word)`")
                }
            }
            colors[role] = ThemeColor(rgb: rgb, index256: index256, index8: index8)
            if !attrs.isEmpty { attributes[role] = attrs }
        }
        guard let name else { throw ParseError(line: 1, message: "missing `name = …`") }
        let missing = ColorRole.allCases.filter { colors[$0] == nil }
        guard missing.isEmpty else {
            throw ParseError(line: 1, message: "missing roles: \(missing.map(\.rawValue).joined(separator: ", "))")
        }
        return Theme(name: name, colors: colors, attributes: attributes)
    }

    /// The default theme, compiled in so the binary works with no files at all.
    /// `Themes/dark.theme` holds the same text (a test keeps them equal).
    public static let builtInDarkSource = """
    # SinoAI theme: dark (the default). Format: role = truecolor 256-colour 8-colour [attributes]
    name = dark
    background    = default  default  default
    text          = #d7d7d7  252      white
    dim           = #8a8a8a  245      white    dim
    accent        = #5fafff  75       cyan     bold
    title         = #ffffff  231      white    bold
    border        = #4e4e4e  239      white    dim
    borderFocused = #5fafff  75       cyan     bold
    header        = #ffd75f  221      yellow   bold
    selection     = #005f87  24       blue
    selectionText = #ffffff  231      white    bold
    cn            = #ff5f5f  203      red
    us            = #5f87ff  69       cyan
    positive      = #5fd75f  77       green
    negative      = #ff5f5f  203      red
    warning       = #ffaf00  214      yellow   bold
    changed       = #ff87ff  213      magenta  bold
    highlight     = #ffff00  226      yellow   bold underline
    statusBar     = #262626  235      black
    statusText    = #d0d0d0  252      white
    banner        = #3a0000  52       red
    chartLine     = #5fd7ff  81       cyan
    chartOffer    = #ffaf5f  215      yellow
    """

    public static let builtInDark: Theme = {
        do { return try parse(builtInDarkSource) } catch { fatalError("built-in theme: \(error)") }
    }()
}
