/// Decides which table columns fit a width and where they go: low-priority columns
/// are dropped first; the flexible column takes what is left; width-0 columns are hidden.
public enum ColumnFitter {
    public struct Placed: Hashable, Sendable {
        public var index: Int
        public var x: Int
        public var width: Int
    }

    public static let gap = 1

    /// The columns a table shows in `area` (header row included): the right edge is
    /// always kept for the scroll bar, so columns do not shift when a search or filter
    /// makes the rows fit. The table widget draws these, and `s` sorts by them only.
    public static func fit(_ columns: [TableColumn], table area: Rect) -> [Placed] {
        fit(columns, width: area.width - 1)
    }

    public static func fit(_ columns: [TableColumn], width: Int) -> [Placed] {
        guard width > 0, !columns.isEmpty else { return [] }
        // A column of width 0 is hidden (it says nothing at the moment).
        var kept = columns.indices.filter { columns[$0].width > 0 }
        guard !kept.isEmpty else { return [] }
        func needed(_ set: [Int]) -> Int {
            set.reduce(0) { $0 + columns[$1].width } + max(0, set.count - 1) * gap
        }
        while needed(kept) > width, kept.count > 1 {
            // Drop the lowest priority (the rightmost among equals).
            let victim = kept.filter { !columns[$0].flexible || kept.count == 1 }
                .min { (columns[$0].priority, -$0) < (columns[$1].priority, -$1) } ?? kept.last!
            kept.removeAll { $0 == victim }
        }
        var widths = kept.map { columns[$0].width }
        let spare = width - needed(kept)
        if spare > 0 {
            // The flexible column first, up to twice its width; then columns that grow,
            // up to their limit; what is left goes to the flexible column again.
            var left = spare
            let flex = kept.firstIndex { columns[$0].flexible }
            if let flex {
                let first = min(left, columns[kept[flex]].width)
                widths[flex] += first
                left -= first
            }
            for i in kept.indices where left > 0 {
                let grow = min(left, columns[kept[i]].growsTo - widths[i])
                if grow > 0 { widths[i] += grow; left -= grow }
            }
            if let flex { widths[flex] += left }
        } else if spare < 0, let last = widths.indices.last {
            widths[last] = max(1, widths[last] + spare)
        }
        var x = 0
        return zip(kept, widths).map { index, w in
            defer { x += w + gap }
            return Placed(index: index, x: x, width: min(w, max(0, width - x)))
        }
    }
}
