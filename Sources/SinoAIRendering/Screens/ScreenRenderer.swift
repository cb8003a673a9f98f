import Foundation
import SinoAIDomain
import SinoAIText
import SinoAIViewModel

/// Options that depend on the terminal rather than the state.
public struct RenderOptions: Sendable {
    /// The terminal cannot show UTF-8: ASCII borders, bars and charts, same-width ASCII
    /// stand-ins for symbols and `.` for other glyphs (never `?`, the doubt marker).
    public var ascii: Bool

    public init(ascii: Bool = false) {
        self.ascii = ascii
    }
}

/// Draws a whole frame for a state. Pure: the same state gives the same buffer.
public enum ScreenRenderer {
    public static func render(_ state: AppState, options: RenderOptions = RenderOptions()) -> Buffer {
        var buffer = Buffer(width: state.size.width, height: state.size.height)
        buffer.asciiOnly = options.ascii
        let borders: BorderSet = options.ascii ? .ascii : .unicode
        switch state.layout {
        case .tooSmall:
            renderTooSmall(state.size, into: &buffer)
            return buffer
        case .dashboard(let header, let panels, let banner, let status, let tabs):
            renderHeader(state, header, tabs: tabs, into: &buffer)
            for (panel, layout) in panels.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                PanelRenderer(state: state, panel: panel, layout: layout, borders: borders, ascii: options.ascii).render(into: &buffer)
            }
            if let banner { renderBanner(state, banner, into: &buffer) }
            renderStatus(state, status, into: &buffer)
        case .page(let header, let body, let banner, let status):
            renderHeader(state, header, tabs: false, into: &buffer)
            if let page = state.currentPage {
                PageRenderer(state: state, page: page, borders: borders, ascii: options.ascii).render(body, into: &buffer)
            }
            if let banner { renderBanner(state, banner, into: &buffer) }
            renderStatus(state, status, into: &buffer)
        }
        renderOverlays(state, borders: borders, ascii: options.ascii, into: &buffer)
        return buffer
    }

    static func renderTooSmall(_ size: TerminalSize, into buffer: inout Buffer) {
        let need = TerminalSize.minimum
        let lines = ["Terminal too small", "\(size.width)×\(size.height); need at least \(need.width)×\(need.height)", "(q quits)"]
        let top = max(0, (size.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < size.height {
            let width = DisplayWidth.of(line)
            buffer.put(line, x: max(0, (size.width - width) / 2), y: top + i, style: Style(fg: i == 0 ? .warning : .text, attributes: i == 0 ? [.bold] : []))
        }
    }

    static func renderHeader(_ state: AppState, _ area: Rect, tabs: Bool, into buffer: inout Buffer) {
        let style = Style(fg: .statusText, bg: .statusBar)
        buffer.fill(area, style: style)
        var x = area.x + buffer.put(" SinoAI ", x: area.x, y: area.y, style: style.adding(.bold).with(fg: .accent))
        var showScenario = true
        if tabs && state.pages.isEmpty {
            x = TabBar.start
            for panel in PanelID.allCases {
                let label = " " + TabBar.label(panel) + " "
                let active = panel == state.focus
                x += buffer.put(label, x: x, y: area.y, style: active ? Style(fg: .selectionText, bg: .selection, attributes: [.bold]) : style)
                x += 1
            }
        } else {
            var crumbs = ["Dashboard"]
            for page in state.pages {
                switch page.page {
                case .firm(let id): crumbs.append(state.snapshot.company(id)?.name ?? id)
                case .event(let id): crumbs.append(state.snapshot.event(id).map { DisplayWidth.truncate($0.title, to: 30).text } ?? id)
                case .changes: crumbs.append("Changes")
                }
            }
            // The page being looked at matters more than the scenario label: on a narrow
            // screen the label gives way, then the trail is cut with "…".
            var room = max(0, area.maxX - x - 1 - DisplayWidth.of(scenarioLabel(state)) - 1)
            if DisplayWidth.of(Self.breadcrumb(crumbs, width: room)) > room {
                room = max(0, area.maxX - x - 1)
                showScenario = false
            }
            x += buffer.putElided(Self.breadcrumb(crumbs, width: room), x: x + 1, y: area.y, maxWidth: room, style: style) + 1
        }
        let right = scenarioLabel(state)
        if showScenario, area.maxX - DisplayWidth.of(right) > x + 1 {
            buffer.put(right, x: area.maxX - DisplayWidth.of(right), y: area.y, style: style)
        }
    }

    static func scenarioLabel(_ state: AppState) -> String {
        "risk scenario: \(state.snapshot.riskModel.scenario(named: state.scenario)?.name ?? state.scenario) "
    }

    /// "Dashboard › … › Firm › Page": when the trail is too wide, the crumbs after the
    /// first go, oldest first, so the page being looked at stays named.
    static func breadcrumb(_ crumbs: [String], width: Int) -> String {
        var kept = crumbs
        var elided = false
        while kept.count > 2, DisplayWidth.of((elided ? [kept[0], "…"] + kept.dropFirst() : kept).joined(separator: " › ")) > width {
            kept.remove(at: 1)
            elided = true
        }
        return (elided ? [kept[0], "…"] + kept.dropFirst() : kept).joined(separator: " › ")
    }

    static func renderBanner(_ state: AppState, _ area: Rect, into buffer: inout Buffer) {
        guard let banner = state.banner else { return }
        let style = Style(fg: banner.isError ? .negative : .warning, bg: .banner, attributes: [.bold])
        buffer.fill(area, style: style)
        buffer.putElided((banner.isError ? " ! " : " ") + banner.message, x: area.x, y: area.y, maxWidth: area.width, style: style)
    }

    /// One key hint of the status bar; when room runs out the lowest `rank` goes first.
    struct Hint {
        var text: String
        var rank: Int
        init(_ text: String, _ rank: Int) { self.text = text; self.rank = rank }
    }

    static func renderStatus(_ state: AppState, _ area: Rect, into buffer: inout Buffer) {
        let style = Style(fg: .statusText, bg: .statusBar)
        buffer.fill(area, style: style)
        let panel = state.panel(state.focus)
        // The right side: what the data is (staleness, as-of, last reload) always; where it
        // comes from (panel, folder) only while the hints on the left keep their room.
        let age = state.snapshotAgeDays
        let stale = age > state.staleAfterDays
        var essentials = ["as of \(state.snapshot.manifest.asOf)"]
        if stale { essentials.insert("STALE \(age) days", at: 0) }
        if let reload = state.lastReload { essentials.append("reloaded \(Format.moment(reload, now: state.now))") }
        let essentialWidth = DisplayWidth.of(essentials.joined(separator: " · ")) + 1
        // What the data is keeps its room (the hints give way first), up to all but 10 columns.
        let room = area.width - min(essentialWidth, max(0, area.width - 10)) - 1
        let left = statusHints(state, panel: panel, room: room)
        var right = essentials.joined(separator: " · ")
        let leftWidth = DisplayWidth.of(left)
        for extra in [state.focus.title, state.dataPath] {
            let candidate = right + " · " + extra
            guard leftWidth + DisplayWidth.of(candidate) + 2 <= area.width else { break }
            right = candidate
        }
        right += " "
        let (rightText, rightWidth) = DisplayWidth.truncate(right, to: max(0, area.width - 10))
        buffer.put(rightText, x: area.maxX - rightWidth, y: area.y, style: stale ? style.with(fg: .warning).adding(.bold) : style)
        let space = area.width - rightWidth - 1
        if space > 0 { buffer.put(DisplayWidth.truncate(left, to: space).text, x: area.x, y: area.y, maxWidth: space, style: style) }
    }

    /// The left of the status bar in `room` columns: key hints dropped whole, least
    /// needed first, so "? help" and "q quit" stay; a long search query shows its end,
    /// where the caret is.
    static func statusHints(_ state: AppState, panel: PanelState, room: Int) -> String {
        let hints: [Hint]
        switch state.mode {
        case .search:
            let matches = "\(panel.order.count) match\(panel.order.count == 1 ? "" : "es")"
            let rest = [Hint(matches, 3), Hint("Enter open/keep", 1), Hint("Esc clear", 2)]
            // The query keeps ~10 columns: the hints after it go first.
            let kept = room >= 24 ? fit(rest, room: room - 14) : ""
            let tail = kept.isEmpty ? "" : " " + kept
            let queryRoom = max(1, room - DisplayWidth.of(tail) - 3)
            var query = panel.query
            if DisplayWidth.of(query) > queryRoom {
                // Keep the end, where typing happens.
                let glyphs = DisplayWidth.glyphs(query)
                var width = 1
                var start = glyphs.count
                while start > 0, width + glyphs[start - 1].width <= queryRoom { start -= 1; width += glyphs[start].width }
                query = "…" + glyphs[start...].map(\.text).joined()
            }
            return " /" + query + "▏" + tail
        case .filter:
            hints = [Hint("Filter: ↑↓ choose", 5), Hint("←→ Space change", 4), Hint("0 reset", 2), Hint("Enter/Esc close", 3)]
        case .help:
            return HelpSheet.layout(for: state.size, factors: state.snapshot.riskModel.factors).maxScroll > 0
                ? " ↑↓ PgUp PgDn scroll help · any other key closes it" : " Any key closes help"
        case .normal:
            // A notice shares the bar: "? help" stays beside it while there is room.
            if let notice = state.notice { hints = [Hint(notice, 9), Hint("? help", 7), Hint("q quit", 6)]; break }
            if !state.pages.isEmpty {
                hints = [Hint("↑↓ move", 2), Hint("Enter follow link", 3), Hint("Esc back", 5), Hint("/ search", 1),
                         Hint("? help", 7), Hint("q quit", 6)]
            } else if !panel.query.isEmpty {
                hints = [Hint("search \"\(panel.query)\": \(panel.order.count)", 5), Hint("n/N next/prev", 2), Hint("Esc clear", 4),
                         Hint("? help", 7)]
            } else {
                hints = [Hint("Tab panel", 4), Hint("1-4 zoom", 2), Hint("/ search", 5), Hint("f filter", 1), Hint("s sort", 3),
                         Hint("x scenario", 0), Hint("? help", 7), Hint("q quit", 6)]
            }
        }
        return " " + fit(hints, room: room - 1)
    }

    /// The hints joined with " · ", the lowest ranks dropped until they fit `room`
    /// (the highest rank is kept even when it does not: it is cut instead).
    static func fit(_ hints: [Hint], room: Int) -> String {
        var kept = hints
        func text() -> String { kept.map(\.text).joined(separator: " · ") }
        while kept.count > 1, DisplayWidth.of(text()) > room, let lowest = kept.indices.min(by: { kept[$0].rank < kept[$1].rank }) {
            kept.remove(at: lowest)
        }
        return text()
    }

    static func renderOverlays(_ state: AppState, borders: BorderSet, ascii: Bool, into buffer: inout Buffer) {
        let screen = buffer.area
        switch state.mode {
        case .help:
            renderHelp(state, borders: borders, ascii: ascii, in: screen, into: &buffer)
        case .filter(let index):
            let dimensions = state.data.filterDimensions[state.focus] ?? []
            let panel = state.panel(state.focus)
            let lines: [(String, Style)] = dimensions.enumerated().map { i, dimension in
                let value = panel.filters[dimension.name] ?? FilterDimension.all
                let text = (i == index ? "▸ " : "  ") + DisplayWidth.pad(dimension.name, to: 14) + "◂ " + value + " ▸"
                return (text, i == index ? Style(fg: .selectionText, bg: .selection, attributes: [.bold]) : .normal)
            } + [("", .normal), ("\(panel.order.count) of \(state.data.rowCount(state.focus)) rows", Style(fg: .dim))]
            Overlay(title: "Filter \(state.focus.title)", lines: lines, borders: borders).render(in: screen, into: &buffer)
        default:
            break
        }
    }

    /// The key sheet in columns, scrolled to `state.helpScroll`, with a scroll position.
    static func renderHelp(_ state: AppState, borders: BorderSet, ascii: Bool, in screen: Rect, into buffer: inout Buffer) {
        let sheet = HelpSheet.layout(for: state.size, factors: state.snapshot.riskModel.factors)
        var width = min(screen.width - 2, sheet.boxWidth)
        let height = min(screen.height - 2, sheet.boxHeight)
        // Nearly as wide as the screen: as wide as it, so no sliver of the panel border
        // behind shows beside the sheet's own (a doubled corner).
        if screen.width - width <= 3 { width = screen.width }
        guard width >= 6, height >= 3 else { return }
        let area = screen.centered(width: width, height: height)
        let scroll = min(state.helpScroll, sheet.maxScroll)
        let title = sheet.maxScroll > 0 ? "Keys \(scroll + sheet.visibleRows)/\(sheet.rows)" : "Keys"
        let inner = Box(title: title, focused: true, borders: borders).render(area, into: &buffer)
        for (c, column) in sheet.columns.enumerated() {
            let x = inner.x + 1 + c * (sheet.columnWidth + HelpSheet.Layout.gap)
            for row in 0..<inner.height where scroll + row < column.count {
                let line = column[scroll + row]
                let style: Style = switch line.kind {
                case .heading: Style(fg: .accent, attributes: [.bold])
                case .note: Style(fg: .dim)
                case .binding, .blank: .normal
                }
                buffer.put(line.text, x: x, y: inner.y + row, maxWidth: max(0, min(sheet.columnWidth, inner.maxX - 1 - x)), style: style)
            }
        }
        if scroll > 0 { buffer.put(ascii ? "^" : "▲", x: inner.maxX - 1, y: inner.y, style: Style(fg: .dim)) }
        if scroll < sheet.maxScroll { buffer.put(ascii ? "v" : "▼", x: inner.maxX - 1, y: inner.maxY - 1, style: Style(fg: .dim)) }
    }
}
