@testable import SinoAIText
import Testing

/// Written with Swift Testing (the rest of the suite uses XCTest); both run under `swift test`.
struct DisplayWidthTests {
    @Test func widthsAgreeWithTheTerminal() {
        // Measured against tmux (../shared/guides/terminal.md).
        #expect(DisplayWidth.of("深度求索") == 8)
        #expect(DisplayWidth.of("😀") == 2)
        #expect(DisplayWidth.of("🇨🇳") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("摩尔线程 MTT") == 12)
    }

    @Test func zwjSequenceSplitsIntoItsParts() {
        let glyphs = DisplayWidth.glyphs("👩‍💻")
        #expect(glyphs.map(\.width) == [2, 2])
        #expect(!glyphs.contains { $0.text.unicodeScalars.contains("\u{200D}") })
    }

    @Test func controlCharactersBecomeVisibleEscapes() {
        let text = DisplayWidth.glyphs("a\u{1B}[31mb\u{9B}\n").map(\.text).joined()
        #expect(text == "a\\e[31mb\\u{9B}\\n")
        #expect(DisplayWidth.glyphs("\t").map(\.text) == [" "])
    }

    @Test func unprintableBecomesReplacementCharacter() {
        #expect(DisplayWidth.glyphs("\u{0378}").map(\.text) == ["\u{FFFD}"], "unassigned scalar")
    }

    @Test func truncateNeverSplitsAWideCharacter() {
        #expect(DisplayWidth.truncate("北京智谱华章", to: 6).text == "北京…")
        #expect(DisplayWidth.truncate("北京智谱华章", to: 6).width == 5)
        #expect(DisplayWidth.truncate("北京", to: 4).text == "北京")
        #expect(DisplayWidth.truncate("北京", to: 3).text == "北…")
        #expect(DisplayWidth.truncate("abc", to: 0).text == "")
        for width in 0..<14 {
            let cut = DisplayWidth.truncate("深度求索 DeepSeek", to: width)
            #expect(cut.width <= width)
            #expect(DisplayWidth.of(cut.text) == cut.width)
        }
    }

    @Test func padAlignsByDisplayWidth() {
        #expect(DisplayWidth.pad("豆包", to: 6) == "豆包  ")
        #expect(DisplayWidth.pad("豆包", to: 6, alignRight: true) == "  豆包")
        #expect(DisplayWidth.of(DisplayWidth.pad("北京智谱华章科技", to: 7)) == 7)
    }

    @Test func wrapBreaksWordsAndCJK() {
        #expect(DisplayWidth.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        let cjk = DisplayWidth.wrap("国家人工智能产业投资基金", width: 8)
        #expect(cjk.allSatisfy { DisplayWidth.of($0) <= 8 }, "\(cjk)")
        #expect(cjk.joined() == "国家人工智能产业投资基金")
        #expect(DisplayWidth.wrap("averyveryverylongword", width: 5).first == "avery")
        #expect(DisplayWidth.wrap("a\nb", width: 5) == ["a", "b"])
    }
}
