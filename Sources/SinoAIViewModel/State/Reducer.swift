import Foundation
import SinoAIDomain

/// Everything that can happen to the dashboard.
public enum Action: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(TerminalSize)
    /// A new valid snapshot replaces the old one, its changes and rows built off the
    /// run loop (`PreparedSnapshot`).
    case snapshotPrepared(PreparedSnapshot, at: Date)
    /// A reload found problems; the old snapshot stays.
    case snapshotFailed([SnapshotProblem], at: Date)
    /// The clock moved (for the staleness warning and fading change marks).
    case tick(Date)
}

/// Side effects the run loop performs for the reducer.
public enum Effect: Hashable, Sendable {
    case quit
    case reload
    case setMouse(Bool)
    /// Stop the process for the shell's job control (Ctrl-Z); the screen is redrawn on `fg`.
    case suspend
    /// Repaint every cell (Ctrl-L): something else wrote over the screen.
    case redraw
    /// Put text on the clipboard of the terminal the user sits at (OSC 52, which also
    /// crosses SSH): a source's URL, which wraps on the page and cannot be opened here.
    case copyToClipboard(String)
}

/// The dashboard's logic: `reduce` changes the state and returns effects. No I/O.
public enum Reducer {
    /// The longest text copied to the clipboard (bytes, before base64).
    public static let clipboardLimit = 8192

    /// How long a changed row stays marked.
    public static let changeMarkDuration: TimeInterval = 120

