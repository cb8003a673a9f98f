@testable import SinoAIText
import XCTest

final class DisplayWidthTests: XCTestCase {
    func testWidthsAgreeWithTheTerminal() {
        // Measured against tmux (../shared/guides/terminal.md).
        XCTAssertEqual(DisplayWidth.of("深度求索"), 8)
        XCTAssertEqual(DisplayWidth.of("😀"), 2)
        XCTAssertEqual(DisplayWidth.of("🇨🇳"), 2)
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1)
        XCTAssertEqual(DisplayWidth.of("abc"), 3)
        XCTAssertEqual(DisplayWidth.of("摩尔线程 MTT"), 12)
    }

    func testZWJSequenceSplitsIntoItsParts() {
        let glyphs = DisplayWidth.glyphs("👩‍💻")
        XCTAssertEqual(glyphs.map(\.width), [2, 2])
        XCTAssertFalse(glyphs.contains { $0.text.unicodeScalars.contains("\u{200D}") })
    }

    func testControlCharactersBecomeVisibleEscapes() {
        let text = DisplayWidth.glyphs("a\u{1B}[31mb\u{9B}\n").map(\.text).joined()
        XCTAssertEqual(text, "a\\e[31mb\\u{9B}\\n")
        XCTAssertEqual(DisplayWidth.glyphs("\t").map(\.text), [" "])
    }

    func testUnprintableBecomesReplacementCharacter() {
        XCTAssertEqual(DisplayWidth.glyphs("\u{E0001}").first?.width ?? 0 <= 1, true)
        XCTAssertEqual(DisplayWidth.glyphs("\u{0378}").map(\.text), ["\u{FFFD}"], "unassigned scalar")
    }

    func testTruncateNeverSplitsAWideCharacter() {
        XCTAssertEqual(DisplayWidth.truncate("北京智谱华章", to: 6).text, "北京…")
        XCTAssertEqual(DisplayWidth.truncate("北京智谱华章", to: 6).width, 5)
        XCTAssertEqual(DisplayWidth.truncate("北京", to: 4).text, "北京")
        XCTAssertEqual(DisplayWidth.truncate("北京", to: 3).text, "北…")
        XCTAssertEqual(DisplayWidth.truncate("abc", to: 0).text, "")
        for width in 0..<14 {
            let cut = DisplayWidth.truncate("深度求索 DeepSeek", to: width)
            XCTAssertLessThanOrEqual(cut.width, width)
            XCTAssertEqual(DisplayWidth.of(cut.text), cut.width)
        }
    }

    func testPadAlignsByDisplayWidth() {
        XCTAssertEqual(DisplayWidth.pad("豆包", to: 6), "豆包  ")
        XCTAssertEqual(DisplayWidth.pad("豆包", to: 6, alignRight: true), "  豆包")
        XCTAssertEqual(DisplayWidth.of(DisplayWidth.pad("北京智谱华章科技", to: 7)), 7)
    }

    func testWrapBreaksWordsAndCJK() {
        XCTAssertEqual(DisplayWidth.wrap("the quick brown fox", width: 10), ["the quick", "brown fox"])
        let cjk = DisplayWidth.wrap("国家人工智能产业投资基金", width: 8)
        XCTAssertTrue(cjk.allSatisfy { DisplayWidth.of($0) <= 8 }, "\(cjk)")
        XCTAssertEqual(cjk.joined(), "国家人工智能产业投资基金")
        XCTAssertEqual(DisplayWidth.wrap("averyveryverylongword", width: 5).first, "avery")
        XCTAssertEqual(DisplayWidth.wrap("a\nb", width: 5), ["a", "b"])
    }
}
