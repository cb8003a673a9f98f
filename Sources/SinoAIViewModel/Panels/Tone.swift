/// The meaning of a piece of text; the renderer maps it to a theme colour.
public enum Tone: Sendable, Hashable {
    case normal, dim, positive, negative, warning, cn, us, accent, changed
}

/// One table cell's text and how to show it.
public struct TableCell: Sendable, Hashable {
    public var text: String
    public var tone: Tone
    /// Followed by a dim `?` (low confidence or conflicting sources).
    public var doubtful: Bool
    /// A 0…1 bar drawn instead of text (risk score).
    public var bar: Double?
    /// The whole pieces `text` is made of (joined by spaces), when a cut one would
    /// mislead ("F4 1…" for "F4 1.5"): a narrow column drops trailing pieces instead.
    public var pieces: [String]?

    public init(_ text: String, tone: Tone = .normal, doubtful: Bool = false, bar: Double? = nil) {
        self.text = text
        self.tone = tone
        self.doubtful = doubtful
        self.bar = bar
    }

    /// A cell of whole pieces, joined by spaces.
    public init(pieces: [String], tone: Tone = .normal) {
        self.init(pieces.joined(separator: " "), tone: tone)
        self.pieces = pieces
    }

    /// Signed percentages are green when up, red when down.
    public static func percent(_ value: Decimal?, places: Int = 1, doubtful: Bool = false) -> TableCell {
        guard let value else { return TableCell(Format.unknown, tone: .dim) }
        return TableCell(Format.percent(value, places: places), tone: value < 0 ? .negative : .positive, doubtful: doubtful)
    }
}

import Foundation

/// A table column: title, widths and how it gives way on narrow terminals.
public struct TableColumn: Sendable, Hashable {
    public var title: String
    public var width: Int
    public var alignRight: Bool
    /// Takes the space left over (one per table).
    public var flexible: Bool
    /// Columns with the lowest priority are dropped first when space runs out.
    public var priority: Int

    /// How wide the column may grow when there is room to spare (after the flexible
    /// column has doubled): for texts such as Chinese names that are often cut.
    public var growsTo: Int

    public init(_ title: String, width: Int, alignRight: Bool = false, flexible: Bool = false, priority: Int = 5,
                growsTo: Int? = nil) {
        self.title = title
        self.width = width
        self.growsTo = max(width, growsTo ?? width)
        self.alignRight = alignRight
        self.flexible = flexible
        self.priority = priority
    }
}

/// A value to sort by. Unknown values always sort last, whatever the direction.
public enum SortKey: Sendable, Comparable {
    case number(Double)
    case text(String)
    case missing
}
