import Foundation
import SinoAIDomain
import SinoAIText
@testable import SinoAIViewModel
import XCTest

final class NavigationTests: XCTestCase {
    func testTabCyclesFocusForwardAndBackward() {
        var state = TestData.state()
        XCTAssertEqual(state.focus, .companies)
        state.send(.tab)
        XCTAssertEqual(state.focus, .ipos)
        state.send(.tab, .tab, .tab)
        XCTAssertEqual(state.focus, .companies)
        state.send(.backTab)
        XCTAssertEqual(state.focus, .risk)
    }

    func testLeftRightMovesAcrossTheGrid() {
        var state = TestData.state()
        state.send(.right)
        XCTAssertEqual(state.focus, .ipos)
        state.send(.char("h"))
        XCTAssertEqual(state.focus, .companies)
    }

    func testZoomTogglesAndFocuses() {
        var state = TestData.state()
        state.send(.char("3"))
        XCTAssertEqual(state.zoomed, .policies)
        XCTAssertEqual(state.focus, .policies)
        guard case .dashboard(_, let panels, _, _, let tabs) = state.layout else { return XCTFail("expected dashboard") }
        XCTAssertEqual(Array(panels.keys), [.policies])
        XCTAssertTrue(tabs)
        state.send(.char("3"))
        XCTAssertNil(state.zoomed)
        state.send(.char("2"), .escape)
        XCTAssertNil(state.zoomed, "Esc unzooms")
    }

    func testDownUpPageAndEnds() {
        var state = TestData.state()
        state.send(.down, .down, .char("j"))
        XCTAssertEqual(state.panel(.companies).cursor.selected, 3)
        state.send(.up)
        XCTAssertEqual(state.panel(.companies).cursor.selected, 2)
        state.send(.char("G"))
        XCTAssertEqual(state.panel(.companies).cursor.selected, state.snapshot.companies.count - 1)
        XCTAssertGreaterThan(state.panel(.companies).cursor.top, 0, "the last row is scrolled into view")
        state.send(.home)
        XCTAssertEqual(state.panel(.companies).cursor, ListCursor(selected: 0, top: 0))
        state.send(.pageDown)
        let visible = state.layout.visibleRows(.companies)
        XCTAssertEqual(state.panel(.companies).cursor.selected, visible - 1)
    }

    /// Enter on a line that is not a link says so instead of doing nothing.
    func testEnterOnALineWithoutALinkSaysSo() {
        var state = TestData.state()
        state.pages = [PageState(.firm("zhipu-ai"))]
        state.send(.enter)
        XCTAssertEqual(state.pages.count, 1)
        XCTAssertEqual(state.notice?.hasPrefix("Nothing to follow here"), true)
    }

    /// PgDn on a page shows the next screen at once: the view scrolls with the cursor.
    func testPageDownOnAPageScrolls() {
        var state = TestData.state(width: 80, height: 24)
        state.pages = [PageState(.firm("zhipu-ai"))]
        state.send(.pageDown)
        let cursor = state.pages[0].cursor
        XCTAssertGreaterThan(cursor.top, 0, "the view moved")
        XCTAssertEqual(cursor.selected, cursor.top, "the cursor keeps its place on screen")
        state.send(.pageUp)
        XCTAssertEqual(state.pages[0].cursor, ListCursor(selected: 0, top: 0))
    }

    func testSelectionNeverLeavesTheRows() {
        var state = TestData.state()
        state.send(.up, .pageUp)
        XCTAssertEqual(state.panel(.companies).cursor.selected, 0)
        for _ in 0..<100 { state.send(.pageDown) }
        XCTAssertEqual(state.panel(.companies).cursor.selected, state.snapshot.companies.count - 1)
    }

    func testQuitAndCtrlCReturnQuitEffect() {
        var state = TestData.state()
        XCTAssertEqual(state.send(.char("q")), [.quit])
        XCTAssertEqual(state.send(.ctrl("c")), [.quit])
    }

    func testReloadAndMouseEffects() {
        var state = TestData.state()
        XCTAssertEqual(state.send(.char("r")), [.reload])
        XCTAssertEqual(state.send(.char("m")), [.setMouse(false)])
        XCTAssertFalse(state.mouseEnabled)
        XCTAssertEqual(state.send(.char("m")), [.setMouse(true)])
    }

    func testThemeCycles() {
        var state = TestData.state()
        XCTAssertEqual(state.themeName, "dark")
        state.send(.char("t"))
        XCTAssertEqual(state.themeName, "light")
        state.send(.char("t"))
        XCTAssertEqual(state.themeName, "dark")
    }

    func testHelpOpensAndAnyKeyButScrollingCloses() {
        var state = TestData.state()
        state.send(.char("?"))
        XCTAssertEqual(state.mode, .help)
        state.send(.char("x"))
        XCTAssertEqual(state.mode, .normal)
        XCTAssertEqual(state.scenario, state.snapshot.scenarioIDs[0], "the closing key does nothing else")
        state.send(.char("?"))
        XCTAssertEqual(state.send(.char("q")), [], "q closes help, as in htop and less; it does not quit")
        XCTAssertEqual(state.mode, .normal)
    }

    /// At 80×24 the sheet is taller than the screen: j/k, PgDn, G and g scroll it within
    /// its bounds, and the panel below does not move.
    func testHelpScrollsWhenTallerThanTheScreen() {
        var state = TestData.state(width: 80, height: 24)
        state.send(.char("?"))
        let sheet = HelpSheet.layout(for: state.size, factors: state.snapshot.riskModel.factors)
        XCTAssertGreaterThan(sheet.maxScroll, 0)
        state.send(.char("j"), .char("j"))
        XCTAssertEqual(state.helpScroll, 2)
        state.send(.char("k"), .char("k"), .char("k"))
        XCTAssertEqual(state.helpScroll, 0, "never above the top")
        state.send(.char("G"))
        XCTAssertEqual(state.helpScroll, sheet.maxScroll)
        state.send(.pageDown, .down)
        XCTAssertEqual(state.helpScroll, sheet.maxScroll, "never past the end")
        state.send(.char("g"))
        XCTAssertEqual(state.helpScroll, 0)
        XCTAssertEqual(state.mode, .help)
        XCTAssertEqual(state.panel(.companies).cursor.selected, 0)
        state.send(.escape)
        XCTAssertEqual(state.mode, .normal)
        state.send(.char("?"))
        XCTAssertEqual(state.helpScroll, 0, "opens at the top")
    }

    /// Every binding and the mouse's actions are on the sheet, once, at any size; at 120×40 it all fits.
    func testHelpSheetHoldsEveryBinding() {
        for (w, h) in [(60, 16), (80, 24), (120, 40), (200, 60)] {
            let sheet = HelpSheet.layout(for: TerminalSize(width: w, height: h))
            let lines = sheet.columns.joined().filter { $0.kind == .binding }
            // Plus the four mouse lines.
            XCTAssertEqual(lines.count, KeyMap.bindings.count + 4, "\(w)x\(h)")
            XCTAssertEqual(lines.filter { $0.text.contains("click a header") }.count, 1, "\(w)x\(h)")
            XCTAssertLessThanOrEqual(sheet.boxWidth, w, "\(w)x\(h)")
        }
        // As the app draws it: with the risk factors' legend.
        XCTAssertEqual(HelpSheet.layout(for: TerminalSize(width: 120, height: 40), factors: TestData.snapshot.riskModel.factors).maxScroll, 0)
    }

    /// At the smallest size the dashboard draws (smaller shows "Terminal too small"), every
    /// help line fits its column whole: a longer key description would be cut here.
    func testHelpLinesFitAtTheMinimumSize() {
        let sheet = HelpSheet.layout(for: TerminalSize.minimum)
        XCTAssertLessThanOrEqual(sheet.boxWidth, TerminalSize.minimum.width)
        for line in sheet.columns.joined() {
            XCTAssertLessThanOrEqual(DisplayWidth.of(line.text), sheet.columnWidth, line.text)
        }
    }
}

final class DrillDownTests: XCTestCase {
    /// On a page, panel keys keep the trail (Esc goes back first); `c` returns to the
    /// changes page already in the trail instead of stacking another.
    func testPanelKeysKeepThePageTrailAndChangesIsNotStackedTwice() {
        var state = TestData.state()
        state.send(.char("c"), .enter)
        state.pages.append(PageState(.firm(state.visibleIDs(.companies)[0])))
        let trail = state.pages.map(\.page)
        state.send(.char("3"), .tab, .backTab)
        XCTAssertEqual(state.pages.map(\.page), trail, "the trail stays")
        XCTAssertNotNil(state.notice)
        state.send(.char("c"))
        XCTAssertEqual(state.pages.map(\.page), [.changes], "back to the changes page, not a second one")
    }

