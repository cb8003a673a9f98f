import XCTest
@testable import SinoAIDomain

final class TextTests: XCTestCase {
    func testEscapeSequencesAreMadeVisible() {
        XCTAssertEqual(Text.escaped("red \u{1B}[31mtext"), "red \\e[31mtext")
        XCTAssertEqual(Text.escaped("csi \u{9B}2J"), "csi \\u{9B}2J")
        XCTAssertEqual(Text.escaped("bell\u{07}"), "bell\\u{7}")
        XCTAssertEqual(Text.escaped("a\nb\rc\td"), "a\\nb\\rc\\td")
        XCTAssertEqual(Text.escaped("abc\u{202E}fed"), "abc\\u{202E}fed")
        XCTAssertEqual(Text.escaped("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}")
        XCTAssertEqual(Text.escaped("del\u{7F}nul\u{0}"), "del\\u{7F}nul\\u{0}")
    }

    func testEscapedOutputHasNoControlCharacters() {
        let hostile = "\u{1B}]0;title\u{07}\u{9B}31m\u{202E}\u{1B}[2J\n"
        let escaped = Text.escaped(hostile)
        XCTAssertTrue(Text.containsControlCharacters(hostile))
        XCTAssertFalse(Text.containsControlCharacters(escaped))
        XCTAssertFalse(escaped.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    func testDetectsEachControlCharacter() {
        for text in ["\u{1B}", "\u{9B}", "\u{07}", "\n", "\r", "\t", "\u{0}", "\u{7F}", "\u{85}", "\u{9F}",
                     "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}"] {
            XCTAssertTrue(Text.containsControlCharacters("ok" + text + "ok"), "U+\(String(text.unicodeScalars.first!.value, radix: 16))")
        }
    }

    func testOrdinaryTextIsLeftAlone() {
        for text in ["Zhipu AI (Z.ai)", "深度求索", "月之暗面 — “quotes” ‘and’ …", "café", "👩‍💻 emoji with ZWJ", "\u{A0}nbsp", ""] {
            XCTAssertFalse(Text.containsControlCharacters(text), text)
            XCTAssertEqual(Text.escaped(text), text)
        }
        // Just outside the ranges.
        XCTAssertFalse(Text.containsControlCharacters("\u{20}\u{7E}\u{A0}\u{2029}\u{202F}\u{2065}\u{206A}"))
    }

    func testLimitCutsWithAnEllipsis() {
        XCTAssertEqual(Text.escaped("abcdef", limit: 3), "abc…")
        XCTAssertEqual(Text.escaped("abc", limit: 3), "abc", "no ellipsis when nothing is cut")
        XCTAssertEqual(Text.escaped("中文名字", limit: 2), "中文…")
        XCTAssertEqual(Text.escaped("\u{1B}\u{1B}x", limit: 2), "\\e\\e…", "the limit counts input characters")
    }
}
