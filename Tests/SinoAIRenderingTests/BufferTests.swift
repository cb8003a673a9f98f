@testable import SinoAIRendering
import SinoAIViewModel
import XCTest

final class BufferTests: XCTestCase {
    func testWideGlyphTakesTwoCellsWithContinuation() {
        var buffer = Buffer(width: 6, height: 1)
        let used = buffer.put("深度A", x: 0, y: 0, style: .normal)
        XCTAssertEqual(used, 5)
        XCTAssertEqual(buffer[0, 0].symbol, "深")
        XCTAssertEqual(buffer[0, 0].width, 2)
        XCTAssertTrue(buffer[1, 0].isContinuation)
        XCTAssertEqual(buffer[4, 0].symbol, "A")
        XCTAssertEqual(buffer.text(), "深度A")
    }

    func testWideGlyphAtTheEdgeBecomesASpace() {
        var buffer = Buffer(width: 3, height: 1)
        buffer.put("A深度", x: 0, y: 0, style: .normal)
        XCTAssertEqual(buffer.text(), "A深")
        var narrow = Buffer(width: 4, height: 1)
        narrow.put("AB深", x: 0, y: 0, maxWidth: 3, style: .normal)
        XCTAssertEqual(narrow[2, 0].symbol, " ", "never half a character")
        XCTAssertFalse(narrow.cells.contains { $0.isContinuation })
    }

    func testOverwritingHalfAWideGlyphRepairsTheOtherHalf() {
        var buffer = Buffer(width: 4, height: 1)
        buffer.put("深度", x: 0, y: 0, style: .normal)
        buffer.put("x", x: 1, y: 0, style: .normal)
        XCTAssertEqual(buffer[0, 0].symbol, " ")
        XCTAssertEqual(buffer[0, 0].width, 1)
        XCTAssertEqual(buffer.text(), " x度")
    }

    func testEscapeSequencesAreShownNotSent() {
        var buffer = Buffer(width: 30, height: 1)
        buffer.put("Evil\u{1B}[2J\u{07}\u{9B}31m", x: 0, y: 0, style: .normal)
        let text = buffer.text()
        XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        XCTAssertTrue(text.hasPrefix("Evil\\e[2J\\u{7}\\u{9B}31m"), text)
    }

    func testZeroWidthJoinerIsStripped() {
        var buffer = Buffer(width: 10, height: 1)
        let used = buffer.put("👩‍💻!", x: 0, y: 0, style: .normal)
        XCTAssertEqual(used, 5, "two emoji of width 2 without the joiner, then !")
        XCTAssertFalse(buffer.cells.contains { $0.symbol.unicodeScalars.contains("\u{200D}") })
    }

    func testPutFittedTruncatesWithEllipsisAndPads() {
        var buffer = Buffer(width: 8, height: 1)
        buffer.putFitted("北京智谱华章", x: 0, y: 0, width: 7, style: .normal)
        XCTAssertEqual(buffer.text(), "北京智…")
        var right = Buffer(width: 6, height: 1)
        right.putFitted("12", x: 0, y: 0, width: 6, style: .normal, alignRight: true)
        XCTAssertEqual(right.text(), "    12")
    }

    func testChangedRows() {
        var a = Buffer(width: 4, height: 3)
        let b = a
        a.put("x", x: 0, y: 1, style: .normal)
        XCTAssertEqual(a.changedRows(from: b), [1])
    }
}

final class WidgetTests: XCTestCase {
    func testHBarUsesEighths() {
        var buffer = Buffer(width: 4, height: 1)
        HBar(fraction: 0.5625, role: .accent).render(Rect(x: 0, y: 0, width: 4, height: 1), into: &buffer)
        XCTAssertEqual(buffer.text(), "██▎")
        var ascii = Buffer(width: 4, height: 1)
        HBar(fraction: 1, role: .accent, ascii: true).render(Rect(x: 0, y: 0, width: 4, height: 1), into: &ascii)
        XCTAssertEqual(ascii.text(), "####")
    }

    func testSparklineScalesToRange() {
        var buffer = Buffer(width: 4, height: 1)
        Sparkline(values: [1, 2, 3, 4]).render(Rect(x: 0, y: 0, width: 4, height: 1), into: &buffer)
        XCTAssertEqual(buffer.text(), "▁▃▆█")
    }

