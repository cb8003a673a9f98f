import SinoAIText

/// Sorting of one table.
public struct SortState: Hashable, Sendable {
    public var column: Int
    public var ascending: Bool

    public init(column: Int, ascending: Bool) {
        self.column = column
        self.ascending = ascending
    }
}

/// One panel's table state: which rows show in which order, the cursor, filters and
/// the search query. `order` indexes the panel's rows in `DashboardData`.
public struct PanelState: Hashable, Sendable {
    public var cursor = ListCursor()
    public var order: [Int] = []
    /// The selected row's id: selection follows the firm, not the row number, when
    /// rows are re-sorted, filtered or reloaded.
    public var selectedID: String?
    public var sort: SortState
    /// Dimension name → chosen value (absent: All).
    public var filters: [String: String] = [:]
    /// The active search as typed; "" when none.
    public var query: String = ""
    /// The search as matched: folded to lower case like the search keys.
    public var foldedQuery: String { SearchFolding.folded(query) }

    public init(sort: SortState) {
        self.sort = sort
    }

    public var isFiltered: Bool { !filters.isEmpty || !query.isEmpty }
}