    public static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .key(let key):
            state.notice = nil
            let effects = handleKey(&state, key)
            state.revealPanels()
            return effects
        case .mouse(let event):
            let effects = handleMouse(&state, event)
            state.revealPanels()
            return effects
        case .resize(let size):
            // A page rewraps at the new width: the cursor stays on the item it was on.
            let item = openPage(state).flatMap { page, document, _ in
                document.rows.indices.contains(page.cursor.selected) ? document.rows[page.cursor.selected].item : nil
            }
            state.size = size
            for panel in PanelID.allCases { state.restoreSelection(panel) }
            if let item, let document = openPage(state)?.document,
               let row = document.rows.firstIndex(where: { $0.item == item }) {
                state.pages[state.pages.count - 1].cursor.selected = row
            }
            clampPage(&state)
            return []
        case .snapshotPrepared(let prepared, let date):
            // Overtaken meanwhile (another reload, a scenario change): prepare it again here.
            let current = prepared.fits(state) ? prepared : PreparedSnapshot(prepared.snapshot, replacing: state.reloadBase)
            applySnapshot(&state, current, at: date)
            return []
        case .snapshotFailed(let problems, let date):
            state.now = date
            state.lastRejection = RejectedSnapshot(at: date, problems: problems)
            // The count and where to read them all come first: the line is cut on the right.
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            let first = problems.first.map { Text.escaped($0.description, limit: 200) } ?? ""
            // Short, so the first problem shows at 80 columns; the data on screen is the last good.
            state.banner = Banner(message: "New snapshot rejected, last good one kept (\(count), c lists them): " + first,
                                  isError: true)
            return []
        case .tick(let date):
            state.now = date
            state.changeMarks = state.changeMarks.filter { $0.value.isFresh(at: date) }
            return []
        }
    }

    // MARK: Snapshots

    static func applySnapshot(_ state: inout AppState, _ prepared: PreparedSnapshot, at date: Date) {
        let old = state.data.snapshot
        let snapshot = prepared.snapshot
        let changes = prepared.changes
        // The history keeps reloads that changed something.
        if !changes.isEmpty {
            state.changeLog.append(SnapshotChangeSet(at: date, fromAsOf: old.manifest.asOf, toAsOf: snapshot.manifest.asOf, changes: changes))
        }
        for change in changes where change.kind != .removed {
            let field = change.kind == .added ? "*" : "\(change.record.rawValue).\(change.field ?? "")"
            for key in Set([change.id] + (change.companyId.map { [$0] } ?? [])) {
                var mark = state.changeMarks[key].flatMap { $0.isFresh(at: date) ? $0 : nil }
                    ?? ChangeMark(fields: [], at: date)
                mark.fields.insert(field)
                mark.at = date
                state.changeMarks[key] = mark
            }
        }
        state.data = prepared.data
        resortHiddenColumn(&state)  // the new snapshot may lack the scenario shown (back to baseline)
        state.banner = nil
        state.lastReload = date
        state.now = date
        state.notice = changes.isEmpty ? "Reloaded: no changes" : "Reloaded: \(changes.count) change\(changes.count == 1 ? "" : "s") (c lists them)"
        for panel in PanelID.allCases { state.refreshOrder(panel) }
        clampPage(&state)
    }

    // MARK: Keys

    static func handleKey(_ state: inout AppState, _ key: Key) -> [Effect] {
        if key == .ctrl("c") { return [.quit] }
        if key == .ctrl("z") { return [.suspend] }
        if key == .ctrl("l") { return [.redraw] }
        switch state.mode {
        case .help:
            // Moving keys scroll a sheet taller than the screen; any other key closes it
            // (q too, as in htop and less: it does not quit from here), as does every key
            // when the whole sheet shows.
            let sheet = HelpSheet.layout(for: state.size, factors: state.snapshot.riskModel.factors)
            let scroll: Int? = switch KeyMap.command(for: key) {
            case .up: state.helpScroll - 1
            case .down: state.helpScroll + 1
            case .pageUp: state.helpScroll - max(1, sheet.visibleRows - 1)
            case .pageDown: state.helpScroll + max(1, sheet.visibleRows - 1)
            case .top: 0
            case .bottom: sheet.maxScroll
            default: nil
            }
            if let scroll, sheet.maxScroll > 0 {
                state.helpScroll = min(max(0, scroll), sheet.maxScroll)
                return []
            }
            state.mode = .normal
            return []
        case .search:
            return handleSearchKey(&state, key)
        case .filter(let index):
            handleFilterKey(&state, key, index: index)
            return []
        case .normal:
            guard let command = KeyMap.command(for: key) else { return [] }
            return perform(&state, command)
        }
    }

    static func perform(_ state: inout AppState, _ command: Command) -> [Effect] {
        let onPage = !state.pages.isEmpty
        switch command {
        case .quit: return [.quit]
        case .suspend: return [.suspend]
        case .redraw: return [.redraw]
        case .help:
            state.mode = .help
            state.helpScroll = 0
        case .reload: return [.reload]
        case .toggleMouse:
            state.mouseEnabled.toggle()
            state.notice = state.mouseEnabled ? "Mouse on" : "Mouse off: select and copy text with the terminal"
            return [.setMouse(state.mouseEnabled)]
        case .cycleTheme:
            if let reason = state.colorsOff {
                state.notice = "Themes need colour, which is off (\(reason))"
                break
            }
            state.themeIndex = (state.themeIndex + 1) % state.themeNames.count
            state.notice = "Theme: \(state.themeName)"
        case .cycleScenario:
            let ids = state.snapshot.scenarioIDs
            let next = ids[((ids.firstIndex(of: state.scenario) ?? 0) + 1) % ids.count]
            state.data.setScenario(next)
            resortHiddenColumn(&state)
            state.refreshOrder(.risk)
            state.refreshOrder(.companies)
            state.notice = "Risk scenario: \(state.snapshot.riskModel.scenario(named: next)?.name ?? next)"
        case .changes:
            // The changes page already in the trail is gone back to, not stacked again.
            if let open = state.pages.lastIndex(where: { $0.page == .changes }) {
                state.pages.removeSubrange((open + 1)...)
            } else {
                state.pages.append(PageState(.changes))
                // The cursor starts on the first change that Enter can follow.
                if let (_, document, frame) = openPage(state), let first = document.rows.firstIndex(where: { $0.link != nil }) {
                    setPageCursor(&state, to: first, document: document, frame: frame)
                }
            }
        case .back:
            if onPage {
                state.pages.removeLast()
            } else if !state.panel(state.focus).query.isEmpty {
                clearSearch(&state)
                returnToPagesBehindSearch(&state)
            } else if state.zoomed != nil {
                state.zoomed = nil
            }
        case .open:
            return open(&state)
        case .up: move(&state, by: -1)
        case .down: move(&state, by: 1)
        case .pageUp: page(&state, -1)
        case .pageDown: page(&state, 1)
        case .top: move(&state, by: -Int.max / 2)
        case .bottom: move(&state, by: Int.max / 2)
        case .search:
            // From a page: the pages wait behind the search; Esc brings them back, and a
            // match opened with Enter goes on top of them (Esc from it returns there).
            if !state.pages.isEmpty { state.pagesBehindSearch = state.pages }
            state.pages.removeAll()
            state.mode = .search
            var panel = state.panel(state.focus)
            panel.query = ""
            state.panels[state.focus] = panel
            state.refreshOrder(state.focus)
        case .nextMatch, .previousMatch:
            guard !onPage else { break }
            let panel = state.panel(state.focus)
            guard !panel.order.isEmpty else { break }
            let count = panel.order.count
            let delta = command == .nextMatch ? 1 : -1
            let target = (panel.cursor.selected + delta + count) % count
            move(&state, by: target - panel.cursor.selected)
        case .filter:
            if !onPage { state.mode = .filter(0) }
        case .sortNext, .sortReverse:
            guard !onPage else { break }
            var panel = state.panel(state.focus)
            let columns = state.data.columns(state.focus)
            let titles = columns.map(\.title)
            if command == .sortNext {
                // The named columns on screen (a bar or a marker sorts like its neighbour;
                // a column the panel has no room for cannot show its order); after the last
                // the cycle starts again, ascending.
                var shown = Set(titles.indices.filter { columns[$0].width > 0 })
                if case .dashboard(_, let layouts, _, _, _) = state.layout, let table = layouts[state.focus]?.table {
                    shown = Set(ColumnFitter.fit(columns, table: table).map(\.index))
                }
                let named = titles.indices.filter { !titles[$0].isEmpty && shown.contains($0) }
                guard let first = named.first else { break }
                let next = named.first { $0 > panel.sort.column } ?? first
                panel.sort = SortState(column: next, ascending: next <= panel.sort.column || defaultAscending(state.focus, next))
            } else {
                if panel.sort.column < 0 { panel.sort.column = 0 }
                panel.sort.ascending.toggle()
            }
            state.panels[state.focus] = panel
            state.refreshOrder(state.focus)
            let title = titles[panel.sort.column]
            state.notice = "Sorted by \(title.isEmpty ? "column \(panel.sort.column + 1)" : title) \(panel.sort.ascending ? "↑" : "↓")"
        case .focusNext, .focusPrevious, .zoom:
            // On a page, panel keys would throw away the trail of pages: Esc goes back first.
            guard !onPage else {
                state.notice = "Esc goes back (\(state.pages.count) page\(state.pages.count == 1 ? "" : "s")); Tab and 1-4 work on the dashboard"
                break
            }
            switch command {
            case .focusNext: focus(&state, state.focus.next)
            case .focusPrevious: focus(&state, state.focus.previous)
            case .zoom(let panel): zoom(&state, panel)
            default: break
            }
        case .focusLeft, .focusRight:
            guard !onPage else { break }
            if case .dashboard(_, _, _, _, let tabs) = state.layout, !tabs {
                // Grid: left/right columns are companies|ipos and policies|risk.
                let partner: [PanelID: PanelID] = [.companies: .ipos, .ipos: .companies, .policies: .risk, .risk: .policies]
                focus(&state, partner[state.focus]!)
            } else {
                focus(&state, command == .focusRight ? state.focus.next : state.focus.previous)
            }
        }
        return []
    }

    static func zoom(_ state: inout AppState, _ panel: PanelID) {
        // One panel at a time already (the terminal is below grid size): the number
        // picks the tab; a zoom stored now would surprise after a resize to the grid.
        guard state.size.fitsGrid else {
            focus(&state, panel)
            return
        }
        if state.zoomed == panel {
            state.zoomed = nil
        } else {
            state.zoomed = panel
            state.focus = panel
        }
        state.restoreSelection(panel)
    }

    /// A sort by a column hidden for now (the risk panel's Δ base under the baseline)
    /// goes back to rank, so no row order comes from a column the screen does not show.
    static func resortHiddenColumn(_ state: inout AppState) {
        let sort = state.panel(.risk).sort
        if sort.column >= 0, state.data.columns(.risk)[sort.column].width == 0 {
            state.panels[.risk]!.sort = SortState(column: 0, ascending: true)
        }
    }

    /// Columns of dates, which start at the newest.
    static let dateColumns: Set<String> = ["Date", "Listed", "Latest on", "As of", "EL since"]

    /// Numbers and dates sort largest (newest) first by default; text A→Z.
    static func defaultAscending(_ panel: PanelID, _ column: Int) -> Bool {
        let columns = DashboardData.columns(panel)
        // Text and ranks start at the top (A→Z, 1→n); figures and dates at the largest.
        if panel == .risk && column == 0 { return true }
        return !columns[column].alignRight && !dateColumns.contains(columns[column].title)
    }

    static func focus(_ state: inout AppState, _ panel: PanelID) {
        state.pages.removeAll()
        state.focus = panel
        if state.zoomed != nil { state.zoomed = panel }
        state.restoreSelection(panel)
    }

    static func visibleRows(_ state: AppState) -> Int {
        if let (_, _, frame) = openPage(state) { return frame.visibleRows }
        return max(1, state.layout.visibleRows(state.focus))
    }

    /// PgDn / PgUp on the open page or the focused panel (`ListCursor.page`).
    static func page(_ state: inout AppState, _ direction: Int) {
        moveCursor(&state) { $0.page(direction, count: $1, visible: $2) }
    }

    static func move(_ state: inout AppState, by delta: Int) {
        if state.currentPage != nil, let (page, document, frame) = openPage(state) {
            // Pages move by line, not by screen row (see `PageDocument.cursorTarget`).
            let target = document.cursorTarget(from: page.cursor.selected, by: delta)
            setPageCursor(&state, to: target, document: document, frame: frame)
            return
        }
        moveCursor(&state) { $0.move(by: delta, count: $1, visible: $2) }
    }

    /// Puts the open page's cursor on `row`, scrolled so that the whole line (its wrapped
    /// rows) shows when it fits.
    static func setPageCursor(_ state: inout AppState, to row: Int, document: PageDocument, frame: PageFrame) {
        var cursor = state.pages[state.pages.count - 1].cursor
        cursor.jump(to: row, count: document.rows.count, visible: frame.visibleRows)
        let last = document.itemRows(of: cursor.selected).upperBound
        if last >= cursor.top + frame.visibleRows { cursor.top = min(cursor.selected, last - frame.visibleRows + 1) }
        // As shown (`PageFrame.fit`), from the document at hand rather than laid out again.
        if let body = state.layout.pageBody { cursor = document.shown(cursor, in: body).cursor }
        state.pages[state.pages.count - 1].cursor = cursor
    }

    /// Moves the open page's cursor, else the focused panel's (whose selection follows
    /// the row's id), with the row count and how many rows show.
    private static func moveCursor(_ state: inout AppState, _ change: (inout ListCursor, Int, Int) -> Void) {
        if state.currentPage != nil {
            guard let (_, document, frame) = openPage(state) else { return }
            change(&state.pages[state.pages.count - 1].cursor, document.rows.count, frame.visibleRows)
            // On a line's start, as every page move leaves it.
            let selected = state.pages[state.pages.count - 1].cursor.selected
            setPageCursor(&state, to: document.cursorTarget(from: selected, by: 0), document: document, frame: frame)
            return
        }
        var panel = state.panel(state.focus)
        change(&panel.cursor, panel.order.count, max(1, state.layout.visibleRows(state.focus)))
        if panel.order.indices.contains(panel.cursor.selected) {
            panel.selectedID = state.data.rowID(state.focus, panel.order[panel.cursor.selected])
        }
        state.panels[state.focus] = panel
    }

    /// The open page as the screen lays it out (the renderer uses the same layout).
    /// The cursor in it is the one shown, which `clampPage` stores after every move.
    static func openPage(_ state: AppState) -> (page: PageState, document: PageDocument, frame: PageFrame)? {
        guard var page = state.currentPage, let body = state.layout.pageBody else { return nil }
        let (document, frame, cursor) = PageDocument.make(page.page, state: state, body: body, cursor: page.cursor)
        page.cursor = cursor
        return (page, document, frame)
    }

    /// Stores the open page's cursor as the screen shows it (scrolled into view, in the
    /// frame it picks): after every change to the cursor, the size or the data.
    static func clampPage(_ state: inout AppState) {
        guard let (page, _, _) = openPage(state) else { return }
        state.pages[state.pages.count - 1].cursor = page.cursor
    }

    /// Enter: a firm or event from a panel, or the link on a page line (a source's URL
    /// is copied: the effect says so).
    static func open(_ state: inout AppState) -> [Effect] {
        if state.currentPage != nil {
            guard let (page, document, _) = openPage(state) else { return [] }
            guard document.rows.indices.contains(page.cursor.selected), let link = document.rows[page.cursor.selected].link else {
                state.notice = "Nothing to follow here (links are underlined)"
                return []
            }
            guard let target = link.page else {
                guard case .url(let url) = link else { return [] }
                // Terminals drop large OSC 52 payloads silently; no real address is this long.
                guard url.utf8.count <= Self.clipboardLimit else {
                    state.notice = "This address is too long to copy (\(url.utf8.count) bytes)"
                    return []
                }
                state.notice = "Copied (if the terminal allows OSC 52): " + url
                return [.copyToClipboard(url)]
            }
            state.pages.append(PageState(target))
            // From the list of changes, the page opens on the first changed line.
            if page.page == .changes, let (_, opened, frame) = openPage(state),
               let row = opened.rows.firstIndex(where: { $0.tone == .changed }) {
                setPageCursor(&state, to: row, document: opened, frame: frame)
            }
            return []
        }
        guard let row = state.selectedRow(state.focus) else { return [] }
        // A row found by a search started on a page goes on top of that page.
        state.pages = state.pagesBehindSearch ?? []
        state.pagesBehindSearch = nil
        switch state.focus {
        case .companies, .risk: state.pages.append(PageState(.firm(row.rowID)))
        case .ipos: if let ipo = row as? IPORow { state.pages.append(PageState(.firm(ipo.companyId))) }
        case .policies: state.pages.append(PageState(.event(row.rowID)))
        }
        return []
    }

    /// Back to the pages a search started from (none when it started on the dashboard).
    static func returnToPagesBehindSearch(_ state: inout AppState) {
        state.pages = state.pagesBehindSearch ?? state.pages
        state.pagesBehindSearch = nil
    }

    // MARK: Search and filter

    static func handleSearchKey(_ state: inout AppState, _ key: Key) -> [Effect] {
        var panel = state.panel(state.focus)
        switch key {
        case .escape:
            state.mode = .normal
            clearSearch(&state)
            returnToPagesBehindSearch(&state)
        case .enter:
            // One match opens; several stay listed (the pages behind wait until a row is
            // opened or the search is cleared).
            state.mode = .normal
            if panel.order.count == 1 {
                return open(&state)
            } else if panel.query.isEmpty {
                clearSearch(&state)
                returnToPagesBehindSearch(&state)
            }
        case .backspace, .delete:
            if panel.query.isEmpty {
                state.mode = .normal
                returnToPagesBehindSearch(&state)
                return []
            }
            panel.query.removeLast()
            state.panels[state.focus] = panel
            state.refreshOrder(state.focus)
        case .ctrl("u"):
            panel.query = ""
            state.panels[state.focus] = panel
            state.refreshOrder(state.focus)
        case .char(let c):
            panel.query.append(c)
            state.panels[state.focus] = panel
            // Growing the query can only remove rows: scan the current matches only.
            state.refreshOrder(state.focus, narrowing: true)
        case .up: move(&state, by: -1)
        case .down: move(&state, by: 1)
        case .pageUp: page(&state, -1)
        case .pageDown: page(&state, 1)
        default: break
        }
        return []
    }

    static func clearSearch(_ state: inout AppState) {
        var panel = state.panel(state.focus)
        guard !panel.query.isEmpty else { return }
        panel.query = ""
        state.panels[state.focus] = panel
        state.refreshOrder(state.focus)
    }

    static func handleFilterKey(_ state: inout AppState, _ key: Key, index: Int) {
        let dimensions = state.data.filterDimensions[state.focus] ?? []
        guard !dimensions.isEmpty else { state.mode = .normal; return }
        switch key {
        case .escape, .enter, .char("f"), .char("q"):
            state.mode = .normal
        case .up, .char("k"):
            state.mode = .filter((index + dimensions.count - 1) % dimensions.count)
        case .down, .char("j"), .tab:
            state.mode = .filter((index + 1) % dimensions.count)
        case .right, .left, .char(" "), .char("l"), .char("h"):
            let dimension = dimensions[min(index, dimensions.count - 1)]
            var panel = state.panel(state.focus)
            let current = panel.filters[dimension.name] ?? FilterDimension.all
            let position = dimension.values.firstIndex(of: current) ?? 0
            let step = (key == .left || key == .char("h")) ? dimension.values.count - 1 : 1
            let next = dimension.values[(position + step) % dimension.values.count]
            panel.filters[dimension.name] = next == FilterDimension.all ? nil : next
            state.panels[state.focus] = panel
            state.refreshOrder(state.focus)
        case .backspace, .char("0"):
            var panel = state.panel(state.focus)
            panel.filters = [:]
            state.panels[state.focus] = panel
            state.refreshOrder(state.focus)
        default: break
        }
    }

    // MARK: Mouse

    static func handleMouse(_ state: inout AppState, _ event: MouseEvent) -> [Effect] {
        guard state.mouseEnabled else { return [] }
        if state.mode != .normal { state.mode = .normal; return [] }
        switch state.layout {
        case .tooSmall: return []
        case .page:
            guard let (page, document, frame) = openPage(state) else { return [] }
            switch event.kind {
            case .wheelUp: move(&state, by: -3)
            case .wheelDown: move(&state, by: 3)
            case .press:
                guard event.y >= frame.rows.y, event.y < frame.rows.maxY else { return [] }
                let index = page.cursor.top + (event.y - frame.rows.y)
                guard document.rows.indices.contains(index) else { return [] }
                let wasSelected = document.itemRows(of: index).contains(page.cursor.selected)
                setPageCursor(&state, to: document.cursorTarget(from: index, by: 0), document: document, frame: frame)
                if wasSelected { return open(&state) }
            }
        case .dashboard(let header, let panels, _, _, let tabs):
            if tabs && event.kind == .press && event.y == header.y {
                // Tab bar: "1 Companies  2 IPO …" — find the tab under the pointer.
                var x = TabBar.start
                for panel in PanelID.allCases {
                    let width = TabBar.label(panel).count + 2
                    if event.x >= x && event.x < x + width { focus(&state, panel); return [] }
                    x += width + 1
                }
                return []
            }
            guard let (panelID, layout) = panels.first(where: { $0.value.frame.contains(x: event.x, y: event.y) }) else { return [] }
            if panelID != state.focus { state.focus = panelID }
            switch event.kind {
            case .wheelUp: move(&state, by: -3)
            case .wheelDown: move(&state, by: 3)
            case .press:
                if event.y == layout.table.y {
                    sortByHeader(&state, panelID, layout: layout, x: event.x)
                    return []
                }
                let rowIndex = state.panel(panelID).cursor.top + (event.y - layout.table.y - 1)
                guard layout.table.contains(x: event.x, y: event.y), state.panel(panelID).order.indices.contains(rowIndex) else { return [] }
                let wasSelected = rowIndex == state.panel(panelID).cursor.selected
                move(&state, by: rowIndex - state.panel(panelID).cursor.selected)
                if wasSelected { return open(&state) }
            }
        }
        return []
    }

    static func sortByHeader(_ state: inout AppState, _ panel: PanelID, layout: PanelLayout, x: Int) {
        let columns = state.data.columns(panel)
        // The columns as the table widget draws them (the scroll bar's column included).
        let fitted = ColumnFitter.fit(columns, table: layout.table)
        guard let hit = fitted.first(where: { x >= layout.table.x + $0.x && x < layout.table.x + $0.x + $0.width }) else { return }
        var panelState = state.panel(panel)
        if panelState.sort.column == hit.index {
            panelState.sort.ascending.toggle()
        } else {
            panelState.sort = SortState(column: hit.index, ascending: defaultAscending(panel, hit.index))
        }
        state.panels[panel] = panelState
        state.refreshOrder(panel)
    }
}

/// The tab bar's geometry, shared by the renderer and mouse hit-testing.
public enum TabBar {
    public static let start = 9
    public static func label(_ panel: PanelID) -> String { "\(panel.number) \(panel.shortTitle)" }
}
