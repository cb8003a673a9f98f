import SinoAIText
import SinoAIViewModel

/// Maps a cell's tone to a colour role.
public func role(for tone: Tone) -> ColorRole {
    switch tone {
    case .normal: .text
    case .dim: .dim
    case .positive: .positive
    case .negative: .negative
    case .warning: .warning
    case .cn: .cn
    case .us: .us
    case .accent: .accent
    case .changed: .changed
    }
}

/// A table with a header, a selected row, sort indicator, search highlighting and
/// doubt markers. It draws only the rows that are visible: cost does not depend on
/// how many rows the data has.
public struct TableWidget {
    public var columns: [TableColumn]
    /// Row count and a way to fetch row `i` of the display order (called only for
    /// visible rows): the columns a reload just changed, and the cells.
    public var rowCount: Int
    public var row: (Int) -> (changed: Set<Int>, cells: [TableCell])
    public var cursor: ListCursor
    public var sort: SortState?
    public var focused: Bool
    public var query: String
    public var emptyMessage: String
    public var ascii: Bool

    public init(columns: [TableColumn], rowCount: Int, row: @escaping (Int) -> (changed: Set<Int>, cells: [TableCell]),
                cursor: ListCursor, sort: SortState?, focused: Bool, query: String = "",
                emptyMessage: String = "No rows", ascii: Bool = false) {
        self.columns = columns; self.rowCount = rowCount; self.row = row; self.cursor = cursor; self.sort = sort
        self.focused = focused; self.query = query; self.emptyMessage = emptyMessage; self.ascii = ascii
    }