    /// Below grid size a number picks the tab and stores no zoom for later.
    func testNumberKeysInSinglePanelModeOnlyPickTheTab() {
        var state = TestData.state(width: 80, height: 24)
        state.send(.char("2"))
        XCTAssertEqual(state.focus, .ipos)
        XCTAssertNil(state.zoomed)
        _ = Reducer.reduce(&state, .resize(TerminalSize(width: 120, height: 40)))
        XCTAssertNil(state.zoomed, "the grid, not a zoom picked at 80 columns")
    }

    func testEnterOpensFirmAndEscGoesBack() {
        var state = TestData.state()
        let first = state.visibleIDs(.companies)[0]
        state.send(.enter)
        XCTAssertEqual(state.pages.map(\.page), [.firm(first)])
        state.send(.escape)
        XCTAssertTrue(state.pages.isEmpty)
        state.send(.enter, .backspace)
        XCTAssertTrue(state.pages.isEmpty, "Backspace also goes back")
    }

    func testPolicyEnterOpensEventAndLinksOpenFirms() {
        var state = TestData.state()
        state.send(.tab, .tab)
        XCTAssertEqual(state.focus, .policies)
        // Find the Zhipu/Sophgo Entity List event.
        let ids = state.visibleIDs(.policies)
        let target = ids.firstIndex(of: "us-entity-list-zhipu-sophgo-2025")!
        for _ in 0..<target { state.send(.down) }
        state.send(.enter)
        XCTAssertEqual(state.pages.last?.page, .event("us-entity-list-zhipu-sophgo-2025"))
        // Move to the first link line and follow it.
        let document = PageDocument.make(state.pages.last!.page, state: state, body: state.layout.pageBody!).document
        let linkRow = document.rows.firstIndex { $0.link != nil }!
        for _ in 0..<document.lineStarts.firstIndex(of: linkRow)! { state.send(.down) }
        state.send(.enter)
        guard case .firm(let firm) = state.pages.last?.page else { return XCTFail("expected a firm page") }
        XCTAssertTrue(["zhipu-ai", "sophgo"].contains(firm))
        XCTAssertEqual(state.pages.count, 2, "a back stack of two pages")
        state.send(.escape)
        XCTAssertEqual(state.pages.last?.page, .event("us-entity-list-zhipu-sophgo-2025"))
    }

    func testIPOEnterOpensTheCompany() {
        var state = TestData.state()
        state.send(.tab, .enter)
        let ipo = state.selectedRow(.ipos) as! IPORow
        XCTAssertEqual(state.pages.last?.page, .firm(ipo.companyId))
    }

    func testRiskEnterOpensTheTopRankedFirm() {
        var state = TestData.state()
        state.send(.backTab, .enter)
        let top = state.snapshot.riskScores().first!.companyId
        XCTAssertEqual(state.pages.last?.page, .firm(top))
    }
}

final class SearchFilterSortTests: XCTestCase {
    /// The query shows as typed; matching ignores case.
    func testQueryKeepsItsCaseAndMatchesWithout() {
        var state = TestData.state()
        state.send(.char("/"))
        state.type("BiREN")
        XCTAssertEqual(state.panel(.companies).query, "BiREN")
        XCTAssertEqual(state.visibleIDs(.companies), ["biren"])
        state.send(.backspace)
        XCTAssertEqual(state.panel(.companies).query, "BiRE")
        XCTAssertTrue(state.visibleIDs(.companies).contains("biren"))
    }

    /// `/` on a page searches the dashboard without losing the page: Esc returns to it,
    /// and a match opened with Enter goes on top of it.
    func testSearchFromAPageKeepsThePageBehindIt() {
        var state = TestData.state()
        state.pages = [PageState(.firm("zhipu-ai"))]
        state.send(.char("/"))
        XCTAssertEqual(state.mode, .search)
        XCTAssertTrue(state.pages.isEmpty, "the search shows the list")
        state.type("moore")
        state.send(.escape)
        XCTAssertEqual(state.pages.map(\.page), [.firm("zhipu-ai")], "Esc returns to the page")
        state.send(.char("/"))
        state.type("摩尔")
        state.send(.enter)
        XCTAssertEqual(state.pages.map(\.page), [.firm("zhipu-ai"), .firm("moore-threads")])
        state.send(.escape)
        XCTAssertEqual(state.pages.map(\.page), [.firm("zhipu-ai")], "back goes to where the search started")
    }

    /// With several matches Enter keeps the list; the page waits behind it until a row is
    /// opened (on top of the page) or the search is cleared (back to the page).
    func testSeveralMatchesFromAPageKeepThePageWaiting() {
        var state = TestData.state()
        state.pages = [PageState(.firm("zhipu-ai"))]
        state.send(.char("/"))
        state.type("mo")
        XCTAssertGreaterThan(state.visibleIDs(.companies).count, 1)
        state.send(.enter)
        XCTAssertTrue(state.pages.isEmpty, "the matches are listed")
        let chosen = state.selectedID(.companies)!
        state.send(.enter)
        XCTAssertEqual(state.pages.map(\.page), [.firm("zhipu-ai"), .firm(chosen)])
        state.send(.escape)
        XCTAssertEqual(state.pages.map(\.page), [.firm("zhipu-ai")])

        state.send(.char("/"))
        state.type("mo")
        state.send(.enter, .escape)
        XCTAssertEqual(state.pages.map(\.page), [.firm("zhipu-ai")], "clearing the listed search returns to the page")
    }

    func testIncrementalSearchNarrowsAndEnterOpensSingleMatch() {
        var state = TestData.state()
        state.send(.char("/"))
        XCTAssertEqual(state.mode, .search)
        state.type("zhi")
        XCTAssertGreaterThan(state.visibleIDs(.companies).count, 1, "\"zhi\" also matches Iluvatar's Zhikai")
        state.type("pu")
        XCTAssertEqual(state.visibleIDs(.companies), ["zhipu-ai"])
        state.send(.enter)
        XCTAssertEqual(state.pages.last?.page, .firm("zhipu-ai"))
    }

    func testSearchMatchesChineseNamesAndTickers() {
        var state = TestData.state()
        state.send(.char("/"))
        state.type("摩尔")
        XCTAssertEqual(state.visibleIDs(.companies), ["moore-threads"])
        state.send(.escape)
        XCTAssertEqual(state.visibleIDs(.companies).count, state.snapshot.companies.count, "Esc clears the search")
        state.send(.char("/"))
        state.type("2513")
        XCTAssertEqual(state.visibleIDs(.companies), ["zhipu-ai"])
    }

    /// Every panel finds a firm by its Chinese name and ticker, not only the company list.
    func testOtherPanelsMatchChineseNamesAndTickers() {
        func search(_ panel: PanelID, _ query: String) -> [String] {
            var state = TestData.state()
            state.send(.char(Character(String(panel.number))), .char("/"))
            state.type(query)
            return state.visibleIDs(panel)
        }
        // Both of Zhipu's listings: the HKEX one and the pending STAR one (a firm's rows match its names and tickers).
        XCTAssertEqual(Set(search(.ipos, "智谱")), ["zhipu-ai-hkex", "zhipu-ai-star"])
        XCTAssertEqual(Set(search(.ipos, "2513")), ["zhipu-ai-hkex", "zhipu-ai-star"])
        XCTAssertEqual(search(.risk, "华为"), ["huawei-ascend"])
        XCTAssertEqual(search(.risk, "摩尔线程"), ["moore-threads"])
        XCTAssertEqual(search(.risk, "天数"), ["iluvatar-corex"], "the name as its sources write it")
        let huaweiEvents = search(.policies, "华为")
        XCTAssertFalse(huaweiEvents.isEmpty)
        XCTAssertTrue(huaweiEvents.allSatisfy { TestData.snapshot.event($0)!.companyIds.contains("huawei-ascend") })
    }


    /// The shared-key indexes hold exactly what each row's own search key says, before
    /// and after a scenario switch reorders the risk rows.
    func testSharedIndexesEqualTheRowsOwnKeys() {
        var state = TestData.state()
        for _ in 0..<2 {
            let data = state.data
            XCTAssertEqual(data.searchIndexes[.companies], SearchIndex(data.companyRows, in: data.snapshot))
            XCTAssertEqual(data.searchIndexes[.risk], SearchIndex(data.riskRows, in: data.snapshot))
            state.send(.char("x"))
        }
    }

    func testBackspaceWidensAndNextMatchCycles() {
        var state = TestData.state()
        state.send(.char("/"))
        state.type("mo")
        let narrow = state.visibleIDs(.companies)
        state.type("o")
        XCTAssertLessThanOrEqual(state.visibleIDs(.companies).count, narrow.count)
        state.send(.backspace)
        XCTAssertEqual(state.visibleIDs(.companies), narrow, "Backspace restores the wider match set")
        XCTAssertGreaterThan(narrow.count, 1)
        state.send(.enter)
        XCTAssertEqual(state.mode, .normal)
        XCTAssertTrue(state.pages.isEmpty, "several matches: Enter keeps the filter, opens nothing")
        state.send(.home)
        state.send(.char("n"))
        XCTAssertEqual(state.panel(.companies).cursor.selected, 1)
        state.send(.char("N"), .char("N"))
        XCTAssertEqual(state.panel(.companies).cursor.selected, narrow.count - 1, "N wraps around")
        state.send(.char("n"))
        XCTAssertEqual(state.panel(.companies).cursor.selected, 0, "n wraps around")
    }

