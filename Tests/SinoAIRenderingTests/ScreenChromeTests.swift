import SinoAIDomain
@testable import SinoAIRendering
import SinoAIText
import SinoAIViewModel
import XCTest

/// The header, status bar and empty tables keep what matters when room runs out.
final class ScreenChromeTests: XCTestCase {
    /// A sorted column's header keeps its arrow and every letter: the arrow goes on the side
    /// away from the alignment, a full title puts it in the gap beside it, and only a column
    /// with no gap loses a letter to it.
    func testSortArrowFitsInANarrowHeader() {
        func header(_ columns: [TableColumn], sortedBy column: Int) -> String {
            let table = TableWidget(columns: columns, rowCount: 0, row: { _ in ([], []) }, cursor: ListCursor(),
                                    sort: SortState(column: column, ascending: false), focused: true)
            var buffer = Buffer(width: 20, height: 3)
            table.render(Rect(x: 0, y: 0, width: 20, height: 3), into: &buffer)
            return buffer.rowText(0)
        }
        let risk = TableColumn("Risk", width: 4, alignRight: true)
        let firm = TableColumn("Firm", width: 10, flexible: true)
        let code = TableColumn("Code", width: 4)
        XCTAssertEqual(header([firm, risk], sortedBy: 1), "Firm          ▼Risk", "right-aligned: arrow in the gap before")
        XCTAssertEqual(header([code, firm], sortedBy: 0), "Code▼Firm", "left-aligned: arrow in the gap after")
        XCTAssertEqual(header([risk, firm], sortedBy: 0), "Ris▼ Firm", "first column, right-aligned: no gap, a letter goes")
        let el = TableColumn("EL", width: 2)
        XCTAssertEqual(header([TableColumn("Firm", width: 16), el], sortedBy: 1), "Firm             EL▼",
                       "last column: the arrow takes the scroll bar's cell, free on the header row")
        XCTAssertEqual(header([firm, code], sortedBy: 0), "Firm ▼         Code", "room for both: arrow after the title")
        let score = TableColumn("Score", width: 7, alignRight: true)
        XCTAssertEqual(header([score, firm], sortedBy: 0), "▼ Score Firm", "right-aligned with room: the title still ends over its figures")
    }

    /// The sorted column's title is underlined with its arrow, and no other: an arrow in the
    /// gap ("Latest▼Latest %") is seen to belong to the column it marks.
    func testSortedHeaderIsUnderlinedWithItsArrow() {
        let columns = [TableColumn("Latest", width: 6, alignRight: true), TableColumn("Latest %", width: 8, alignRight: true)]
        let table = TableWidget(columns: columns, rowCount: 0, row: { _ in ([], []) }, cursor: ListCursor(),
                                sort: SortState(column: 1, ascending: false), focused: true)
        var buffer = Buffer(width: 17, height: 2)
        table.render(Rect(x: 0, y: 0, width: 17, height: 2), into: &buffer)
        let row = buffer.rowText(0)
        XCTAssertEqual(row, "Latest▼Latest %")
        let underlined = (0..<16).filter { buffer[$0, 0].style.attributes.contains(.underline) }
        XCTAssertEqual(underlined, Array(6..<15), "the arrow and its title: \(row)")
        // A left-aligned title in a wide column: the title and arrow, not the padding after.
        let wide = TableWidget(columns: [TableColumn("Date", width: 12), TableColumn("Event", width: 3)], rowCount: 0,
                               row: { _ in ([], []) }, cursor: ListCursor(), sort: SortState(column: 0, ascending: false), focused: true)
        var other = Buffer(width: 18, height: 2)
        wide.render(Rect(x: 0, y: 0, width: 18, height: 2), into: &other)
        XCTAssertEqual((0..<17).filter { other[$0, 0].style.attributes.contains(.underline) }, Array(0..<6), other.rowText(0))
    }

    /// Hints give way whole, least needed first: "? help" and "q quit" stay on the status
    /// bar at every size the dashboard draws, next to a STALE warning and the reload time.
    func testStatusBarAlwaysKeepsHelpAndQuit() {
        for width in [60, 80, 100, 120] {
            for onPage in [false, true] {
                var state = TestData.state(width: width, height: 24)
                state.staleAfterDays = 1
                state.now = state.now.addingTimeInterval(30 * 86_400)
                state.lastReload = state.now
                if onPage { state.pages = [PageState(.firm("zhipu-ai"))] } else { state.notice = "Reloaded: 2 changes (c lists them)" }
                let status = ScreenRenderer.render(state).rowText(23)
                // Beside a notice (which comes first), "? help" keeps its place where there is room.
                if onPage || width >= 100 { XCTAssertTrue(status.contains("? help"), "\(width) \(onPage): \(status)") }
                XCTAssertTrue(status.contains("STALE"), "\(width): \(status)")
                XCTAssertFalse(status.contains("· …") || status.hasPrefix(" …"), "hints are dropped whole, not cut: \(status)")
                if onPage && width >= 80 { XCTAssertTrue(status.contains("q quit"), "\(width) \(onPage): \(status)") }
                if !onPage { XCTAssertTrue(status.contains(" Reloade"), "the notice comes first: \(status)") }
            }
        }
    }