    public func render(_ area: Rect, into buffer: inout Buffer) {
        guard area.height >= 1, area.width >= 1 else { return }
        // Leave the right edge for the scroll indicator when rows overflow.
        let placed = ColumnFitter.fit(columns, table: area)
        let headerStyle = Style(fg: .header, attributes: [.bold])
        for p in placed {
            var title = columns[p.index].title
            let alignRight = columns[p.index].alignRight
            // The sorted column's title is underlined with its arrow, so an arrow in the
            // gap between two titles is seen to belong to one of them.
            var headerStyle = headerStyle
            if let sort, sort.column == p.index {
                headerStyle = headerStyle.adding(.underline)
                let arrow = ascii ? (sort.ascending ? "^" : "v") : (sort.ascending ? "▲" : "▼")
                let x = area.x + p.x
                // The arrow goes on the side away from the column's alignment, so a
                // right-aligned title still ends over its figures: "Date ▼", "▼ Score".
                // The same layout in both modes (under --ascii "Date v", not "Datev").
                let room = p.width - DisplayWidth.of(title)
                if room >= 1 {
                    let spaced = room >= 2 ? " " : ""
                    title = alignRight ? arrow + spaced + title : title + spaced + arrow
                } else if !alignRight, x + p.width < area.maxX {
                    // A full title keeps its letters: the arrow goes in the gap beside it,
                    // after a left-aligned title, else before the title.
                    buffer.put(arrow, x: x + p.width, y: area.y, maxWidth: 1, style: headerStyle)
                } else if p.x > 0 {
                    buffer.put(arrow, x: x - 1, y: area.y, maxWidth: 1, style: headerStyle)
                } else {
                    // No gap to use: the arrow always shows; the title is cut, not elided.
                    title = DisplayWidth.truncate(title, to: max(0, p.width - 1), ellipsis: "").text + arrow
                }
            }
            buffer.putFitted(title, x: area.x + p.x, y: area.y, width: p.width, style: Style(fg: .header, attributes: [.bold]),
                             alignRight: alignRight)
            if headerStyle.attributes.contains(.underline) {
                // Underlined over the title and its arrow only, not the column's padding.
                let (shown, width) = DisplayWidth.truncate(title, to: p.width)
                buffer.put(shown, x: area.x + p.x + (alignRight ? p.width - width : 0), y: area.y, maxWidth: width, style: headerStyle)
            }
        }
        let visible = area.height - 1
        guard visible > 0 else { return }
        if rowCount == 0 {
            buffer.put(emptyMessage, x: area.x + 1, y: area.y + 1, maxWidth: area.width - 1, style: Style(fg: .dim))
            return
        }
        let top = min(cursor.top, max(0, rowCount - 1))
        for line in 0..<min(visible, rowCount - top) {
            let index = top + line
            let y = area.y + 1 + line
            let (changedColumns, cells) = row(index)
            let selected = index == cursor.selected
            var base = Style()
            if selected { base = Style(fg: .selectionText, bg: .selection, attributes: focused ? [.bold] : []) }
            if selected { buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: base) }
            for p in placed where p.index < cells.count {
                let cell = cells[p.index]
                var style = base
                if !selected { style.fg = role(for: cell.tone) }
                // A changed figure stands out (colour and underline, so it shows without colour too).
                if changedColumns.contains(p.index) { style = style.with(fg: selected ? style.fg : .changed).adding([.bold, .underline]) }
                let x = area.x + p.x
                if let bar = cell.bar {
                    HBar(fraction: bar, role: selected ? .selectionText : role(for: cell.tone), ascii: ascii)
                        .render(Rect(x: x, y: y, width: p.width, height: 1), into: &buffer, background: style.bg)
                    continue
                }
                // The doubt marker follows the text itself, not the column padding.
                let alignRight = columns[p.index].alignRight
                let textWidth = max(0, p.width - (cell.doubtful ? 1 : 0))
                let (fitted, used) = cell.pieces.map { Self.wholePieces($0, width: textWidth) } ?? DisplayWidth.truncate(cell.text, to: textWidth)
                let start = alignRight ? x + textWidth - used : x
                buffer.put(fitted, x: start, y: y, maxWidth: textWidth, style: style)
                if cell.doubtful && p.width > 0 {
                    buffer.put("?", x: start + used, y: y, maxWidth: 1, style: style.with(fg: selected ? .selectionText : .dim))
                }
                if !query.isEmpty { highlight(query, in: cell.text, x: x, y: y, width: textWidth, alignRight: alignRight, buffer: &buffer) }
            }
        }
        // Scroll position on the right edge when rows overflow.
        if rowCount > visible {
            let thumb = Int((Double(cursor.top) / Double(max(1, rowCount - visible))) * Double(visible - 1))
            buffer.put(ascii ? "#" : "▐", x: area.maxX - 1, y: area.y + 1 + min(visible - 1, max(0, thumb)), style: Style(fg: .dim))
        }
    }

    /// As many whole pieces as fit `width` (joined by spaces), then "…" when some are
    /// left out; a first piece wider than the column is cut as plain text is.
    static func wholePieces(_ pieces: [String], width: Int) -> (text: String, width: Int) {
        let all = pieces.joined(separator: " ")
        if DisplayWidth.of(all) <= width { return (all, DisplayWidth.of(all)) }
        var kept = ""
        for piece in pieces {
            let next = kept.isEmpty ? piece : kept + " " + piece
            guard DisplayWidth.of(next) + 1 <= width else { break }  // room for "…" after it
            kept = next
        }
        guard !kept.isEmpty else { return DisplayWidth.truncate(all, to: width) }
        return (kept + "…", DisplayWidth.of(kept) + 1)
    }

    /// Underlines where the query matches (case-insensitive), left-aligned cells only.
    func highlight(_ query: String, in text: String, x: Int, y: Int, width: Int, alignRight: Bool, buffer: inout Buffer) {
        let lower = text.searchFolded
        guard !alignRight, let range = lower.range(of: query) else { return }
        let before = DisplayWidth.of(String(lower[..<range.lowerBound]))
        let length = DisplayWidth.of(String(lower[range]))
        let start = x + before
        let end = min(x + width, start + length)
        guard start < end else { return }
        buffer.restyle(Rect(x: start, y: y, width: end - start, height: 1)) {
            $0.with(fg: .highlight).adding([.underline, .bold])
        }
    }
}