    func testFilterMenuCyclesSegment() {
        var state = TestData.state()
        state.send(.char("f"))
        XCTAssertEqual(state.mode, .filter(0))
        state.send(.right)
        let segment = state.panel(.companies).filters["Segment"]
        XCTAssertNotNil(segment)
        XCTAssertTrue(state.visibleIDs(.companies).allSatisfy { id in
            state.data.companyRows.first { $0.id == id }!.segment.label == segment
        })
        state.send(.char("0"))
        XCTAssertTrue(state.panel(.companies).filters.isEmpty)
        state.send(.escape)
        XCTAssertEqual(state.mode, .normal)
    }

    func testSortCyclesColumnsAndKeepsSelectionByID() {
        var state = TestData.state()
        state.send(.down, .down)
        let selected = state.selectedID(.companies)
        state.send(.char("s"))
        XCTAssertEqual(state.panel(.companies).sort.column, 0)
        let names = state.visibleIDs(.companies).map { id in state.snapshot.company(id)!.name.lowercased() }
        XCTAssertEqual(names, names.sorted())
        XCTAssertEqual(state.selectedID(.companies), selected, "selection follows the firm, not the row")
        state.send(.char("S"))
        let reversed = state.visibleIDs(.companies).map { id in state.snapshot.company(id)!.name.lowercased() }
        XCTAssertEqual(reversed, names.sorted().reversed())
    }

    /// The risk list opens at rank 1 under "▲ #" (ascending, like A→Z); descending ranks
    /// put the least exposed first.
    func testRiskRankAscendingIsRankOneFirst() {
        var state = TestData.state()
        XCTAssertEqual(state.panel(.risk).sort, SortState(column: 0, ascending: true))
        let ranks = state.panel(.risk).order.map { state.data.riskRows[$0].rank }
        XCTAssertEqual(ranks, ranks.sorted())
        XCTAssertEqual(ranks.first, 1)
        state.send(.char("4"), .char("S"))
        let reversed = state.panel(.risk).order.map { state.data.riskRows[$0].rank }
        XCTAssertEqual(reversed, ranks.sorted().reversed())
    }

    /// Offer and latest prices in HK$ and CNY sort by value, not by the bare number.
    func testPricesInDifferentCurrenciesSortByValue() {
        var state = TestData.state()
        state.sort(.ipos, by: SortState(column: 3, ascending: false))
        let offers = state.panel(.ipos).order.map { state.data.ipoRows[$0] }.compactMap { row in
            row.offer.map { CompanyRow.usdApprox(Money(amount: $0, currency: row.currency)) }
        }
        XCTAssertEqual(offers, offers.sorted(by: >))
        XCTAssertGreaterThan(Set(state.data.ipoRows.map(\.currency.code)).count, 1, "the data mixes currencies")
    }

    func testUnknownValuesSortLastInBothDirections() {
        var state = TestData.state()
        state.sort(.companies, by: SortState(column: 5, ascending: false))
        let rows = state.panel(.companies).order.map { state.data.companyRows[$0] }
        let firstUnknown = rows.firstIndex { $0.valuation == nil }!
        XCTAssertTrue(rows[firstUnknown...].allSatisfy { $0.valuation == nil })
        state.send(.char("S"))
        let ascending = state.panel(.companies).order.map { state.data.companyRows[$0] }
        XCTAssertNil(ascending.last?.valuation)
        XCTAssertNotNil(ascending.first?.valuation)
    }

    /// `s` visits every named column once per cycle and never a bar or marker column,
    /// nor one hidden for now (the risk panel's "Δ base" under the baseline).
    func testSortCyclesThroughNamedColumnsOnly() {
        for panel in PanelID.allCases {
            var state = TestData.state()
            state.send(.char(Character(String(panel.number))))
            let columns = state.data.columns(panel)
            let titles = columns.map(\.title)
            var visited: [Int] = []
            for _ in titles.indices.filter({ !titles[$0].isEmpty && columns[$0].width > 0 }) {
                state.send(.char("s"))
                visited.append(state.panel(panel).sort.column)
            }
            XCTAssertTrue(visited.allSatisfy { !titles[$0].isEmpty }, "\(panel): \(visited)")
            XCTAssertEqual(Set(visited).count, visited.count, "\(panel): each once")
            XCTAssertTrue(visited.allSatisfy { columns[$0].width > 0 }, "\(panel): \(visited)")
        }
    }

    /// The risk panel hides "Δ base" under the baseline (0.0 on every row) and shows it
    /// under another scenario, where it says what the scenario moved.
    func testDeltaColumnShowsOnlyUnderAScenario() {
        var state = TestData.state()
        XCTAssertEqual(state.data.columns(.risk)[4].width, 0)
        XCTAssertFalse(ColumnFitter.fit(state.data.columns(.risk), width: 200).contains { $0.index == 4 })
        state.send(.char("x"))
        XCTAssertNotEqual(state.scenario, RiskScenario.baselineID)
        XCTAssertTrue(ColumnFitter.fit(state.data.columns(.risk), width: 200).contains { $0.index == 4 })
        // Sorted by Δ base, then back to the baseline: the sort goes back to rank, not to a hidden column.
        state.sort(.risk, by: SortState(column: 4, ascending: false))
        while state.scenario != RiskScenario.baselineID { state.send(.char("x")) }
        XCTAssertEqual(state.panel(.risk).sort, SortState(column: 0, ascending: true))
    }

    /// Enter on a source copies its address; one too long for terminals to take through
    /// OSC 52 is not sent, and the notice says why.
    func testASourceIsCopiedUnlessItsAddressIsTooLong() throws {
        func enterOnFirstSource(_ snapshot: Snapshot) throws -> (effects: [Effect], url: String, notice: String?) {
            var state = AppState(snapshot: snapshot, dataPath: "Data", size: TerminalSize(width: 120, height: 40), themeNames: ["dark"])
            state.pages = [PageState(.firm(snapshot.companies[0].id))]
            let document = try XCTUnwrap(Reducer.openPage(state)).document
            let row = try XCTUnwrap(document.rows.firstIndex { if case .url = $0.link { true } else { false } })
            guard case .url(let url)? = document.rows[row].link else { throw XCTSkip("no source") }
            state.pages[0].cursor.selected = row
            let effects = state.send(.enter)
            return (effects, url, state.notice)
        }
        let normal = try enterOnFirstSource(TestData.snapshot)
        XCTAssertEqual(normal.effects, [.copyToClipboard(normal.url)])
        var companies = TestData.snapshot.companies
        let long = "https://example.com/" + String(repeating: "a", count: Reducer.clipboardLimit)
        companies[0].provenance.sources = [Source(title: "Long", publisher: "Example", url: long)]
        let base = TestData.snapshot
        let overlong = try enterOnFirstSource(base.replacing(companies: companies))
        XCTAssertEqual(overlong.url, long)
        XCTAssertEqual(overlong.effects, [])
        XCTAssertTrue(overlong.notice?.hasPrefix("This address is too long to copy") == true, overlong.notice ?? "")
    }

    /// In the 2×2 grid `s` sorts only by the columns the panel has room to show.
    func testSortSkipsColumnsThePanelCannotShow() {
        var state = TestData.state(width: 120, height: 40)
        let titles = state.data.columns(.companies).map(\.title)
        var visited: Set<String> = []
        for _ in 0..<titles.count { state.send(.char("s")); visited.insert(titles[state.panel(.companies).sort.column]) }
        XCTAssertEqual(visited, ["Name", "中文名", "Listing", "Valuation", "Risk", "EL"])
    }

    func testScenarioSwitchChangesRiskAndDeltas() {
        var state = TestData.state()
        XCTAssertTrue(state.data.riskRows.allSatisfy { $0.delta == 0 })
        state.send(.char("x"))
        XCTAssertEqual(state.scenario, state.snapshot.scenarioIDs[1])
        XCTAssertTrue(state.data.riskRows.contains { $0.delta != 0 })
        let risk = state.data.companyRows.first { $0.id == "deepseek" }!.riskScore
        XCTAssertEqual(risk, state.snapshot.riskScore("deepseek", scenario: state.scenario)?.score)
        // Updated in place, the company rows must equal rows built afresh for the scenario.
        let fresh = state.snapshot.companies.map { CompanyRow(company: $0, snapshot: state.snapshot, scenario: state.scenario) }
        XCTAssertEqual(state.data.companyRows.map(\.id), fresh.map(\.id))
        XCTAssertEqual(state.data.companyRows.map(\.riskScore), fresh.map(\.riskScore))
        XCTAssertEqual(state.data.companyRows.map(\.riskRank), fresh.map(\.riskRank))
        XCTAssertNotEqual(fresh.map(\.riskScore), TestData.state().data.companyRows.map(\.riskScore))
    }
}

