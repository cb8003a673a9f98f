@testable import SinoAITerminal
import SinoAIViewModel
import XCTest

/// Escape sequences that ncurses did not recognise (its terminfo entry does not list
/// them) arrive as ESC followed by the raw bytes; they must become keys or nothing,
/// never the digits and letters inside them.
final class EscapeSequenceTests: XCTestCase {
    /// The units get_wch would produce for these bytes, one character each.
    private func units(_ text: String) -> [InputDecoder.Unit] {
        text.unicodeScalars.map { .character($0.value) }
    }

    private func keys(_ text: String) -> [TerminalInput] {
        var decoder = InputDecoder()
        return decoder.decode(units(text))
    }

    func testTmuxHomeAndEndAreNotDigits() {
        // Under tmux with TERM=xterm-256color: Home and End are CSI 1~ and CSI 4~.
        XCTAssertEqual(keys("\u{1B}[1~"), [.key(.home)])
        XCTAssertEqual(keys("\u{1B}[4~"), [.key(.end)])
        XCTAssertEqual(keys("\u{1B}[7~"), [.key(.home)], "rxvt Home")
        XCTAssertEqual(keys("\u{1B}[8~"), [.key(.end)], "rxvt End")
        XCTAssertEqual(keys("\u{1B}[H"), [.key(.home)])
        XCTAssertEqual(keys("\u{1B}[F"), [.key(.end)])
        XCTAssertEqual(keys("\u{1B}OH"), [.key(.home)])
        XCTAssertEqual(keys("\u{1B}OF"), [.key(.end)])
    }

    func testPagingDeleteAndInsert() {
        XCTAssertEqual(keys("\u{1B}[5~"), [.key(.pageUp)])
        XCTAssertEqual(keys("\u{1B}[6~"), [.key(.pageDown)])
        XCTAssertEqual(keys("\u{1B}[3~"), [.key(.delete)])
        XCTAssertEqual(keys("\u{1B}[2~"), [], "Insert does nothing")
        XCTAssertEqual(keys("\u{1B}[5;5~"), [.key(.pageUp)], "Ctrl-PgUp")
    }

    func testArrowsWithAndWithoutModifiers() {
        XCTAssertEqual(keys("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D"), [.key(.up), .key(.down), .key(.right), .key(.left)])
        XCTAssertEqual(keys("\u{1B}OA\u{1B}OB\u{1B}OC\u{1B}OD"), [.key(.up), .key(.down), .key(.right), .key(.left)])
        XCTAssertEqual(keys("\u{1B}[1;5A"), [.key(.up)], "Ctrl-Up")
        XCTAssertEqual(keys("\u{1B}[1;2D"), [.key(.left)], "Shift-Left")
        XCTAssertEqual(keys("\u{1B}[1;3B"), [.key(.down)], "Alt-Down")
        XCTAssertEqual(keys("\u{1B}[Z"), [.key(.backTab)])
        XCTAssertEqual(keys("\u{1B}OM"), [.key(.enter)], "keypad Enter")
        XCTAssertEqual(keys("\u{1B}Oq\u{1B}Ot"), [.key(.char("1")), .key(.char("4"))], "keypad digits in application mode are digits")
    }

    func testFunctionKeys() {
        XCTAssertEqual(keys("\u{1B}OP"), [.key(.function(1))])
        XCTAssertEqual(keys("\u{1B}[11~"), [.key(.function(1))])
        XCTAssertEqual(keys("\u{1B}[1;2P"), [.key(.function(1))])
        XCTAssertEqual(keys("\u{1B}[15~"), [.key(.function(5))])
        XCTAssertEqual(keys("\u{1B}[24~"), [.key(.function(12))])
    }

    func testUnknownCompleteSequencesAreSwallowed() {
        for sequence in ["\u{1B}[99~", "\u{1B}[1;5X", "\u{1B}[?1049h", "\u{1B}[I", "\u{1B}[O", "\u{1B}[<0;12;5m",
                         "\u{1B}[<32;12;5M", "\u{1B}[<2;12;5M", "\u{1B}[<0;0;5M",
                         "\u{1B}[200~", "\u{1B}[ q", "\u{1B}Oz", "\u{1B}[99;5~", "\u{1B}[4:2~"] {
            XCTAssertEqual(keys(sequence), [], "\(sequence.debugDescription) is swallowed")
            XCTAssertEqual(keys(sequence + "j"), [.key(.char("j"))], "the key after \(sequence.debugDescription) still counts")
        }
    }

    /// SGR reports (mode 1006), which ncurses passes on where its terminfo entry expects
    /// X10 (tmux-256color): a left press and wheel steps, 1-based cells made 0-based,
    /// modifiers ignored; releases, motion and other buttons are dropped (above).
    func testSGRMouseReportsAreRead() {
        XCTAssertEqual(keys("\u{1B}[<0;231;30M"), [.mouse(MouseEvent(.press, x: 230, y: 29))])
        XCTAssertEqual(keys("\u{1B}[<64;5;6M"), [.mouse(MouseEvent(.wheelUp, x: 4, y: 5))])
        XCTAssertEqual(keys("\u{1B}[<65;5;6M"), [.mouse(MouseEvent(.wheelDown, x: 4, y: 5))])
        XCTAssertEqual(keys("\u{1B}[<16;1;1M"), [.mouse(MouseEvent(.press, x: 0, y: 0))], "Ctrl-click is a click")
        XCTAssertEqual(keys("\u{1B}[<0;3;4M\u{1B}[<0;3;4mj"), [.mouse(MouseEvent(.press, x: 2, y: 3)), .key(.char("j"))])
    }

