import SinoAIDomain
import SinoAIText

/// One screen row of a page: a heading or a wrapped piece of a line.
public struct PageRow: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case heading, line, blank }
    public var kind: Kind
    public var label: String
    public var text: String
    public var tone: Tone
    public var doubtful: Bool
    public var link: PageLink?
    /// Which item of the page this row belongs to (a heading, a blank or a whole line
    /// before wrapping): the same at every width, so the cursor survives a resize.
    public var item: Int = 0
}

/// A page laid out for a width: title, optional price chart and wrapped rows.
public struct PageDocument: Sendable, Equatable {
    public var title: String
    public var rows: [PageRow]
    /// The IPO whose prices the page charts (firm pages).
    public var chartIPOId: String?
    public var labelWidth: Int

    /// The rows of the item that row `index` belongs to (a line and its wrapped rows).
    public func itemRows(of index: Int) -> ClosedRange<Int> {
        guard rows.indices.contains(index) else { return index...index }
        let item = rows[index].item
        var first = index, last = index
        while first > 0, rows[first - 1].item == item { first -= 1 }
        while last < rows.count - 1, rows[last + 1].item == item { last += 1 }
        return first...last
    }

    /// The rows j/k visit, in order: the first row of every heading and line.
    public var lineStarts: [Int] {
        rows.indices.filter { rows[$0].kind != .blank && ($0 == 0 || rows[$0 - 1].item != rows[$0].item) }
    }

    /// Where the cursor goes for a move of `delta` rows from `index`: ±1 steps to the
    /// next or previous line (past its wrapped rows and the blank rows between sections);
    /// a longer move lands on the start of the line it reaches.
    public func cursorTarget(from index: Int, by delta: Int) -> Int {
        guard !rows.isEmpty else { return 0 }
        func landable(_ i: Int) -> Bool { rows[i].kind != .blank }
        let here = itemRows(of: min(max(0, index), rows.count - 1))
        if abs(delta) == 1 {
            var i = delta > 0 ? here.upperBound + 1 : here.lowerBound - 1
            while rows.indices.contains(i), !landable(i) { i += delta }
            guard rows.indices.contains(i) else { return here.lowerBound }
            return itemRows(of: i).lowerBound
        }
        var i = min(max(0, index + delta), rows.count - 1)
        i = itemRows(of: i).lowerBound
        // A blank row: the line after it, or before it at the very end.
        if !landable(i) {
            if let after = rows.indices[i...].first(where: landable) { i = after }
            else if let before = rows.indices[..<i].last(where: landable) { i = itemRows(of: before).lowerBound }
        }
        return i
    }

    public static func make(_ page: Page, state: AppState, width: Int) -> PageDocument {
        let snapshot = state.snapshot
        let title: String
        let sections: [PageSection]
        var chart: String?
        switch page {
        case .firm(let id):
            guard let company = snapshot.company(id) else {
                return missing("Firm \(id) is not in the current snapshot (removed by a reload?). Esc goes back.", width: width)
            }
            let firm = FirmPage(company: company, snapshot: snapshot, scenario: state.scenario, changes: state.recentChanges(of:))
            title = firm.title
            sections = firm.sections
            chart = firm.chartIPOId
        case .event(let id):
            guard let event = snapshot.event(id) else {
                return missing("Event \(id) is not in the current snapshot. Esc goes back.", width: width)
            }
            let eventPage = EventPage(event: event, snapshot: snapshot)
            title = eventPage.title
            sections = eventPage.sections
        case .changes:
            title = "Changes this session"
            sections = ChangesPage.sections(state.changeLog, rejected: state.lastRejection, lastReload: state.lastReload)
        }
        return layout(title: title, sections: sections, chart: chart, width: width)
    }

    /// The page laid out in `body` (its whole area, border included): the document
    /// wrapped to the width inside the border, where its parts go, and `cursor` as shown
    /// in that frame (`PageFrame.fit`).
    public static func make(_ page: Page, state: AppState, body: Rect, cursor: ListCursor = ListCursor())
        -> (document: PageDocument, frame: PageFrame, cursor: ListCursor) {
        let document = make(page, state: state, width: PageFrame.interior(of: body).width)
        let (frame, shown) = document.shown(cursor, in: body)
        return (document, frame, shown)
    }

    /// The frame this page is shown in within `body`, and `cursor` as shown in it.
    public func shown(_ cursor: ListCursor, in body: Rect) -> (frame: PageFrame, cursor: ListCursor) {
        PageFrame.fit(cursor, rowCount: rows.count, body: body, hasChart: chartIPOId != nil)
    }

    static func missing(_ message: String, width: Int) -> PageDocument {
        layout(title: "Not found", sections: [PageSection("", [PageLine("", message, tone: .warning)])], chart: nil, width: width)
    }

    static func layout(title: String, sections: [PageSection], chart: String?, width: Int) -> PageDocument {
        // The label column fits the widest label, up to a quarter of the width (32 at
        // most); a longer label wraps within its column instead of being cut.
        let widest = sections.flatMap(\.lines).map { DisplayWidth.of($0.label) }.max() ?? 0
        let labelWidth = min(max(8, widest), max(12, min(32, width / 4)))
        // Margin, label, gap, text, and two columns kept free on the right for the
        // markers drawn after it (" ?" doubt, " ↵" link), so they never cover its end.
        let textWidth = max(8, width - labelWidth - 4)
        var rows: [PageRow] = []
        var item = 0
        for (i, section) in sections.enumerated() {
            if i > 0 {
                rows.append(PageRow(kind: .blank, label: "", text: "", tone: .normal, doubtful: false, link: nil, item: item))
                item += 1
            }
            if !section.title.isEmpty {
                rows.append(PageRow(kind: .heading, label: "", text: section.title, tone: .accent, doubtful: false, link: nil, item: item))
                item += 1
            }
            for line in section.lines {
                let wrapped = DisplayWidth.wrap(line.value, width: textWidth)
                let labels = DisplayWidth.of(line.label) > labelWidth ? DisplayWidth.wrap(line.label, width: labelWidth) : [line.label]
                let count = max(wrapped.count, labels.count, 1)
                for j in 0..<count {
                    rows.append(PageRow(kind: .line, label: j < labels.count ? labels[j] : "", text: j < wrapped.count ? wrapped[j] : "",
                                        tone: line.tone, doubtful: j == wrapped.count - 1 && line.doubtful, link: line.link, item: item))
                }
                item += 1
            }
        }
        return PageDocument(title: title, rows: rows, chartIPOId: chart, labelWidth: labelWidth)
    }
}