final class LayoutTests: XCTestCase {
    /// Resizing while a page covers the panels must not leave a panel scrolled to one row.
    func testPanelBehindAPageKeepsItsRowsThroughAResize() {
        var state = TestData.state(width: 120, height: 40)
        state.send(.tab, .tab, .tab, .char("G"), .enter)
        XCTAssertFalse(state.pages.isEmpty)
        _ = Reducer.reduce(&state, .resize(TerminalSize(width: 130, height: 42)))
        _ = Reducer.reduce(&state, .resize(TerminalSize(width: 120, height: 40)))
        state.send(.escape)
        XCTAssertTrue(state.pages.isEmpty)
        let risk = state.panel(.risk), visible = state.layout.visibleRows(.risk)
        XCTAssertEqual(risk.cursor.selected, risk.order.count - 1)
        XCTAssertEqual(risk.cursor.top, max(0, risk.order.count - visible), "the panel's rows fill its height")
    }

    func testGridAtLargeSizesSingleBelow() {
        var state = TestData.state(width: 120, height: 36)
        guard case .dashboard(_, let grid, _, _, false) = state.layout else { return XCTFail("expected grid") }
        XCTAssertEqual(grid.count, 4)
        _ = Reducer.reduce(&state, .resize(TerminalSize(width: 80, height: 24)))
        guard case .dashboard(_, let single, _, _, true) = state.layout else { return XCTFail("expected single panel") }
        XCTAssertEqual(single.count, 1)
        _ = Reducer.reduce(&state, .resize(TerminalSize(width: 59, height: 30)))
        XCTAssertEqual(state.layout, .tooSmall)
    }

    func testResizeKeepsSelectionVisible() {
        var state = TestData.state(width: 120, height: 60)
        state.send(.char("G"))
        _ = Reducer.reduce(&state, .resize(TerminalSize(width: 80, height: 20)))
        let cursor = state.panel(.companies).cursor
        let visible = state.layout.visibleRows(.companies)
        XCTAssertTrue(cursor.selected >= cursor.top && cursor.selected < cursor.top + visible)
    }

    func testColumnFitterDropsLowPriorityFirst() {
        let placed = ColumnFitter.fit(CompanyRow.columns, width: 40)
        let titles = placed.map { CompanyRow.columns[$0.index].title }
        XCTAssertTrue(titles.contains("Name"))
        XCTAssertFalse(titles.contains("As of"), "lowest priority goes first")
        XCTAssertLessThanOrEqual(placed.last.map { $0.x + $0.width } ?? 0, 40)
    }

    /// With room to spare (a zoomed panel) the Chinese names get room too, not only the
    /// English ones; in a grid panel the spare goes to the flexible column as before.
    func testSpareRoomWidensChineseNamesAfterTheFlexibleColumn() {
        func widths(_ width: Int) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: ColumnFitter.fit(CompanyRow.columns, width: width).map { (CompanyRow.columns[$0.index].title, $0.width) })
        }
        let wide = widths(117)
        XCTAssertEqual(wide["中文名"], 18)
        XCTAssertGreaterThanOrEqual(wide["Name"] ?? 0, 28)
        XCTAssertEqual(wide.values.reduce(0, +) + (wide.count - 1) * ColumnFitter.gap, 117, "every column of room used")
        let narrow = widths(58)
        XCTAssertEqual(narrow["中文名"], 10)
        XCTAssertEqual(ColumnFitter.fit(CompanyRow.columns, width: 58).last.map { $0.x + $0.width }, 58)
    }
}

final class SnapshotUpdateTests: XCTestCase {
    func testFailedReloadKeepsDataAndShowsBanner() {
        var state = TestData.state()
        let before = state.visibleIDs(.companies)
        let problem = SnapshotProblem(file: "ipos.json", record: "x", field: "offerPrice", kind: .wrongType, message: "expected a number")
        _ = Reducer.reduce(&state, .snapshotFailed([problem], at: Date()))
        XCTAssertEqual(state.visibleIDs(.companies), before)
        XCTAssertTrue(state.banner?.message.contains("ipos.json") ?? false)
        _ = Reducer.reduce(&state, .snapshotPrepared(PreparedSnapshot(TestData.snapshot, replacing: state.reloadBase), at: Date()))
        XCTAssertNil(state.banner, "a good snapshot clears the banner")
    }

    /// The banner leads with the count; the changes page lists every problem.
    func testRejectedSnapshotsProblemsAreAllOnTheChangesPage() {
        var state = TestData.state()
        let problems = (1...3).map {
            SnapshotProblem(file: "ipos.json", record: "ipo-\($0)", field: "offerPrice", kind: .wrongType, message: "expected a number")
        }
        _ = Reducer.reduce(&state, .snapshotFailed(problems, at: Date()))
        XCTAssertTrue(state.banner?.message.hasPrefix("New snapshot rejected, last good one kept (3 problems, c lists them)") ?? false,
                      state.banner?.message ?? "no banner")
        state.send(.char("c"))
        let lines = PageDocument.make(.changes, state: state, width: 120).rows.map(\.text)
        for i in 1...3 { XCTAssertTrue(lines.contains { $0.contains("ipo-\(i)") }, "problem \(i) listed: \(lines)") }
        XCTAssertTrue(lines.contains { $0.contains("Snapshot rejected at") && $0.contains("the last good one stays") })
        // A later good snapshot goes above the rejection, which says it was superseded.
        _ = Reducer.reduce(&state, .snapshotPrepared(PreparedSnapshot(ChangeMarkTests.snapshotWithNewMetaXClose(), replacing: state.reloadBase),
                                                     at: Date().addingTimeInterval(60)))
        let titles = ChangesPage.sections(state.changeLog, rejected: state.lastRejection, lastReload: state.lastReload).map(\.title)
        XCTAssertTrue(titles.first?.hasPrefix("Reload at") ?? false, "\(titles)")
        XCTAssertTrue(titles.last?.contains("a later snapshot loaded") ?? false, "\(titles)")
    }

    func testReloadKeepsSelectionFocusZoomAndPages() {
        var state = TestData.state()
        state.send(.tab, .char("2"), .down, .down)
        let selected = state.selectedID(.ipos)
        state.send(.enter)
        _ = Reducer.reduce(&state, .snapshotPrepared(PreparedSnapshot(TestData.snapshot, replacing: state.reloadBase), at: Date()))
        XCTAssertEqual(state.focus, .ipos)
        XCTAssertEqual(state.zoomed, .ipos)
        XCTAssertEqual(state.selectedID(.ipos), selected)
        XCTAssertEqual(state.pages.count, 1)
        XCTAssertTrue(state.changeLog.isEmpty, "a reload without differences adds nothing to the history")
        XCTAssertEqual(state.notice, "Reloaded: no changes")
    }
}

final class ChangeMarkTests: XCTestCase {
    /// The changes page names firms and formats amounts as the panels do; removing a firm
    /// lists its risk assessment too.
    func testChangesPageReadsLikeTheDashboard() {
        var state = TestData.state()
        let base = TestData.snapshot
        var companies = base.companies.filter { $0.id != "deepseek" }
        let zhipu = companies.firstIndex { $0.id == "zhipu-ai" }!
        let rounds = companies[zhipu].fundingRounds
        XCTAssertFalse(rounds.isEmpty)
        companies[zhipu].name = "Zhipu AI (renamed)"
        var model = base.riskModel
        model.assessments.removeAll { $0.companyId == "deepseek" }
        let next = base.replacing(companies: companies, riskModel: model)
        _ = Reducer.reduce(&state, .snapshotPrepared(PreparedSnapshot(next, replacing: state.reloadBase), at: Date()))
        let lines = ChangesPage.sections(state.changeLog).flatMap(\.lines).map(\.value)
        XCTAssertTrue(lines.contains("Zhipu AI (renamed) · name: Zhipu AI (Z.ai) → Zhipu AI (renamed)"), "\(lines)")
        XCTAssertTrue(lines.contains("DeepSeek · firm"), "\(lines)")
        XCTAssertTrue(lines.contains("DeepSeek · risk assessment"), "\(lines)")
        XCTAssertFalse(lines.contains { $0.contains("deepseek") || $0.contains("zhipu-ai") }, "ids stay out of sight: \(lines)")
    }

