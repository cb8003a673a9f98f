import Foundation
import SinoAIDomain

/// A page on the navigation stack with its own cursor.
public struct PageState: Hashable, Sendable {
    public var page: Page
    public var cursor = ListCursor()

    public init(_ page: Page) {
        self.page = page
    }
}

/// What the keyboard is doing besides navigating.
public enum InputMode: Hashable, Sendable {
    case normal
    /// Typing a search query for the focused panel.
    case search
    /// The filter menu is open; the index is the highlighted dimension.
    case filter(Int)
    case help
}

/// The fields of one record (or firm) that a reload changed, and when.
public struct ChangeMark: Hashable, Sendable {
    /// "record.field", e.g. "ipo.latestPrice"; "*" when the record is new.
    public var fields: Set<String>
    public var at: Date

    public init(fields: Set<String>, at: Date) {
        self.fields = fields
        self.at = at
    }

    /// Still shown at `date` (marks fade after `Reducer.changeMarkDuration`).
    public func isFresh(at date: Date) -> Bool { date.timeIntervalSince(at) < Reducer.changeMarkDuration }
}

/// A warning shown above the status bar: a broken snapshot, a failed reload.
public struct Banner: Hashable, Sendable {
    public var message: String
    public var isError: Bool

    public init(message: String, isError: Bool) {
        self.message = message
        self.isError = isError
    }
}

/// The whole dashboard state. Plain data: the reducer changes it, the renderer reads it.
public struct AppState: Sendable {
    public var data: DashboardData
    public var dataPath: String
    public var size: TerminalSize
    public var focus: PanelID = .companies
    public var zoomed: PanelID?
    public var pages: [PageState] = []
    public var panels: [PanelID: PanelState]
    public var mode: InputMode = .normal
    /// How far the help overlay is scrolled (rows).
    public var helpScroll = 0
    /// The pages open when `/` was pressed on one (restored if the search is cancelled).
    public var pagesBehindSearch: [PageState]?
    public var themeNames: [String]
    public var themeIndex = 0
    /// Why colours are off (--no-color, NO_COLOR, a terminal without colours), or nil
    /// when they are on: themes then change nothing, and `t` says so.
    public var colorsOff: String?
    public var mouseEnabled: Bool
    public var banner: Banner?
    /// A one-line notice in the status bar ("Theme: light"), cleared by the next key.
    public var notice: String?
    public var lastReload: Date?
    /// Changes between snapshots in this session, newest last.
    public var changeLog: [SnapshotChangeSet] = []
    /// The last snapshot watch mode refused, for the changes page.
    public var lastRejection: RejectedSnapshot?
    /// What a reload changed, by record id and by firm id, for change highlighting.
    public var changeMarks: [String: ChangeMark] = [:]
    /// Warn when the snapshot's as-of date is older than this many days.
    public var staleAfterDays: Int = 7
    public var now: Date = Date()

    public init(snapshot: Snapshot, dataPath: String, size: TerminalSize, themeNames: [String] = ["dark"],
                mouseEnabled: Bool = true, scenario: String = RiskScenario.baselineID) {
        data = DashboardData(snapshot: snapshot, generation: 1, scenario: scenario)
        self.dataPath = dataPath
        self.size = size
        self.themeNames = themeNames.isEmpty ? ["dark"] : themeNames
        self.mouseEnabled = mouseEnabled
        panels = [
            .companies: PanelState(sort: SortState(column: 8, ascending: false)),
            .ipos: PanelState(sort: SortState(column: 2, ascending: false)),
            .policies: PanelState(sort: SortState(column: 0, ascending: false)),
            .risk: PanelState(sort: SortState(column: 0, ascending: true)),
        ]
        // Company list starts in file order, the order the data's maintainers chose.
        panels[.companies]!.sort = SortState(column: -1, ascending: true)
        for panel in PanelID.allCases { refreshOrder(panel) }
    }

    public var snapshot: Snapshot { data.snapshot }
    public var themeName: String { themeNames[themeIndex % themeNames.count] }
    public var scenario: String { data.scenario }

    /// The fields of a record (a firm's, with its IPOs' and risk's) that a reload changed
    /// within the last `Reducer.changeMarkDuration`.
    public func recentChanges(of id: String) -> Set<String> {
        guard let mark = changeMarks[id], mark.isFresh(at: now) else { return [] }
        return mark.fields
    }
    public var layout: ScreenLayout { ScreenLayout.make(size: size, state: self) }
    public var currentPage: PageState? { pages.last }

    public func panel(_ id: PanelID) -> PanelState { panels[id]! }

    /// The selected row's id in a panel.
    public func selectedID(_ panel: PanelID) -> String? { self.panel(panel).selectedID }

    /// Recomputes a panel's order and restores the selection by id; `narrowing` (the
    /// query only grew) filters the current order and selects the first match.
    public mutating func refreshOrder(_ panel: PanelID, narrowing: Bool = false) {
        var state = panels[panel]!
        let previous = narrowing ? state.order : nil
        state.order = data.order(panel, state: state, narrowing: previous)
        if narrowing {
            // A growing search query: the first match is selected (no search for the old id).
            state.cursor = ListCursor()
            state.selectedID = state.order.first.map { data.rowID(panel, $0) } ?? state.selectedID
            panels[panel] = state
            return
        }
        panels[panel] = state
        restoreSelection(panel)
    }

    /// Puts the cursor back on the row with the remembered id (or clamps it).
    mutating func restoreSelection(_ panel: PanelID) {
        var state = panels[panel]!
        if let id = state.selectedID,
           let index = state.order.firstIndex(where: { data.rowID(panel, $0) == id }) {
            state.cursor.selected = index
        }
        // A panel off screen (behind a page, or another tab) keeps its scroll position:
        // revealing it in a height of 0 would leave one row at the top when it returns.
        let visible = layout.visibleRows(panel)
        if visible > 0 {
            state.cursor.reveal(count: state.order.count, visible: visible)
        } else {
            state.cursor.selected = min(max(0, state.cursor.selected), max(0, state.order.count - 1))
        }
        state.selectedID = state.order.isEmpty ? state.selectedID : data.rowID(panel, state.order[state.cursor.selected])
        panels[panel] = state
    }

    /// Scrolls every panel on screen so that its selection is visible and its rows fill
    /// its height (after the layout changed: a resize, a page closed, a zoom).
    mutating func revealPanels() {
        guard case .dashboard(_, let layouts, _, _, _) = layout else { return }
        for (panel, panelLayout) in layouts {
            panels[panel]!.cursor.reveal(count: panels[panel]!.order.count, visible: panelLayout.visibleRows)
        }
    }

    /// The selected row of a panel, if any.
    public func selectedRow(_ panel: PanelID) -> (any TableRowModel)? {
        let state = self.panel(panel)
        guard state.order.indices.contains(state.cursor.selected) else { return nil }
        return data.row(panel, state.order[state.cursor.selected])
    }

    /// Days between the snapshot's as-of date and today, for the staleness warning.
    public var snapshotAgeDays: Int {
        let today = Int((now.timeIntervalSince1970 / 86_400).rounded(.down))
        return today - snapshot.manifest.asOf.dayNumber
    }
}
