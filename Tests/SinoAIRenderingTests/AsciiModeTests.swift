@testable import SinoAIRendering
import SinoAIText
import SinoAIViewModel
import XCTest

/// `--ascii`: every symbol the app draws has an ASCII stand-in of the same width, and
/// `?` stays reserved for the low-confidence / disputed marker.
final class AsciiModeTests: XCTestCase {
    private func ascii(_ text: String, width: Int = 40) -> String {
        var buffer = Buffer(width: width, height: 1)
        buffer.asciiOnly = true
        buffer.put(text, x: 0, y: 0, style: .normal)
        return buffer.text()
    }

    func testAppSymbolsHaveAsciiStandIns() {
        XCTAssertEqual(ascii("—"), "-", "unknown")
        XCTAssertEqual(ascii("Zhipu AI (Z.a…"), "Zhipu AI (Z.a~", "truncation")
        XCTAssertEqual(ascii("±0.0"), "~0.0")
        XCTAssertEqual(ascii("−16.5%"), "-16.5%", "minus sign")
        XCTAssertEqual(ascii("2025-12-08 ▲ US"), "2025-12-08 ^ US")
        XCTAssertEqual(ascii("    -01    ● CN"), "    -01    * CN")
        XCTAssertEqual(ascii("Δ base"), "d base")
        XCTAssertEqual(ascii("↑↓ ←→"), "^v <>")
        XCTAssertEqual(ascii("Date▼ #▲"), "Datev #^")
        XCTAssertEqual(ascii("Firm › Zhipu"), "Firm > Zhipu")
        XCTAssertEqual(ascii("Tab panel · 1-4 zoom"), "Tab panel . 1-4 zoom")
        XCTAssertEqual(ascii(" ↵"), " >")
        XCTAssertEqual(ascii("▸ Segment ◂"), "> Segment <")
        XCTAssertEqual(ascii("• note"), "* note")
        XCTAssertEqual(ascii("120×36"), "120x36")
        XCTAssertEqual(ascii("old → new"), "old > new")
        XCTAssertEqual(ascii("– § ≥ ≤ ≈ Σ"), "- S > < ~ E")
        XCTAssertEqual(ascii("┌─┐│└┘"), "+-+|++")
        XCTAssertEqual(ascii("██▌"), "###")
    }

    func testWideTextBecomesANeutralFillerNotTheDoubtMarker() {
        XCTAssertEqual(ascii("深度求索"), "........")
        XCTAssertEqual(ascii("深度求索?"), "........?", "a real doubt marker survives")
        XCTAssertEqual(ascii("中文名"), "......")
    }

    func testNoAsciiStandInIsTheDoubtMarker() {
        for (symbol, standIn) in AsciiFallback.table {
            XCTAssertFalse(standIn.contains("?"), "\(symbol) → \(standIn)")
        }
        XCTAssertFalse(ascii("é ü ñ ☃ ✓ ©").contains("?"))
    }

    func testStandInsKeepTheDisplayWidth() {
        for (symbol, standIn) in AsciiFallback.table {
            XCTAssertTrue(standIn.unicodeScalars.allSatisfy(\.isASCII), "\(symbol) → \(standIn)")
            XCTAssertEqual(standIn.count, DisplayWidth.of(symbol), "\(symbol) → \(standIn)")
        }
        for text in ["深度求索? — ±0.0 ▲ ● Δ …", "Baidu (ERNIE)  文心 / 文…", "é☃✓（）", "👩‍💻!"] {
            var unicode = Buffer(width: 40, height: 1)
            let used = unicode.put(text, x: 0, y: 0, style: .normal)
            var asciiBuffer = Buffer(width: 40, height: 1)
            asciiBuffer.asciiOnly = true
            XCTAssertEqual(asciiBuffer.put(text, x: 0, y: 0, style: .normal), used, text)
            let line = asciiBuffer.text()
            XCTAssertTrue(line.unicodeScalars.allSatisfy(\.isASCII), line)
            XCTAssertEqual(DisplayWidth.of(unicode.text()), used, text)
            XCTAssertEqual((0..<used).map { asciiBuffer[$0, 0].symbol.count }, Array(repeating: 1, count: used), "one character per column: \(line)")
            XCTAssertFalse(asciiBuffer.cells.contains { $0.width != 1 }, "ASCII mode has no wide cells: \(line)")
        }
    }

    /// States worth checking: the dashboard, every zoomed panel, help, a firm page and an event page.
    private func states() -> [(String, AppState)] {
        var result: [(String, AppState)] = []
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            result.append(("dashboard \(w)x\(h)", TestData.state(width: w, height: h)))
            for panel in PanelID.allCases {
                var zoomed = TestData.state(width: w, height: h)
                zoomed.send(.char(Character(String(panel.number))))
                result.append(("panel \(panel.number) \(w)x\(h)", zoomed))
            }
            var firm = TestData.state(width: w, height: h)
            firm.pages = [PageState(.firm("zhipu-ai"))]
            result.append(("firm \(w)x\(h)", firm))
        }
        var help = TestData.state(width: 120, height: 40)
        help.send(.char("?"))
        result.append(("help", help))
        var event = TestData.state(width: 120, height: 40)
        event.pages = [PageState(.event("us-entity-list-ai-chips-2022"))]
        result.append(("event", event))
        var filter = TestData.state(width: 120, height: 40)
        filter.send(.char("f"))
        result.append(("filter", filter))
        result.append(("too small", TestData.state(width: 50, height: 12)))
        return result
    }

    /// `?` in an ASCII frame exactly where the UTF-8 frame has it (the doubt marker, the
    /// help key), and nowhere else; every ASCII character of the UTF-8 frame is unchanged,
    /// so nothing moves.
    func testAsciiFramesMarkDoubtOnlyWhereTheUnicodeFrameDoes() {
        for (name, state) in states() {
            let unicode = ScreenRenderer.render(state)
            let ascii = ScreenRenderer.render(state, options: RenderOptions(ascii: true))
            XCTAssertEqual(unicode.width, ascii.width)
            var misplaced: [String] = []
            for y in 0..<unicode.height {
                for x in 0..<unicode.width {
                    let u = unicode[x, y], a = ascii[x, y]
                    XCTAssertTrue(a.symbol.unicodeScalars.allSatisfy(\.isASCII), "\(name) (\(x),\(y)): \(a.symbol)")
                    if (u.symbol == "?") != (a.symbol == "?") { misplaced.append("(\(x),\(y)) \(u.symbol.isEmpty ? "<wide>" : u.symbol) → \(a.symbol)") }
                    if u.width == 1, u.symbol.unicodeScalars.allSatisfy(\.isASCII), u.symbol != a.symbol {
                        misplaced.append("(\(x),\(y)) \(u.symbol) changed to \(a.symbol)")
                    }
                }
            }
            XCTAssertEqual(misplaced, [], "\(name):\n\(ascii.text())")
        }
    }
}
