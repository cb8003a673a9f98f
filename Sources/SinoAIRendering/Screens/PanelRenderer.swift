import SinoAIDomain
import SinoAIText
import SinoAIViewModel

/// Draws one dashboard panel: its box, table and the area below the table.
struct PanelRenderer {
    var state: AppState
    var panel: PanelID
    var layout: PanelLayout
    var borders: BorderSet
    var ascii: Bool

    var panelState: PanelState { state.panel(panel) }
    var focused: Bool { state.focus == panel }

    func render(into buffer: inout Buffer) {
        Box(title: "\(panel.number) \(panel.title)", rightTitle: rightTitle, focused: focused, borders: borders)
            .render(layout.frame, into: &buffer)
        let data = state.data
        let context = CellContext(scenario: state.scenario, asOf: state.snapshot.manifest.asOf)
        let order = panelState.order
        let marks = state.changeMarks
        let panel = self.panel
        // The timeline sorted by date reads as groups by year: the year shows once per group,
        // and on the first row on screen; a date that is only a year or a month always shows
        // it ("    -01" would read as a day).
        let groupByYear = panel == .policies && panelState.sort.column == 0
        let firstOnScreen = panelState.cursor.top
        let table = TableWidget(
            columns: data.columns(panel), rowCount: order.count,
            row: { index in
                let row = data.row(panel, order[index])
                var changed: Set<Int> = []
                if let mark = marks[row.rowID] { changed = data.changedColumns(panel, mark.fields) }
                var cells = row.cells(context: context)
                if groupByYear, index > firstOnScreen, let event = row as? PolicyRow, event.date.precision == .day,
                   let previous = data.row(panel, order[index - 1]) as? PolicyRow, previous.date.year == event.date.year {
                    cells[0].text = "    " + String(event.date.description.dropFirst(4))
                }
                return (changed, cells)
            },
            cursor: panelState.cursor, sort: panelState.sort.column >= 0 ? panelState.sort : nil, focused: focused,
            query: panelState.foldedQuery,
            emptyMessage: emptyMessage, ascii: ascii)
        table.render(layout.table, into: &buffer)
        if let extra = layout.extra { renderExtra(extra, into: &buffer) }
    }

    /// Why the table is empty, and the way out that applies.
    var emptyMessage: String {
        switch (panelState.query.isEmpty, panelState.filters.isEmpty) {
        case (true, true): "No data"
        case (false, true): "No matches — Esc clears the search"
        case (true, false): "No matches — f opens the filters (0 there resets them)"
        case (false, false): "No matches — Esc clears the search, f changes the filters"
        }
    }

    var rightTitle: String {
        let total = state.data.rowCount(panel)
        var parts: [String] = []
        parts.append(panelState.isFiltered ? "\(panelState.order.count)/\(total)" : "\(total)")
        if !panelState.query.isEmpty { parts.append("/" + panelState.query) }
        for (name, value) in panelState.filters.sorted(by: { $0.key < $1.key }) { parts.append("\(name)=\(value)") }
        if panel == .risk {
            parts.append("scenario: " + (state.snapshot.riskModel.scenario(named: state.scenario)?.name ?? state.scenario) + " (x)")
        }
        return parts.joined(separator: " · ")
    }

    func renderExtra(_ area: Rect, into buffer: inout Buffer) {
        let rule = String(repeating: ascii ? "-" : "─", count: area.width)
        buffer.put(rule, x: area.x, y: area.y, style: Style(fg: .border))
        let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        switch panel {
        case .companies:
            break
        case .ipos:
            guard let row = state.selectedRow(.ipos) as? IPORow, let ipo = state.snapshot.ipo(row.id) else {
                buffer.put(" No listing selected", x: body.x, y: body.y, style: Style(fg: .dim))
                return
            }
            let series = PriceSeries(ipo: ipo, companyName: row.companyName)
            let offerText = row.offer.map { " · offer " + ipo.currency.symbolPrefix + Format.decimal($0, places: 2) } ?? ""
            buffer.put(" " + series.title + offerText, x: body.x, y: body.y, maxWidth: body.width, style: Style(fg: .accent, attributes: [.bold]))
            LineChart(series: series, ascii: ascii).render(Rect(x: body.x, y: body.y + 1, width: body.width, height: body.height - 1), into: &buffer)
        case .policies:
            guard let row = state.selectedRow(.policies) as? PolicyRow, let event = state.snapshot.event(row.id) else { return }
            // Without named firms, the segments it is aimed at say whom it touches.
            let segments = event.segments.map(\.label).joined(separator: ", ")
            let affects = !row.companyNames.isEmpty ? row.companyNames.joined(separator: ", ")
                : segments.isEmpty ? "no firm or segment named" : "segments " + segments + " (no firm named)"
            let amount = event.amount.map { " · " + Format.money($0.value) } ?? ""
            buffer.putElided(" Affects: " + affects + amount, x: body.x, y: body.y, maxWidth: body.width,
                       style: Style(fg: row.jurisdiction == .cn ? .cn : .us, attributes: [.bold]))
            Paragraph(event.summary, style: Style(fg: .dim)).render(
                Rect(x: body.x + 1, y: body.y + 1, width: body.width - 2, height: body.height - 1), into: &buffer)
        case .risk:
            buffer.put(" US controls (newest first)", x: body.x, y: body.y, maxWidth: body.width, style: Style(fg: .us, attributes: [.bold]))
            for (i, control) in state.data.usControls.prefix(max(0, body.height - 1)).enumerated() {
                let y = body.y + 1 + i
                let used = buffer.put(" " + DisplayWidth.pad(control.date.description, to: 10) + " ", x: body.x, y: y, style: Style(fg: .dim))
                buffer.putElided((ascii ? "^ " : "▲ ") + control.title, x: body.x + used, y: y, maxWidth: body.width - used, style: Style(fg: .us))
            }
        }
    }
}