    /// A change outside the listed figures (an HQ, a product, a rationale) is still a
    /// change, named by group; a group whose figure is already listed is not repeated.
    func testChangesBeyondTheListedFiguresAreNamed() {
        let base = TestData.snapshot
        var companies = base.companies
        let minimax = companies.firstIndex { $0.id == "minimax" }!
        companies[minimax].hq = "Shanghai (Xuhui)"
        companies[minimax].products.append("MiniMax-M3")
        let deepseek = companies.firstIndex { $0.id == "deepseek" }!
        companies[deepseek].entityList = EntityListStatus(status: .listed, dateAdded: base.manifest.asOf,
                                                          provenance: Provenance(confidence: .confirmed, sources: []))
        companies[deepseek].products.append("DeepSeek-V4")
        var model = base.riskModel
        let huawei = model.assessments.firstIndex { $0.companyId == "huawei-ascend" }!
        let factor = model.factors[0].id
        model.assessments[huawei].values[factor]?.rationale += " (revised wording)"
        let next = base.replacing(companies: companies, riskModel: model)
        let changes = SnapshotDiff().between(base, next)
        let details = Dictionary(uniqueKeysWithValues: changes.filter { $0.field == SnapshotDiff.detailsField }.map { ($0.id, $0.new ?? "") })
        XCTAssertEqual(details["minimax"], "products", "the HQ is a named field of its own")
        XCTAssertTrue(changes.contains { $0.id == "minimax" && $0.field == "hq" && $0.new == "Shanghai (Xuhui)" })
        XCTAssertEqual(details["deepseek"], "products", "the Entity List change is listed on its own, not again as a detail")
        XCTAssertEqual(details["huawei-ascend"], "factor values, rationales or sources")
        XCTAssertTrue(changes.contains { $0.id == "deepseek" && $0.field == "entityList" })
        XCTAssertEqual(changes.filter { $0.id == "minimax" }.map(ChangesPage.describe),
                       ["MiniMax · HQ: Shanghai → Shanghai (Xuhui)", "MiniMax · also changed: products"])
        XCTAssertTrue(SnapshotDiff().between(base, base).isEmpty)
        var reweighted = base.riskModel
        reweighted.factors[0].definition += " (revised)"
        companies = base.companies
        companies[minimax].listings[0].note = "Main Board (revised note)"
        let more = SnapshotDiff().between(base, base.replacing(companies: companies, riskModel: reweighted))
        XCTAssertTrue(more.contains { $0.id == "risk-model" }, "\(more.map(\.summary))")
        XCTAssertTrue(more.contains { $0.id == "minimax" && $0.new == "listings" }, "\(more.map(\.summary))")
    }

    func testChangedAmountsUseTheDashboardsFormat() {
        let base = TestData.snapshot
        var companies = base.companies
        let zhipu = companies.firstIndex { $0.id == "zhipu-ai" }!
        guard var valuation = companies[zhipu].latestValuation else { return XCTFail("Zhipu has a valuation") }
        valuation.value.value = Money(amount: 31_000_000_000, currency: valuation.value.value.currency)
        valuation.date = base.manifest.asOf
        companies[zhipu].valuations.append(valuation)
        let next = base.replacing(companies: companies)
        let changes = SnapshotDiff(money: { Format.money($0) }).between(base, next)
        let line = changes.first { $0.field == "latestValuation" }.map(ChangesPage.describe)
        XCTAssertEqual(line?.contains(Format.money(valuation.value.value)), true, line ?? "no change")
        XCTAssertEqual(line?.contains("31000000000"), false)
    }

    /// The bundled snapshot with MetaX's latest close raised to 600.
    static func snapshotWithNewMetaXClose() -> Snapshot {
        let base = TestData.snapshot
        var ipos = base.ipos
        let index = ipos.firstIndex { $0.id == "metax-star" }!
        let last = ipos[index].pricePoints.lastIndex { $0.kind == .close }!
        ipos[index].pricePoints[last].price = 600
        return base.replacing(ipos: ipos)
    }

    /// Following a change from the changes page opens the firm on the changed line,
    /// drawn in the `changed` style while the mark lasts.
    func testFollowingAChangeOpensTheFirmOnTheChangedLine() throws {
        var state = TestData.state()
        let now = Date()
        _ = Reducer.reduce(&state, .snapshotPrepared(PreparedSnapshot(Self.snapshotWithNewMetaXClose(), replacing: state.reloadBase), at: now))
        state.send(.char("c"))
        let opened = try XCTUnwrap(Reducer.openPage(state))
        XCTAssertNotNil(opened.document.rows[opened.page.cursor.selected].link, "c opens on a change Enter can follow")
        guard let (_, changes, _) = Reducer.openPage(state),
              let link = changes.rows.firstIndex(where: { $0.link == .company("metax") && $0.text.contains("latest price") })
        else { return XCTFail("no MetaX change on the changes page") }
        state.pages[0].cursor.selected = link
        state.send(.enter)
        XCTAssertEqual(state.currentPage?.page, .firm("metax"))
        let (page, document, _) = try XCTUnwrap(Reducer.openPage(state))
        let row = document.rows[page.cursor.selected]
        XCTAssertEqual(row.tone, .changed, "\(row)")
        XCTAssertTrue(row.text.contains("600.00"), row.text)
        state.now = now.addingTimeInterval(Reducer.changeMarkDuration + 1)
        XCTAssertFalse(try XCTUnwrap(Reducer.openPage(state)).document.rows.contains { $0.tone == .changed }, "the mark fades")
    }

    /// Under a scenario the firm page says what the scenario assumes and, for a value it
    /// moved, the scenario's reason before the baseline's (which explains the old value).
    func testAScenarioMovedValueGivesTheScenariosReason() throws {
        let snapshot = TestData.snapshot
        let company = try XCTUnwrap(snapshot.company("deepseek"))
        let page = FirmPage(company: company, snapshot: snapshot, scenario: "tighten")
        let lines = page.sections.flatMap(\.lines)
        let scenario = try XCTUnwrap(lines.first { $0.label == "Scenario" })
        XCTAssertTrue(scenario.value.hasPrefix("Tighten: Hypothetical"), scenario.value)
        let entityList = try XCTUnwrap(lines.first { $0.label.hasPrefix("EL ") })
        XCTAssertTrue(entityList.value.contains("(Tighten; baseline 0.00) — Tighten: Unlisted labs"), entityList.value)
        XCTAssertTrue(entityList.value.contains(". Baseline: No addition found"), entityList.value)
        let baseline = FirmPage(company: company, snapshot: snapshot, scenario: RiskScenario.baselineID).sections.flatMap(\.lines)
        XCTAssertFalse(baseline.contains { $0.label == "Scenario" })
        XCTAssertFalse(baseline.contains { $0.value.contains("Tighten") })
    }

    /// With colours off, `t` does not pretend to switch themes: it says why nothing changes.
    func testThemeKeySaysWhenColoursAreOff() {
        var state = TestData.state()
        state.send(.char("t"))
        XCTAssertEqual(state.notice, "Theme: light")
        state.colorsOff = "NO_COLOR is set"
        state.send(.char("t"))
        XCTAssertEqual(state.themeName, "light", "unchanged")
        XCTAssertEqual(state.notice, "Themes need colour, which is off (NO_COLOR is set)")
    }

    /// A firm page lists the policy aimed at its whole segment (newest first, linked),
    /// apart from events that name the firm, which have their own section; a long list
    /// ends by pointing at the timeline.
    func testFirmPageListsPolicyForItsSegment() throws {
        let snapshot = TestData.snapshot
        func section(_ id: String) throws -> PageSection? {
            let page = FirmPage(company: try XCTUnwrap(snapshot.company(id)), snapshot: snapshot, scenario: RiskScenario.baselineID)
            return page.sections.first { $0.title.hasPrefix("Policy for its segment") }
        }
        let zhipu = try XCTUnwrap(try section("zhipu-ai"))
        XCTAssertEqual(zhipu.title, "Policy for its segment (Model lab, newest first)")
        XCTAssertTrue(zhipu.lines.contains { $0.value.hasPrefix("Interim Measures for the Management of Generative AI") && $0.link != nil })
        XCTAssertFalse(zhipu.lines.contains { $0.value.contains("Zhipu AI and Sophgo added") }, "named events have their own section")
        let dates = zhipu.lines.compactMap { $0.link == nil ? nil : $0.label }
        XCTAssertEqual(dates, dates.sorted(by: >), "newest first")
        let chips = try XCTUnwrap(try section("moore-threads"))
        XCTAssertEqual(chips.lines.filter { $0.link != nil }.count, FirmPage.segmentEventsShown)
        XCTAssertTrue(chips.lines.last?.value.hasPrefix("… and ") == true, "\(chips.lines.last!)")
    }