    /// At the smallest size the help sheet covers the panel edge to edge: no doubled corner.
    func testHelpAtTheSmallestSizeHasOneBorder() {
        var state = TestData.state(width: 60, height: 15)
        state.send(.char("?"))
        let buffer = ScreenRenderer.render(state)
        XCTAssertTrue(buffer.rowText(1).hasPrefix("┌ Keys"), buffer.rowText(1))
        XCTAssertTrue(buffer.rowText(13).hasPrefix("└─") && buffer.rowText(13).hasSuffix("─┘"), buffer.rowText(13))
        XCTAssertFalse(buffer.text().contains("┌┌") || buffer.text().contains("└└"), buffer.text())
    }

    /// A query longer than the prompt shows its end, where the caret is.
    func testALongSearchQueryShowsItsEnd() {
        var state = TestData.state(width: 60, height: 15)
        state.send(.char("/"))
        for character in "abcdefghijklmnopqrstuvwxyz0123456789endofquery" { state.send(.char(character)) }
        let status = ScreenRenderer.render(state).rowText(14)
        XCTAssertTrue(status.hasPrefix(" /…"), status)
        XCTAssertTrue(status.contains("endofquery▏"), status)
    }

    /// The last reload's time says the day once it is not today.
    func testReloadTimeSaysTheDayWhenNotToday() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        XCTAssertEqual(Format.moment(now, now: now), Format.clock(now))
        let earlier = now.addingTimeInterval(-3 * 86_400)
        XCTAssertNotNil(Format.moment(earlier, now: now).range(of: #"^\d{1,2} [A-Z][a-z]{2} \d\d:\d\d$"#, options: .regularExpression),
                        Format.moment(earlier, now: now))
    }

    func testBreadcrumbKeepsTheCurrentPage() {
        let crumbs = ["Dashboard", "Reported: Beijing weighing a…", "Huawei (Ascend / HiSilicon)", "Equipment and HBM rule"]
        XCTAssertEqual(ScreenRenderer.breadcrumb(crumbs, width: 200), crumbs.joined(separator: " › "))
        let short = ScreenRenderer.breadcrumb(crumbs, width: 70)
        XCTAssertEqual(short, "Dashboard › … › Huawei (Ascend / HiSilicon) › Equipment and HBM rule")
        XCTAssertTrue(ScreenRenderer.breadcrumb(crumbs, width: 40).hasSuffix("Equipment and HBM rule"))
    }

    /// On a narrow screen the page's name wins over the scenario label, and a trail that
    /// still does not fit ends in "…" rather than being cut mid-word.
    func testNarrowHeaderNamesThePageBeforeTheScenario() {
        var state = TestData.state(width: 60, height: 15)
        state.pages = [PageState(.firm("huawei-ascend"))]
        let header = ScreenRenderer.render(state).rowText(0)
        XCTAssertTrue(header.hasSuffix("Dashboard › Huawei (Ascend / HiSilicon)"), header)
        XCTAssertFalse(header.contains("scenario"), header)
        state.pages = [PageState(.firm("huawei-ascend")), PageState(.event("us-entity-list-huawei-2019"))]
        let deeper = ScreenRenderer.render(state).rowText(0)
        XCTAssertTrue(deeper.hasSuffix("…"), deeper)
        XCTAssertLessThanOrEqual(DisplayWidth.of(deeper), 60, deeper)
        state = TestData.state(width: 120, height: 40)
        state.pages = [PageState(.firm("huawei-ascend"))]
        XCTAssertTrue(ScreenRenderer.render(state).rowText(0).contains("risk scenario: Baseline"), "room for both at 120")
    }

    /// On a page at 80 columns the way back is on screen; the data folder gives way first.
    func testStatusBarHintsBeforeTheDataPath() {
        var state = TestData.state(width: 80, height: 24)
        state.pages = [PageState(.firm("zhipu-ai"))]
        let status = ScreenRenderer.render(state).text().split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertTrue(status.contains("Esc back"), status)
        XCTAssertTrue(status.contains("as of "), status)
        XCTAssertFalse(status.contains("Data"), status)
    }

