import Foundation
import SinoAIDomain
@testable import SinoAIRendering
import SinoAIViewModel
import XCTest

/// Whole frames at three terminal sizes, compared with reviewed golden text.
final class GoldenFrameTests: XCTestCase {
    static let sizes = [(80, 24), (120, 40), (200, 60)]

    func testDashboardAtEachSize() {
        for (w, h) in Self.sizes {
            let state = TestData.state(width: w, height: h)
            GoldenFrames.assert(ScreenRenderer.render(state), named: "dashboard-\(w)x\(h)")
        }
    }

    func testEachPanelZoomedAtEachSize() {
        for (w, h) in Self.sizes {
            for panel in PanelID.allCases {
                var state = TestData.state(width: w, height: h)
                state.send(.char(Character(String(panel.number))))
                GoldenFrames.assert(ScreenRenderer.render(state), named: "panel-\(panel.number)-\(w)x\(h)")
            }
        }
    }

    func testFirmPageAtEachSize() {
        for (w, h) in Self.sizes {
            var state = TestData.state(width: w, height: h)
            state.send(.char("/"), .char("z"), .char("h"), .char("i"), .char("p"), .char("u"), .enter)
            XCTAssertEqual(state.pages.last?.page, .firm("zhipu-ai"))
            GoldenFrames.assert(ScreenRenderer.render(state), named: "firm-zhipu-\(w)x\(h)")
        }
    }

    func testEventPage() {
        var state = TestData.state(width: 120, height: 40)
        state.pages = [PageState(.event("us-entity-list-ai-chips-2022"))]
        GoldenFrames.assert(ScreenRenderer.render(state), named: "event-120x40")
    }

    func testTooSmall() {
        GoldenFrames.assert(ScreenRenderer.render(TestData.state(width: 50, height: 12)), named: "too-small-50x12")
    }

    func testHelpOverlay() {
        var state = TestData.state(width: 120, height: 40)
        state.send(.char("?"))
        GoldenFrames.assert(ScreenRenderer.render(state), named: "help-120x40")
    }

    func testAsciiMode() {
        let buffer = ScreenRenderer.render(TestData.state(width: 120, height: 40), options: RenderOptions(ascii: true))
        XCTAssertTrue(buffer.cells.allSatisfy { $0.symbol.unicodeScalars.allSatisfy(\.isASCII) }, "ASCII mode emits ASCII only")
        GoldenFrames.assert(buffer, named: "dashboard-ascii-120x40")
    }
}

/// Properties that must hold at every size, not just the golden ones.
final class TortureTests: XCTestCase {
    func testEverySizeFrom1x1RendersWithoutCrashing() {
        var state = TestData.state(width: 1, height: 1)
        for width in stride(from: 1, through: 300, by: 7) {
            for height in stride(from: 1, through: 100, by: 3) {
                _ = Reducer.reduce(&state, .resize(TerminalSize(width: width, height: height)))
                let buffer = ScreenRenderer.render(state)
                XCTAssertEqual(buffer.width, width)
                XCTAssertEqual(buffer.height, height)
            }
        }
    }

    func testTooSmallMessageNamesTheNeededSize() {
        let text = ScreenRenderer.render(TestData.state(width: 59, height: 20)).text()
        XCTAssertTrue(text.contains("Terminal too small"))
        XCTAssertTrue(text.contains("need at least 60×15"))
    }

    func testGridShowsAllFourTitles() {
        let text = ScreenRenderer.render(TestData.state(width: 120, height: 40)).text()
        for panel in PanelID.allCases { XCTAssertTrue(text.contains(panel.title), panel.title) }
    }

    func testWideCharactersStayAlignedInTheCompanyTable() {
        var state = TestData.state(width: 80, height: 40)
        state.send(.char("1"))
        let buffer = ScreenRenderer.render(state)
        // Find the "Segment" header's column and check every row has a cell boundary there.
        let header = (0..<buffer.height).first { buffer.rowText($0).contains("Segment") }!
        var column = 0
        var x = 0
        while x < buffer.width {
            if buffer.rowText(header).isEmpty { break }
            if buffer[x, header].symbol == "S", x + 6 < buffer.width,
               (0..<7).map({ buffer[x + $0, header].symbol }).joined() == "Segment" { column = x; break }
            x += 1
        }
        XCTAssertGreaterThan(column, 0)
        for y in (header + 1)..<(buffer.height - 2) where buffer.rowText(y).hasPrefix("│") {
            XCTAssertFalse(buffer[column, y].isContinuation, "row \(y) splits a wide character at the Segment column")
            XCTAssertEqual(buffer[column - 1, y].symbol, " ", "row \(y): the column gap is blank")
        }
    }
}