    /// The company list filters by Entity List status, as the risk panel does: "which
    /// listed chip firms are on the Entity List" is two filters, not reading a column.
    func testCompaniesFilterByEntityList() {
        var state = TestData.state()
        state.send(.char("1"), .char("f"))
        let dimensions = state.data.filterDimensions[.companies]!.map(\.name)
        XCTAssertEqual(dimensions, ["Segment", "Status", "Exchange", "Entity List"])
        state.send(.down, .down, .down, .right)  // Entity List: All → first value
        let chosen = state.panel(.companies).filters["Entity List"]
        XCTAssertNotNil(chosen)
        let expected = TestData.snapshot.companies.filter { ($0.entityList.isListed ? "Listed" : "Not listed") == chosen }.map(\.id)
        XCTAssertEqual(Set(state.visibleIDs(.companies)), Set(expected))
        XCTAssertFalse(expected.isEmpty)
        XCTAssertLessThan(expected.count, TestData.snapshot.companies.count)
    }

    /// The latest price's mark goes on the latest close, not on a later intraday point
    /// (Zhipu's HKEX listing has one after its last close).
    func testChangedLatestPriceMarksTheCloseNotALaterIntradayPoint() throws {
        let base = TestData.snapshot
        var ipos = base.ipos
        let index = try XCTUnwrap(ipos.firstIndex { $0.id == "zhipu-ai-hkex" })
        let close = try XCTUnwrap(ipos[index].latestClose)
        XCTAssertTrue(ipos[index].pricePoints.contains { $0.date > close.date && !$0.kind.isLine }, "the fixture has a later intraday point")
        let at = try XCTUnwrap(ipos[index].pricePoints.firstIndex(of: close))
        ipos[index].pricePoints[at].price = 800
        let changed = base.replacing(ipos: ipos)
        var state = TestData.state(width: 200, height: 60)
        _ = Reducer.reduce(&state, .snapshotPrepared(PreparedSnapshot(changed, replacing: state.reloadBase), at: Date()))
        state.pages = [PageState(.firm("zhipu-ai"))]
        let marked = try XCTUnwrap(Reducer.openPage(state)).document.rows.filter { $0.tone == .changed }
        XCTAssertEqual(marked.count, 1, "\(marked.map(\.text))")
        XCTAssertTrue(marked.first?.text.contains("800.00") == true, "\(marked.map(\.text))")
    }

    /// A scenario that adds to an unknown value moves only what it is counted as; the
    /// firm page still says the scenario moved it, and why.
    func testAScenarioMovingAnUnknownValueSaysSo() throws {
        let snapshot = TestData.snapshot
        let scenario = try XCTUnwrap(snapshot.riskModel.scenario(named: "tighten"))
        // A firm and factor the scenario adds to while its baseline value is unknown.
        let pair = scenario.adjustments.lazy.filter { $0.operation == .add }.flatMap { adjustment in
            (adjustment.companyIds ?? snapshot.companies.map(\.id)).compactMap { id -> (String, String)? in
                snapshot.assessment(id)?.values[adjustment.factor].flatMap { $0.value == nil ? (id, adjustment.factor) : nil }
            }
        }.first
        let (firm, factorId) = try XCTUnwrap(pair, "the bundled scenario adds to an unknown value somewhere")
        let factor = try XCTUnwrap(snapshot.factor(factorId))
        let page = FirmPage(company: try XCTUnwrap(snapshot.company(firm)), snapshot: snapshot, scenario: "tighten")
        let line = try XCTUnwrap(page.sections.flatMap(\.lines).first { $0.label.hasPrefix(factor.code + " ") })
        XCTAssertTrue(line.value.contains("(Tighten; baseline unknown, counted as 0.50)"), line.value)
        XCTAssertTrue(line.value.contains("— Tighten: "), line.value)
    }

    /// A date column's first sort puts the newest first, in every panel, as figures start
    /// at the largest; names start at A.
    func testDateColumnsSortNewestFirst() {
        for panel in PanelID.allCases {
            for (index, column) in DashboardData.columns(panel).enumerated() {
                if Reducer.dateColumns.contains(column.title) {
                    XCTAssertFalse(Reducer.defaultAscending(panel, index), "\(panel) \(column.title)")
                }
            }
        }
        XCTAssertTrue(Reducer.defaultAscending(.companies, 0), "names A→Z")
        // Every panel's date columns are in the set (a renamed one would silently sort oldest first).
        let expected: [PanelID: [String]] = [.companies: ["As of"], .ipos: ["Listed", "Latest on"], .policies: ["Date"], .risk: ["EL since"]]
        for panel in PanelID.allCases {
            XCTAssertEqual(DashboardData.columns(panel).filter { Reducer.dateColumns.contains($0.title) }.map(\.title), expected[panel], "\(panel)")
        }
    }

    /// An event's named firms change as firm names, not record ids.
    func testEventFirmsChangeIsToldByName() throws {
        let base = TestData.snapshot
        var events = base.events
        let index = try XCTUnwrap(events.firstIndex { $0.id == "us-entity-list-zhipu-sophgo-2025" })
        events[index].companyIds = ["zhipu-ai"]
        let changed = base.replacing(events: events)
        let change = try XCTUnwrap(SnapshotDiff().between(base, changed).first { $0.field == "companyIds" })
        XCTAssertEqual(change.old, "Zhipu AI (Z.ai), Sophgo")
        XCTAssertEqual(change.new, "Zhipu AI (Z.ai)")
    }

    /// A listing's new ticker is told as such (a pending IPO getting its code), not as
    /// "also changed: listing".
    func testANewTickerIsToldAsSuch() throws {
        let base = TestData.snapshot
        var ipos = base.ipos
        let index = try XCTUnwrap(ipos.firstIndex { $0.ticker == nil })
        ipos[index].ticker = "688999"
        let changed = base.replacing(ipos: ipos)
        let changes = SnapshotDiff().between(base, changed)
        let ticker = try XCTUnwrap(changes.first { $0.field == "ticker" })
        XCTAssertEqual(ticker.old, "—")
        XCTAssertEqual(ticker.new, "688999")
        XCTAssertFalse(changes.contains { $0.field == SnapshotDiff.detailsField }, "the listing group is not named again")
        XCTAssertEqual(IPORow.changedColumns(["ipo.ticker"]), [1])
    }

    /// A price point edited in place that is not the latest price is named with its date
    /// and kind, old → new, instead of "also changed: prices".
    func testAnEditedEarlierPriceIsNamed() throws {
        let base = TestData.snapshot
        var ipos = base.ipos
        let index = try XCTUnwrap(ipos.firstIndex { $0.id == "minimax-hkex" })
        let point = try XCTUnwrap(ipos[index].pricePoints.firstIndex { $0.kind == .intraday })
        let date = ipos[index].pricePoints[point].date
        let was = ipos[index].pricePoints[point].price
        ipos[index].pricePoints[point].price = was + 6
        let changed = base.replacing(ipos: ipos)
        let changes = SnapshotDiff().between(base, changed)
        let price = try XCTUnwrap(changes.first { $0.field == "price" })
        XCTAssertEqual(price.old, "\(was)")
        XCTAssertEqual(price.new, "\(was + 6) (\(date) intraday)")
        XCTAssertFalse(changes.contains { $0.field == SnapshotDiff.detailsField }, "not also named as 'prices': \(changes.map(\.summary))")
        XCTAssertTrue(ChangesPage.describe(price).hasSuffix("price: \(was) → \(was + 6) (\(date) intraday)"), ChangesPage.describe(price))
    }

    /// A reload whose risk model drops the scenario shown falls back to the baseline; a
    /// sort by Δ base (hidden there) goes back to rank, as after `x`.
    func testAReloadBackToBaselineLeavesNoSortByAHiddenColumn() {
        var state = TestData.state()
        while state.scenario == RiskScenario.baselineID { state.send(.char("x")) }
        state.sort(.risk, by: SortState(column: RiskRow.deltaColumn, ascending: false))
        let base = TestData.snapshot
        var model = base.riskModel
        model.scenarios = model.scenarios.filter { $0.id == RiskScenario.baselineID }
        let reloaded = base.replacing(riskModel: model)
        _ = Reducer.reduce(&state, .snapshotPrepared(PreparedSnapshot(reloaded, replacing: state.reloadBase), at: Date()))
        XCTAssertEqual(state.scenario, RiskScenario.baselineID)
        XCTAssertEqual(state.panel(.risk).sort, SortState(column: 0, ascending: true))
    }

    /// Ctrl-L asks for a full repaint wherever it is pressed: panels, a page, help, a search.
    func testCtrlLAsksForARepaintInEveryMode() {
        var state = TestData.state()
        XCTAssertEqual(Reducer.reduce(&state, .key(.ctrl("l"))), [.redraw])
        state.send(.enter)
        XCTAssertEqual(Reducer.reduce(&state, .key(.ctrl("l"))), [.redraw])
        state.send(.char("?"))
        XCTAssertEqual(Reducer.reduce(&state, .key(.ctrl("l"))), [.redraw])
        XCTAssertEqual(state.mode, .help, "help stays open")
        state.send(.escape, .char("/"))
        state.type("zh")
        XCTAssertEqual(Reducer.reduce(&state, .key(.ctrl("l"))), [.redraw])
        XCTAssertEqual(state.panel(.companies).query, "zh", "the query is kept")
    }