    func testBoxDrawsTitleAndReturnsInterior() {
        var buffer = Buffer(width: 12, height: 3)
        let inner = Box(title: "Hi").render(Rect(x: 0, y: 0, width: 12, height: 3), into: &buffer)
        XCTAssertEqual(inner, Rect(x: 1, y: 1, width: 10, height: 1))
        XCTAssertEqual(buffer.text(), "┌ Hi ──────┐\n│          │\n└──────────┘")
    }

    func testTableRendersOnlyVisibleRows() {
        var fetched: [Int] = []
        let table = TableWidget(columns: [TableColumn("N", width: 5, flexible: true)], rowCount: 1_000_000,
                                row: { i in fetched.append(i); return ([], [TableCell("\(i)")]) },
                                cursor: ListCursor(selected: 500_000, top: 499_998), sort: nil, focused: true)
        var buffer = Buffer(width: 10, height: 5)
        table.render(Rect(x: 0, y: 0, width: 10, height: 5), into: &buffer)
        XCTAssertEqual(fetched, [499_998, 499_999, 500_000, 500_001], "a frame's cost does not depend on the row count")
    }

    func testDoubtMarkerFollowsTheText() {
        let table = TableWidget(columns: [TableColumn("Name", width: 8)], rowCount: 1,
                                row: { _ in ([], [TableCell("深度", doubtful: true)]) },
                                cursor: ListCursor(), sort: nil, focused: false)
        var buffer = Buffer(width: 8, height: 2)
        table.render(Rect(x: 0, y: 0, width: 8, height: 2), into: &buffer)
        XCTAssertEqual(buffer.rowText(1), "深度?")
    }

    func testLineChartPlotsPointsAndLabels() {
        var buffer = Buffer(width: 40, height: 8)
        let ipo = TestData.snapshot.ipo("moore-threads-star")!
        LineChart(series: PriceSeries(ipo: ipo, companyName: "Moore Threads")).render(Rect(x: 0, y: 0, width: 40, height: 8), into: &buffer)
        let text = buffer.text()
        XCTAssertTrue(text.contains("2025-12-05"), text)
        XCTAssertTrue(buffer.cells.contains { ($0.symbol.unicodeScalars.first?.value ?? 0) >= 0x2801 && ($0.symbol.unicodeScalars.first?.value ?? 0) <= 0x28FF })
        XCTAssertTrue(text.contains("×"), "intraday high as a marker")
    }
}

final class ThemeTests: XCTestCase {
    func testBuiltInThemeMatchesThemesFolder() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Themes/dark.theme")
        let text = try String(contentsOf: file, encoding: .utf8)
        XCTAssertEqual(try Theme.parse(text), Theme.builtInDark)
    }

    func testEveryBundledThemeParses() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Themes")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".theme") }
        XCTAssertGreaterThanOrEqual(names.count, 4)
        for name in names {
            let theme = try Theme.parse(try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
            XCTAssertEqual(theme.name + ".theme", name)
        }
    }

    /// On an 8-colour terminal, text drawn on the terminal's own background stays legible:
    /// no yellow or white text on the light theme, no blue or black text on the dark one
    /// (basic palettes draw those nearly invisible). Roles used as a background are exempt.
    func testEightColourTextIsLegibleOnTheThemesBackground() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Themes")
        let backgrounds: Set<ColorRole> = [.background, .selection, .statusBar, .banner]
        let unreadable: [String: Set<Int>] = ["light": [3, 7], "dark": [0, 4]]  // yellow, white; black, blue
        for (name, bad) in unreadable {
            let theme = try Theme.parse(try String(contentsOf: folder.appendingPathComponent(name + ".theme"), encoding: .utf8))
            for role in ColorRole.allCases where !backgrounds.contains(role) {
                guard let index = theme.color(role).index8 else { continue }
                XCTAssertFalse(bad.contains(index), "\(name): \(role) is colour \(index) in 8 colours")
            }
        }
    }

    func testParseErrorsNameTheLine() {
        XCTAssertThrowsError(try Theme.parse("name = x\ntext = #zzzzzz 1 white\n")) { error in
            XCTAssertEqual((error as? Theme.ParseError)?.line, 2)
        }
        XCTAssertThrowsError(try Theme.parse("name = x\nbogus = default default default\n")) { error in
            XCTAssertTrue("\(error)".contains("unknown role"))
        }
        XCTAssertThrowsError(try Theme.parse("name = x\n")) { error in
            XCTAssertTrue("\(error)".contains("missing roles"))
        }
    }
}