    func testX10MouseReportIsSwallowedWithItsThreeBytes() {
        // ESC [ M then button, x and y as bytes (here "1", "!" and "5"): none of them is a key.
        XCTAssertEqual(keys("\u{1B}[M1!5"), [])
        XCTAssertEqual(keys("\u{1B}[M1!5q"), [.key(.char("q"))])
    }

    func testLoneEscapeIsStillEscape() {
        XCTAssertEqual(keys("\u{1B}"), [.key(.escape)])
        XCTAssertEqual(keys("\u{1B}\u{1B}"), [.key(.escape), .key(.escape)])
        XCTAssertEqual(keys("\u{1B}q"), [.key(.escape), .key(.char("q"))], "Alt-q: Esc then q, as before")
        XCTAssertEqual(keys("\u{1B}\u{1B}[4~"), [.key(.escape), .key(.end)])
    }

    func testPlainKeysAroundSequencesAreKept() {
        XCTAssertEqual(keys("j\u{1B}[4~k"), [.key(.char("j")), .key(.end), .key(.char("k"))])
        XCTAssertEqual(keys("14"), [.key(.char("1")), .key(.char("4"))], "digits typed on their own still zoom")
        XCTAssertEqual(keys("\u{1B}[4~摩"), [.key(.end), .key(.char("摩"))])
    }

    func testDecodedFunctionKeysAndMousePassThrough() {
        var decoder = InputDecoder()
        let mouse = TerminalInput.mouse(MouseEvent(.press, x: 3, y: 4))
        XCTAssertEqual(decoder.decode([.event(.key(.home)), .character(0x71), .event(mouse)]),
                       [.key(.home), .key(.char("q")), mouse])
    }

    func testASequenceSplitAcrossReadsIsJoined() {
        var decoder = InputDecoder()
        XCTAssertEqual(decoder.decode(units("\u{1B}[")), [], "an unfinished sequence waits")
        XCTAssertEqual(decoder.decode(units("4~")), [.key(.end)])
        XCTAssertEqual(decoder.decode(units("\u{1B}[1;")), [])
        XCTAssertEqual(decoder.decode(units("5A4")), [.key(.up), .key(.char("4"))])
    }

    /// `ESC [` with nothing after it for longer than a terminal takes to send a sequence
    /// was typed (Alt-[): the next key is Esc, '[' and that key, not swallowed.
    func testAnUnfinishedSequenceThatWaitsTooLongWasTyped() {
        var decoder = InputDecoder()
        XCTAssertEqual(decoder.decode(units("\u{1B}["), now: 10), [])
        XCTAssertEqual(decoder.decode(units("j"), now: 10 + InputDecoder.sequenceTimeout + 0.5),
                       [.key(.escape), .key(.char("[")), .key(.char("j"))])
        // In time, it is still joined.
        XCTAssertEqual(decoder.decode(units("\u{1B}[4"), now: 20), [])
        XCTAssertEqual(decoder.decode(units("~"), now: 20.01), [.key(.end)])
    }

    func testAByteThatCannotBePartOfASequenceEndsIt() {
        // A control character inside a CSI aborts it; the character itself still counts.
        XCTAssertEqual(keys("\u{1B}[1\u{0D}"), [.key(.enter)])
        XCTAssertEqual(keys("\u{1B}[1\u{1B}[4~"), [.key(.end)])
    }

    func testNcursesExtendedKeyNamesMapToKeys() {
        // With keypad on, ncurses gives modified keys its terminfo lists (kUP5 = Ctrl-Up) codes above KEY_MAX.
        XCTAssertEqual(InputDecoder.key(extendedKeyName: "kUP5"), .up)
        XCTAssertEqual(InputDecoder.key(extendedKeyName: "kDN3"), .down)
        XCTAssertEqual(InputDecoder.key(extendedKeyName: "kLFT2"), .left)
        XCTAssertEqual(InputDecoder.key(extendedKeyName: "kRIT6"), .right)
        XCTAssertEqual(InputDecoder.key(extendedKeyName: "kHOM5"), .home)
        XCTAssertEqual(InputDecoder.key(extendedKeyName: "kEND5"), .end)
        XCTAssertEqual(InputDecoder.key(extendedKeyName: "kPRV5"), .pageUp)
        XCTAssertEqual(InputDecoder.key(extendedKeyName: "kNXT5"), .pageDown)
        XCTAssertEqual(InputDecoder.key(extendedKeyName: "kDC5"), .delete)
        XCTAssertNil(InputDecoder.key(extendedKeyName: "kIC5"))
        XCTAssertNil(InputDecoder.key(extendedKeyName: "kxIN"))
        XCTAssertNil(InputDecoder.key(extendedKeyName: "kUPX"))
    }
}