    /// A firm listed twice (an A share and an H share) whose A-share close changes:
    /// only that IPO's line is marked, not the H share's line of the same date.
    func testAChangedCloseMarksOnlyItsOwnIPOsLine() throws {
        // The H share is the A share's unchanged record under another code.
        var second = TestData.snapshot.ipos.first { $0.id == "metax-star" }!
        second.id = "metax-hkex"
        second.exchange = .hkex
        second.ticker = "9999"
        func withSecondListing(_ snapshot: Snapshot) -> Snapshot {
            snapshot.replacing(ipos: snapshot.ipos + [second])
        }
        var state = AppState(snapshot: withSecondListing(TestData.snapshot), dataPath: "Data",
                             size: TerminalSize(width: 200, height: 40), themeNames: ["dark"])
        _ = Reducer.reduce(&state, .snapshotPrepared(PreparedSnapshot(withSecondListing(Self.snapshotWithNewMetaXClose()),
                                                                      replacing: state.reloadBase), at: Date()))
        state.pages = [PageState(.firm("metax"))]
        let document = try XCTUnwrap(Reducer.openPage(state)).document
        XCTAssertEqual(document.rows.filter { $0.text.contains("HKEX") || $0.text.contains("HK:9999") }.isEmpty, false, "the H share's section is shown")
        let changed = document.rows.filter { $0.tone == .changed }.map(\.text)
        XCTAssertEqual(changed.count, 1, "\(changed)")
        XCTAssertTrue(changed.first?.contains("600.00") == true, "\(changed)")
    }

    func testReloadRecordsChangesAndMarksFields() {
        var state = TestData.state()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        _ = Reducer.reduce(&state, .snapshotPrepared(PreparedSnapshot(Self.snapshotWithNewMetaXClose(), replacing: state.reloadBase), at: now))
        let changes = state.changeLog.last!.changes
        XCTAssertTrue(changes.contains { $0.id == "metax-star" && $0.field == "latestPrice" && ($0.new ?? "").hasPrefix("CNY 600.00") },
                      "\(changes.map(\.summary))")
        XCTAssertEqual(state.changeMarks["metax-star"]?.fields, ["ipo.latestPrice"])
        XCTAssertEqual(state.changeMarks["metax"]?.fields.contains("ipo.latestPrice"), true, "the firm's rows are marked too")
        XCTAssertEqual(IPORow.changedColumns(["ipo.latestPrice"]), [6, 7, 10])
        XCTAssertEqual(CompanyRow.changedColumns(["ipo.latestPrice"]), [7])
        XCTAssertEqual(state.notice, "Reloaded: \(changes.count) change\(changes.count == 1 ? "" : "s") (c lists them)")
        // Marks fade after a while.
        _ = Reducer.reduce(&state, .tick(now.addingTimeInterval(Reducer.changeMarkDuration + 1)))
        XCTAssertTrue(state.changeMarks.isEmpty)
        XCTAssertEqual(state.changeLog.count, 1, "the history stays for the session")
    }

    /// Prepared off the run loop against what is on screen: applied as prepared.
    func testPreparedReloadIsAppliedAsPrepared() {
        var state = TestData.state()
        let prepared = PreparedSnapshot(Self.snapshotWithNewMetaXClose(), replacing: state.reloadBase)
        XCTAssertEqual(prepared.data.generation, state.data.generation + 1)
        _ = Reducer.reduce(&state, .snapshotPrepared(prepared, at: Date()))
        XCTAssertEqual(state.data.generation, prepared.data.generation)
        XCTAssertEqual(state.changeLog.last?.changes, prepared.changes)
        XCTAssertEqual(state.changeMarks["metax-star"]?.fields, ["ipo.latestPrice"])
        XCTAssertEqual(state.data.ipoRows.first { $0.id == "metax-star" }?.latestPrice, 600)
    }

    /// Overtaken while it was prepared (here by another reload that already brought the
    /// new price): its changes are worked out again against what is shown, so nothing is
    /// reported twice and the rows are the new snapshot's.
    func testOvertakenPreparedReloadIsPreparedAgain() {
        var state = TestData.state()
        let stale = PreparedSnapshot(Self.snapshotWithNewMetaXClose(), replacing: state.reloadBase)
        _ = Reducer.reduce(&state, .snapshotPrepared(PreparedSnapshot(Self.snapshotWithNewMetaXClose(), replacing: state.reloadBase), at: Date()))
        let generation = state.data.generation
        _ = Reducer.reduce(&state, .snapshotPrepared(stale, at: Date()))
        XCTAssertEqual(state.data.generation, generation + 1, "rebuilt on top of the shown data")
        XCTAssertEqual(state.changeLog.count, 1, "the second reload changed nothing")
        XCTAssertEqual(state.notice, "Reloaded: no changes")
        // A scenario change meanwhile also counts as overtaken: the rows keep the scenario.
        let base = state.reloadBase
        state.send(.char("x"))
        let scenario = state.scenario
        XCTAssertNotEqual(scenario, base.scenario)
        _ = Reducer.reduce(&state, .snapshotPrepared(PreparedSnapshot(TestData.snapshot, replacing: base), at: Date()))
        XCTAssertEqual(state.data.scenario, scenario)
    }

    func testChangesPageListsHistoryWithLinks() {
        var state = TestData.state()
        _ = Reducer.reduce(&state, .snapshotPrepared(PreparedSnapshot(Self.snapshotWithNewMetaXClose(), replacing: state.reloadBase), at: Date()))
        state.send(.char("c"))
        XCTAssertEqual(state.pages.last?.page, .changes)
        let document = PageDocument.make(.changes, state: state, width: 100)
        let row = document.rows.first { $0.text.contains("MetaX STAR:688802 · latest price") && $0.text.contains("CNY 600.00") }
        XCTAssertNotNil(row)
        XCTAssertEqual(row?.link, .company("metax"))
    }
}

final class SearchIndexTests: XCTestCase {
    func testByteSearchFindsSubstringsIncludingChinese() {
        func has(_ hay: String, _ needle: String) -> Bool { SearchIndex.contains(Array(hay.utf8), Array(needle.utf8)) }
        XCTAssertTrue(has("moore threads\u{1F}摩尔线程", "摩尔"))
        XCTAssertTrue(has("zhipu ai", "pu a"))
        XCTAssertTrue(has("abc", ""))
        XCTAssertTrue(has("abc", "abc"))
        XCTAssertFalse(has("ab", "abc"))
        XCTAssertFalse(has("aab", "abb"))
        XCTAssertTrue(has("aaab", "aab"), "restarts after a partial match")
    }
}

final class FormatTests: XCTestCase {
    func testDecimalRoundsPadsAndGroups() {
        XCTAssertEqual(Format.decimal(Decimal(string: "1258.89")!, places: 2), "1,258.89")
        XCTAssertEqual(Format.decimal(Decimal(string: "114.285")!, places: 2), "114.29")
        XCTAssertEqual(Format.decimal(Decimal(string: "3.9")!, places: 2), "3.90")
        XCTAssertEqual(Format.decimal(Decimal(string: "8000000000")!, places: 0), "8,000,000,000")
        XCTAssertEqual(Format.decimal(Decimal(string: "-16.54")!, places: 1), "-16.5")
        XCTAssertEqual(Format.decimal(Decimal(string: "0.004")!, places: 2), "0.00")
        XCTAssertEqual(Format.decimal(Decimal(string: "999.995")!, places: 2), "1,000.00")
        XCTAssertEqual(Format.money(Money(amount: 4_350_000_000, currency: CurrencyCode("HKD")!)), "HK$4.35bn")
        XCTAssertEqual(Format.percent(Decimal(string: "425.45")!), "+425.5%")
        XCTAssertEqual(Format.percent(Decimal(string: "-58.44")!), "−58.4%")
    }

    /// Every currency the loader accepts has a rough US$ rate for sorting (not 1:1).
    func testEveryKnownCurrencyHasASortingRate() {
        for code in CurrencyCode.known where code != "USD" {
            XCTAssertNotEqual(CompanyRow.usdApprox(Money(amount: 1, currency: CurrencyCode(code)!)), 1, code)
        }
    }

    /// A range keeps both ends and a floor says so: neither passes for a single figure.
    func testRangesAndFloorsAreShownAsSuch() {
        let cny = CurrencyCode("CNY")!, usd = CurrencyCode("USD")!
        XCTAssertEqual(Format.money(Money(amount: 200_000_000_000, currency: cny, upTo: 500_000_000_000)), "CNY 200–500bn")
        XCTAssertEqual(Format.money(Money(amount: 2_500_000_000, currency: usd, upTo: 3_000_000_000)), "US$2.5–3bn")
        XCTAssertEqual(Format.money(Money(amount: 500_000_000, currency: usd, upTo: 1_200_000_000)), "US$500m–1.20bn")
        XCTAssertEqual(Format.money(Money(amount: 29_000_000_000, currency: usd, atLeast: true)), "≥US$29.0bn")
    }

