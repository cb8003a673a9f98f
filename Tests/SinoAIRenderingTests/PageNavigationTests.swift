import SinoAIDomain
@testable import SinoAIRendering
import SinoAIViewModel
import XCTest

/// The page row the cursor is on (what Enter follows) must be the row drawn highlighted,
/// at every width: the reducer and the renderer lay pages out the same way.
final class PageNavigationTests: XCTestCase {
    static let sizes = [(80, 24), (80, 30), (100, 30), (120, 40), (140, 40), (200, 60), (120, 70)]
    static let pages: [Page] = [.firm("zhipu-ai"), .firm("minimax"), .event("us-entity-list-zhipu-sophgo-2025"),
                                .event("us-entity-list-ai-chips-2022")]

    /// Walks every line of each page with j and checks that the highlighted rows on screen
    /// are that line's (all its wrapped rows) and hold its text.
    func testHighlightedRowIsTheCursorRowAtEverySize() {
        for (w, h) in Self.sizes {
            for page in Self.pages {
                let (start, document) = Self.open(page, width: w, height: h)
                var state = start
                XCTAssertGreaterThan(document.rows.count, 3)
                for index in document.lineStarts {
                    XCTAssertEqual(state.pages.last?.cursor.selected, index, "\(page) \(w)x\(h)")
                    let row = document.rows[index]
                    let lines = Self.highlightedLines(ScreenRenderer.render(state))
                    XCTAssertEqual(lines.count, document.itemRows(of: index).count, "\(page) \(w)x\(h) row \(index): the line's rows")
                    // A row may hold only a label (a long label wraps in its column).
                    let shown = row.text.trimmingCharacters(in: .whitespaces).isEmpty ? row.label : row.text
                    if let line = lines.first {
                        XCTAssertTrue(line.contains(shown.trimmingCharacters(in: .whitespaces)),
                                      "\(page) \(w)x\(h) row \(index): drew \"\(line)\" for \"\(shown)\"")
                    }
                    state.send(.down)
                }
                XCTAssertEqual(state.pages.last?.cursor.selected, document.lineStarts.last, "j stops at the last line")
            }
        }
    }

    /// How many j presses from the top reach the line holding row `index`.
    static func presses(to index: Int, in document: PageDocument) -> Int {
        document.lineStarts.firstIndex(of: document.itemRows(of: index).lowerBound)!
    }

    /// On a short screen the chart shows at the top of a firm page and gives its rows to
    /// the text further down: walking down it goes away once and stays away, walking back
    /// up it returns once (no flicker), and what is drawn is what the reducer stored.
    func testChartCollapsesOnceWhileScrollingAShortScreen() {
        for (w, h) in [(80, 24), (80, 30), (100, 30)] {
            let (start, document) = Self.open(.firm("zhipu-ai"), width: w, height: h)
            var state = start
            func laidOut(_ state: AppState) -> (frame: PageFrame, cursor: ListCursor) {
                let made = PageDocument.make(.firm("zhipu-ai"), state: state, body: state.layout.pageBody!, cursor: state.pages[0].cursor)
                return (made.frame, made.cursor)
            }
            var shown: [Bool] = []
            for key in Array(repeating: Key.down, count: document.lineStarts.count) + Array(repeating: Key.up, count: document.lineStarts.count) {
                shown.append(laidOut(state).frame.chart != nil)
                state.send(key)
                XCTAssertEqual(laidOut(state).cursor, state.pages[0].cursor, "\(w)x\(h): what is drawn is what is stored")
            }
            shown.append(laidOut(state).frame.chart != nil)
            let changes = zip(shown, shown.dropFirst()).filter { $0 != $1 }.count
            XCTAssertEqual(changes, 2, "\(w)x\(h): the chart goes once and comes back once: \(shown)")
            XCTAssertEqual(shown.first, true)
            XCTAssertEqual(shown.last, true)
            // The stored cursor is the shown one: drawing changes nothing.
            XCTAssertEqual(laidOut(state).cursor, state.pages[0].cursor)
        }
    }

    /// Enter on each link row opens that row's link, at every width.
    func testEnterFollowsTheHighlightedLinkAtEverySize() {
        for (w, h) in Self.sizes {
            for page in Self.pages {
                let (state, document) = Self.open(page, width: w, height: h)
                XCTAssertTrue(document.rows.contains { $0.link != nil }, "\(page) has links")
                // Down the page line by line (j), following each link from where j leaves the cursor.
                var walking = state
                for index in document.lineStarts {
                    if let link = document.rows[index].link {
                        var opening = walking
                        XCTAssertEqual(opening.follow(), link, "\(page) \(w)x\(h) row \(index)")
                    }
                    walking.send(.down)
                }
            }
        }
    }

    /// `G` shows the page's last row, chart or not.
    func testLastRowIsReachable() {
        for (w, h) in Self.sizes {
            for page in Self.pages {
                let (start, document) = Self.open(page, width: w, height: h)
                var state = start
                state.send(.char("G"))
                let last = document.rows.last { $0.kind == .line }!.text.trimmingCharacters(in: .whitespaces)
                XCTAssertTrue(ScreenRenderer.render(state).text().contains(last), "\(page) \(w)x\(h): \"\(last)\" not on screen")
            }
        }
    }

    /// A state of that size showing `page`, and the page as the screen lays it out.
    static func open(_ page: Page, width: Int, height: Int) -> (AppState, PageDocument) {
        var state = TestData.state(width: width, height: height)
        state.pages = [PageState(page)]
        return (state, PageDocument.make(page, state: state, body: state.layout.pageBody!).document)
    }

    /// Lines of the frame drawn in the selection colours.
    static func highlightedLines(_ buffer: Buffer) -> [String] {
        let text = buffer.text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return (0..<buffer.height).filter { y in
            (0..<buffer.width).contains { x in buffer[x, y].style.bg == .selection }
        }.map { text[$0] }
    }
}

extension PageNavigationTests {
    /// After a resize the cursor is on the same line of the page (rewrapped), so Enter
    /// still opens the link the reader chose.
    func testResizeKeepsTheCursorOnTheSameLink() {
        let page = Page.event("cn-chip-incentive-package")
        for (from, to) in [((200, 60), (120, 40)), ((120, 40), (80, 24)), ((80, 24), (200, 60))] {
            guard TestData.snapshot.event("cn-chip-incentive-package") != nil else { return XCTFail("event id changed") }
            let (state, document) = Self.open(page, width: from.0, height: from.1)
            for index in document.rows.indices where document.rows[index].link != nil {
                var resized = state
                for _ in 0..<Self.presses(to: index, in: document) { resized.send(.down) }
                _ = Reducer.reduce(&resized, .resize(TerminalSize(width: to.0, height: to.1)))
                XCTAssertEqual(resized.follow(), document.rows[index].link, "\(from) → \(to), row \(index)")
            }
        }
    }
}
