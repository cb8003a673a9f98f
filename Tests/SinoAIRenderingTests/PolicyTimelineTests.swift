import SinoAIDomain
@testable import SinoAIRendering
import SinoAIViewModel
import XCTest

/// The timeline shows a year once per group of rows, but never leaves a row without one
/// where the reader cannot see the group's first row.
final class PolicyTimelineTests: XCTestCase {
    /// Lines of the zoomed timeline's table, below its header.
    func tableLines(_ state: AppState) -> [String] {
        let lines = ScreenRenderer.render(state).text().split(separator: "\n").map(String.init)
        let header = lines.firstIndex { $0.contains("Date") && $0.contains("Event") }!
        return Array(lines[(header + 1)...])
    }

    func testFirstRowOnScreenShowsItsYearAfterScrolling() {
        for (w, h) in [(80, 24), (120, 40)] {
            var state = TestData.state(width: w, height: h)
            state.send(.char("3"))
            for _ in 0..<3 {
                state.send(.pageDown)
                let first = tableLines(state)[0].drop { $0 == "│" || $0 == "|" || $0 == " " }
                XCTAssertTrue(first.prefix(4).allSatisfy(\.isNumber), "\(w)x\(h): first row on screen \"\(first)\" has no year")
            }
        }
    }

    /// A date known only to the year or the month always shows its year: "    -01" would
    /// read as the first of a month.
    func testYearOrMonthOnlyDateAlwaysShowsTheYear() {
        let yearOnly = TestData.snapshot.events.filter { $0.date.day == nil }
        XCTAssertTrue(yearOnly.contains { $0.date.month == nil }, "the bundled data has a year-only event")
        XCTAssertTrue(yearOnly.contains { $0.date.month != nil }, "the bundled data has a month-only event")
        for event in yearOnly {
            var state = TestData.state(width: 120, height: 40)
            state.send(.char("3"))
            let title = String(event.title.prefix(12))
            var lines = tableLines(state)
            for _ in 0..<20 where !lines.contains(where: { $0.contains(title) }) {
                state.send(.pageDown)
                lines = tableLines(state)
            }
            let line = lines.first { $0.contains(title) }!
            XCTAssertTrue(line.contains(event.date.description), "\"\(line)\" lacks its year")
        }
    }
}