    /// A valuation sought in a round not yet closed is never the latest valuation.
    func testATargetIsNotTheLatestValuation() throws {
        let usd = CurrencyCode("USD")!
        func valuation(_ date: String, _ kind: Valuation.Kind, _ amount: Decimal) -> Valuation {
            Valuation(date: CalendarDate(iso: date)!, kind: kind,
                      value: Sourced(value: Money(amount: amount, currency: usd), provenance: Provenance(confidence: .confirmed, sources: [])))
        }
        let firm = Company(id: "x", name: "X", segment: .foundationModels, status: .private,
                           valuations: [valuation("2025-12-31", .privateValuation, 4_300_000_000), valuation("2026-02", .target, 10_000_000_000)],
                           provenance: Provenance(confidence: .confirmed, sources: []))
        XCTAssertEqual(firm.latestValuation?.value.value.amount, 4_300_000_000)
    }

    func testClockIsHoursMinutesSeconds() {
        let text = Format.clock(Date(timeIntervalSince1970: 1_800_000_000))
        XCTAssertNotNil(text.range(of: #"^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$"#, options: .regularExpression), text)
    }
}

final class MouseTests: XCTestCase {
    func testClickSelectsSecondClickOpensWheelScrollsHeaderSorts() {
        var state = TestData.state(width: 120, height: 40)
        guard case .dashboard(_, let panels, _, _, _) = state.layout, let companies = panels[.companies],
              let ipos = panels[.ipos] else { return XCTFail("expected the grid") }
        // Click the third data row of the company table.
        let rowY = companies.table.y + 1 + 2
        _ = Reducer.reduce(&state, .mouse(MouseEvent(.press, x: companies.table.x + 2, y: rowY)))
        XCTAssertEqual(state.panel(.companies).cursor.selected, 2)
        let id = state.selectedID(.companies)!
        _ = Reducer.reduce(&state, .mouse(MouseEvent(.press, x: companies.table.x + 2, y: rowY)))
        XCTAssertEqual(state.pages.last?.page, .firm(id), "clicking the selected row opens it")
        state.send(.escape)
        // The wheel over the IPO panel focuses and scrolls it.
        _ = Reducer.reduce(&state, .mouse(MouseEvent(.wheelDown, x: ipos.table.x + 2, y: ipos.table.y + 2)))
        XCTAssertEqual(state.focus, .ipos)
        XCTAssertEqual(state.panel(.ipos).cursor.selected, 3)
        // A click on the company header sorts by the column under the pointer (Name).
        _ = Reducer.reduce(&state, .mouse(MouseEvent(.press, x: companies.table.x + 1, y: companies.table.y)))
        XCTAssertEqual(state.panel(.companies).sort.column, 0)
        _ = Reducer.reduce(&state, .mouse(MouseEvent(.press, x: companies.table.x + 1, y: companies.table.y)))
        XCTAssertEqual(state.panel(.companies).sort.ascending, false, "a second click reverses")
    }

    func testMouseOffIgnoresEvents() {
        var state = TestData.state()
        state.send(.char("m"))
        _ = Reducer.reduce(&state, .mouse(MouseEvent(.wheelDown, x: 5, y: 5)))
        XCTAssertEqual(state.panel(.companies).cursor.selected, 0)
    }

    func testTabBarClickFocusesInSinglePanelMode() {
        var state = TestData.state(width: 80, height: 24)
        let x = TabBar.start + TabBar.label(.companies).count + 2 + 1 + 1
        _ = Reducer.reduce(&state, .mouse(MouseEvent(.press, x: x, y: 0)))
        XCTAssertEqual(state.focus, .ipos)
    }
}

final class PriceSeriesTests: XCTestCase {
    /// An empty chart says why: not listed yet, or listed without known prices.
    func testEmptyChartSaysWhy() {
        let pending = TestData.snapshot.ipos.filter { $0.status == .pending }
        XCTAssertFalse(pending.isEmpty)
        for ipo in pending {
            XCTAssertTrue(PriceSeries(ipo: ipo, companyName: "x").emptyMessage.hasPrefix("Not listed yet"))
        }
        let listed = TestData.snapshot.ipos.first { $0.status == .listed }!
        XCTAssertEqual(PriceSeries(ipo: listed, companyName: "x").emptyMessage, "No known prices after listing")
        XCTAssertEqual(Format.points(17.5), "17.5")
        XCTAssertEqual(Format.points(18.0), "18")
        XCTAssertEqual(Format.points(2.96), "3")
    }
}

extension PriceSeriesTests {
    /// A pending IPO's amount is a target: not in the Raised column, labelled on the page.
    func testPendingIPOsTargetIsNotShownAsRaised() {
        let snapshot = TestData.snapshot
        let pending = snapshot.ipos.first { $0.status == .pending && $0.amountRaised != nil }!
        let row = IPORow(ipo: pending, snapshot: snapshot)
        let context = CellContext(scenario: RiskScenario.baselineID, asOf: snapshot.manifest.asOf)
        XCTAssertEqual(row.cells(context: context)[8].text, Format.unknown)
        let page = FirmPage(company: snapshot.company(pending.companyId)!, snapshot: snapshot, scenario: RiskScenario.baselineID)
        let labels = page.sections.flatMap(\.lines).map(\.label)
        XCTAssertTrue(labels.contains("Target raise"))
        XCTAssertFalse(labels.contains("Amount raised"))
    }
}

final class FirmPageTests: XCTestCase {
    /// Under a scenario, a factor value the scenario moved names the scenario and the
    /// baseline value (the rationale beside it explains the baseline one).
    func testScenarioAdjustedValuesAreMarked() {
        let snapshot = TestData.snapshot
        let scenario = snapshot.scenarioIDs.first { $0 != RiskScenario.baselineID }!
        let name = snapshot.riskModel.scenario(named: scenario)!.name
        var marked = 0
        for company in snapshot.companies {
            guard let base = snapshot.riskScore(company.id), let moved = snapshot.riskScore(company.id, scenario: scenario) else { continue }
            // Moved: the value, or what an unknown one is counted as.
            let changed = Set(zip(base.contributions, moved.contributions)
                .filter { $0.value != $1.value || abs($0.effectiveValue - $1.effectiveValue) > 1e-9 }.map(\.1.factorId))
            let lines = FirmPage(company: company, snapshot: snapshot, scenario: scenario).sections.flatMap(\.lines)
            for factor in snapshot.riskModel.factors {
                guard let line = lines.first(where: { $0.label.hasPrefix(factor.code + " ") }) else { continue }
                XCTAssertEqual(line.value.contains("(\(name); baseline"), changed.contains(factor.id), "\(company.id) \(factor.code): \(line.value)")
                if changed.contains(factor.id) { marked += 1 }
            }
        }
        XCTAssertGreaterThan(marked, 0, "the scenario moves some values")
    }
}

extension FirmPageTests {
    /// Labels say a thing once: a round named after its date, a segment detail equal to
    /// its label.
    func testLabelsDoNotRepeatThemselves() {
        for company in TestData.snapshot.companies {
            let lines = FirmPage(company: company, snapshot: TestData.snapshot, scenario: RiskScenario.baselineID).sections.flatMap(\.lines)
            for line in lines {
                let words = line.label.split(separator: " ")
                XCTAssertFalse(words.count >= 4 && words[0] == words[2] && words[1] == words[3], "\(company.id): \(line.label)")
                XCTAssertFalse(line.label == "Segment" && line.value == company.segment.label + " — " + company.segment.label, company.id)
                XCTAssertFalse(line.label.contains("Date ?"), "\(company.id): unknown dates read 'Undated', not the doubt marker")
            }
        }
    }
}

extension FirmPageTests {
    /// Related events' markers line up whatever the date's precision ("2019-05", "2024-12-02").
    func testRelatedEventMarkersLineUp() {
        var precisions: Set<Int> = []
        for company in TestData.snapshot.companies {
            let page = FirmPage(company: company, snapshot: TestData.snapshot, scenario: RiskScenario.baselineID)
            for line in page.sections.filter({ $0.title.hasPrefix("Related policy") || $0.title.hasPrefix("Policy for its segment") })
                .flatMap(\.lines) where line.link != nil {
                let marker = line.label.firstIndex { $0 == "●" || $0 == "▲" }
                XCTAssertEqual(marker.map { line.label.distance(from: line.label.startIndex, to: $0) }, 11, line.label)
                precisions.insert(line.label.prefix(10).trimmingCharacters(in: .whitespaces).count)
            }
        }
        XCTAssertGreaterThan(precisions.count, 1, "the data has dates of more than one precision")
    }
}
