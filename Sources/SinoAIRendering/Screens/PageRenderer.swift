import SinoAIDomain
import SinoAIText
import SinoAIViewModel

/// Draws a detail page: title, the price chart (firm pages), and its rows.
struct PageRenderer {
    var state: AppState
    var page: PageState
    var borders: BorderSet
    var ascii: Bool

    func render(_ body: Rect, into buffer: inout Buffer) {
        let (document, frame, cursor) = PageDocument.make(page.page, state: state, body: body, cursor: page.cursor)
        let inner = Box(title: title, focused: true, borders: borders).render(body, into: &buffer)
        guard !inner.isEmpty else { return }
        buffer.put(" " + document.title, x: frame.title.x, y: frame.title.y, maxWidth: frame.title.width, style: Style(fg: .title, attributes: [.bold]))
        if let chartArea = frame.chart, let id = document.chartIPOId, let ipo = state.snapshot.ipo(id) {
            let series = PriceSeries(ipo: ipo, companyName: state.snapshot.company(ipo.companyId)?.name ?? ipo.companyId)
            buffer.put(" Price vs offer — " + series.title, x: chartArea.x, y: chartArea.y, maxWidth: chartArea.width, style: Style(fg: .accent))
            LineChart(series: series, ascii: ascii).render(
                Rect(x: chartArea.x + 1, y: chartArea.y + 1, width: chartArea.width - 2, height: chartArea.height - 1), into: &buffer)
        }
        let rowsArea = frame.rows
        for line in 0..<min(rowsArea.height, max(0, document.rows.count - cursor.top)) {
            let index = cursor.top + line
            let row = document.rows[index]
            let y = rowsArea.y + line
            // The whole line under the cursor is highlighted, its wrapped rows too.
            let selected = document.rows.indices.contains(cursor.selected) && row.item == document.rows[cursor.selected].item
            var base = Style()
            if selected {
                base = Style(fg: .selectionText, bg: .selection)
                buffer.fill(Rect(x: rowsArea.x, y: y, width: rowsArea.width, height: 1), style: base)
            }
            switch row.kind {
            case .blank: continue
            case .heading:
                buffer.put(" " + row.text, x: rowsArea.x, y: y, maxWidth: rowsArea.width,
                           style: selected ? base.adding(.bold) : Style(fg: .accent, attributes: [.bold, .underline]))
            case .line:
                let labelStyle = selected ? base : Style(fg: .dim)
                buffer.putFitted(row.label, x: rowsArea.x + 1, y: y, width: document.labelWidth, style: labelStyle)
                let x = rowsArea.x + 2 + document.labelWidth
                var style = selected ? base : Style(fg: role(for: row.tone))
                if row.link != nil { style = style.adding(.underline) }
                // A figure a reload just changed stands out as in the panels (without colour too).
                if row.tone == .changed { style = style.adding([.bold, .underline]) }
                let used = buffer.put(row.text, x: x, y: y, maxWidth: rowsArea.maxX - x, style: style)
                if row.doubtful { buffer.put(" ?", x: x + used, y: y, maxWidth: max(0, rowsArea.maxX - x - used), style: Style(fg: .dim, bg: base.bg)) }
                if row.link != nil && index == cursor.selected {
                    buffer.put(ascii ? " >" : " ↵", x: rowsArea.maxX - 2, y: y, style: base.adding(.bold))
                }
            }
        }
    }

    var title: String {
        switch page.page {
        case .firm: "Firm"
        case .event: "Policy event"
        case .changes: "Changes"
        }
    }
}