    /// A notice after a reload stays readable next to a STALE warning.
    func testNoticeAndStaleWarningBothShowAt80Columns() {
        var state = TestData.state(width: 80, height: 24)
        state.staleAfterDays = 1
        state.now = state.now.addingTimeInterval(30 * 86_400)
        state.notice = "Reloaded: 1 change (c lists them)"
        state.lastReload = state.now
        let status = ScreenRenderer.render(state).text().split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertTrue(status.contains("Reloaded: 1 change"), status)
        XCTAssertTrue(status.contains("STALE"), status)
        XCTAssertTrue(status.contains("as of 2026-11-20"), "the date is never cut: \(status)")
        XCTAssertNotNil(status.range(of: #"reloaded \d\d:\d\d"#, options: .regularExpression), "nor the reload time: \(status)")
    }
}

/// An empty table names the way out that applies: Esc for a search, f for filters.
extension ScreenChromeTests {
    func testMessageNamesWhatHidTheRows() {
        func message(query: String, filters: [String: String]) -> String {
            var state = TestData.state(width: 120, height: 40)
            state.panels[.companies]!.query = query
            state.panels[.companies]!.filters = filters
            let layout = PanelLayout.make(.companies, frame: Rect(x: 0, y: 0, width: 60, height: 20))
            return PanelRenderer(state: state, panel: .companies, layout: layout, borders: .unicode, ascii: false).emptyMessage
        }
        XCTAssertEqual(message(query: "", filters: [:]), "No data")
        XCTAssertFalse(message(query: "zz", filters: [:]).contains("f "))
        XCTAssertTrue(message(query: "zz", filters: [:]).contains("Esc"))
        XCTAssertFalse(message(query: "", filters: ["Segment": "Chips"]).contains("Esc"), "Esc does nothing to filters")
        XCTAssertTrue(message(query: "", filters: ["Segment": "Chips"]).contains("f "))
        XCTAssertTrue(message(query: "zz", filters: ["Segment": "Chips"]).contains("Esc"))
    }
}

/// A listing with prices from a single day gets a line of text, not a chart of one column.
final class OneDayChartTests: XCTestCase {
    func testOneDayOfPricesIsSaidNotCharted() {
        let snapshot = TestData.snapshot
        let oneDay = snapshot.ipos.filter { ipo in
            let series = PriceSeries(ipo: ipo, companyName: "x")
            return !series.isEmpty && Set((series.line + series.markers).map(\.day)).count == 1
        }
        XCTAssertFalse(oneDay.isEmpty, "the bundled data has a listing with one day of prices")
        for ipo in oneDay {
            var buffer = Buffer(width: 80, height: 11)
            LineChart(series: PriceSeries(ipo: ipo, companyName: "x")).render(Rect(x: 0, y: 0, width: 80, height: 11), into: &buffer)
            let text = buffer.text()
            XCTAssertTrue(text.contains("Prices known for one day only"), text)
            XCTAssertFalse(text.unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) }, "no braille plot: \(text)")
        }
    }
}

extension OneDayChartTests {
    /// The legend names only what the chart draws (Hygon has intraday prices, no closes).
    /// The legend names only what the chart draws, each sample in its line's colour (the
    /// offer dotted, as drawn); where room is short a tighter form is drawn, not none.
    func testLegendNamesOnlyWhatIsDrawn() throws {
        for ipo in TestData.snapshot.ipos {
            let series = PriceSeries(ipo: ipo, companyName: "x")
            guard Set((series.line + series.markers).map(\.day)).count > 1 else { continue }
            for width in [100, 58] {  // 58: the IPO panel of the 120-column grid
                var buffer = Buffer(width: width, height: 12)
                LineChart(series: series).render(Rect(x: 0, y: 0, width: width, height: 12), into: &buffer)
                let axis = buffer.height - 1
                let row = buffer.rowText(axis)
                XCTAssertEqual(row.contains("close"), !series.line.isEmpty, "\(ipo.id) at \(width): \(row)")
                XCTAssertEqual(row.contains(series.markersName) || row.contains("other"), !series.markers.isEmpty, "\(ipo.id) at \(width): \(row)")
                XCTAssertEqual(row.contains("⠂⠐⠂"), series.offer != nil, "\(ipo.id) at \(width): \(row)")
                for (name, role) in [("close", ColorRole.chartLine), ("offer", .chartOffer)] {
                    guard let range = row.range(of: name) else { continue }
                    var before = String(row[..<range.lowerBound])
                    while before.hasSuffix(" ") { before.removeLast() }
                    let column = DisplayWidth.of(before) - 1
                    XCTAssertEqual(buffer[column, axis].style.fg, role, "\(ipo.id) \(name) at \(width): \(row)")
                }
            }
        }
    }
}
