import SinoAIDomain
import SinoAIText

/// The help overlay: every key binding by group, flowed into as many columns as the
/// screen has room for and scrolled when even those are too tall. Built from `KeyMap`,
/// the table that dispatches the keys, so help never disagrees with behaviour.
public enum HelpSheet {
    public enum Kind: Sendable, Equatable { case heading, binding, blank, note }

    public struct Line: Sendable, Equatable {
        public var text: String
        public var kind: Kind
    }

    /// The sheet for a screen: its columns (lines top to bottom), their width, how many
    /// rows show at once, and how far it scrolls.
    public struct Layout: Sendable, Equatable {
        public var columns: [[Line]]
        public var columnWidth: Int
        public var visibleRows: Int
        public var maxScroll: Int
        /// Rows of the tallest column.
        public var rows: Int { columns.map(\.count).max() ?? 0 }
        /// The overlay's outer size: border, one cell of margin, two between columns.
        public var boxWidth: Int { columns.count * columnWidth + (columns.count - 1) * Self.gap + 4 }
        public var boxHeight: Int { visibleRows + 2 }
        public static let gap = 3
    }

    static let keysWidth = 18
    static let note = "A dim ? marks a low-confidence or disputed figure; the firm page shows the sources."

    /// Binding groups in `KeyMap` order, each a heading and its lines.
    static let groups: [[Line]] = {
        var groups: [[Line]] = []
        for binding in KeyMap.bindings {
            if groups.last?.first?.text != binding.group { groups.append([Line(text: binding.group, kind: .heading)]) }
            let keys = binding.keys.map(\.label).joined(separator: " ")
            groups[groups.count - 1].append(Line(text: "  " + DisplayWidth.pad(keys, to: keysWidth) + binding.help, kind: .binding))
        }
        // What `Reducer.handleMouse` does (while the mouse is on: m).
        let mouse = [("click", "select; again: open / follow"), ("click a header", "sort by that column"),
                     ("click a tab", "show that panel"), ("wheel", "scroll")]
        groups.append([Line(text: "Mouse", kind: .heading)]
                      + mouse.map { Line(text: "  " + DisplayWidth.pad($0.0, to: keysWidth) + $0.1, kind: .binding) })
        return groups
    }()

    static let bindingsWidth = groups.joined().map { DisplayWidth.of($0.text) }.max() ?? 0

    /// The sheet for `size`; `factors` (the snapshot's risk model) adds a legend of the
    /// factor codes the risk panel and `sinoai risk` show ("EL", "F1"…).
    public static func layout(for size: TerminalSize, factors: [RiskFactor] = []) -> Layout {
        let room = max(1, size.width - 6)
        var groups = groups
        if !factors.isEmpty {
            let codeWidth = min(8, factors.map { DisplayWidth.of($0.code) }.max() ?? 0)
            groups.append([Line(text: "Risk factor codes (risk panel)", kind: .heading)] + factors.map { factor in
                let line = "  " + DisplayWidth.pad(DisplayWidth.truncate(factor.code, to: codeWidth).text, to: codeWidth) + "  " + factor.name
                return Line(text: DisplayWidth.truncate(line, to: bindingsWidth).text, kind: .binding)
            })
        }
        let columnCount = max(1, min(groups.count, (room + Layout.gap) / (bindingsWidth + Layout.gap)))
        let columnWidth = min(bindingsWidth, room)
        var columns = flow(groups, into: columnCount)
        // The note closes the last column, wrapped to its width.
        columns[columns.count - 1] += [Line(text: "", kind: .blank)]
            + DisplayWidth.wrap(note, width: columnWidth).map { Line(text: $0, kind: .note) }
        let rows = columns.map(\.count).max() ?? 0
        let visible = max(1, min(rows, size.height - 4))
        return Layout(columns: columns, columnWidth: columnWidth, visibleRows: visible, maxScroll: rows - visible)
    }

    /// Whole groups into `count` columns, as evenly as they go (a group never splits).
    static func flow(_ groups: [[Line]], into count: Int) -> [[Line]] {
        let total = groups.reduce(0) { $0 + $1.count + 1 } - 1
        let target = (total + count - 1) / count
        var columns: [[Line]] = [[]]
        for group in groups {
            let current = columns[columns.count - 1]
            if !current.isEmpty, columns.count < count, current.count + 1 + group.count > target {
                columns.append(group)
            } else {
                columns[columns.count - 1] += (current.isEmpty ? [] : [Line(text: "", kind: .blank)]) + group
            }
        }
        return columns
    }
}
