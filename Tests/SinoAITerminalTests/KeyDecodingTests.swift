@testable import SinoAITerminal
import SinoAIViewModel
import XCTest

final class KeyDecodingTests: XCTestCase {
    func testControlCharactersMapToKeys() {
        XCTAssertEqual(CursesTerminal.decodeCharacter(9), .tab)
        XCTAssertEqual(CursesTerminal.decodeCharacter(13), .enter)
        XCTAssertEqual(CursesTerminal.decodeCharacter(10), .enter)
        XCTAssertEqual(CursesTerminal.decodeCharacter(27), .escape)
        XCTAssertEqual(CursesTerminal.decodeCharacter(127), .backspace)
        XCTAssertEqual(CursesTerminal.decodeCharacter(8), .backspace)
        XCTAssertEqual(CursesTerminal.decodeCharacter(3), .ctrl("c"))
        XCTAssertEqual(CursesTerminal.decodeCharacter(21), .ctrl("u"))
        XCTAssertNil(CursesTerminal.decodeCharacter(0))
    }

    func testTextIncludingChineseIsPassedThrough() {
        XCTAssertEqual(CursesTerminal.decodeCharacter(UInt32(UInt8(ascii: "q"))), .char("q"))
        XCTAssertEqual(CursesTerminal.decodeCharacter(0x6469), .char("摩"))
        XCTAssertEqual(CursesTerminal.decodeCharacter(0x5C14), .char("尔"))
    }

    func testInvalidScalarIsDropped() {
        XCTAssertNil(CursesTerminal.decodeCharacter(0xD800), "a lone surrogate is not a character")
    }

    func testEveryBoundKeyHasAHelpLabel() {
        for binding in KeyMap.bindings {
            XCTAssertFalse(binding.help.isEmpty)
            for key in binding.keys { XCTAssertFalse(key.label.isEmpty) }
        }
    }
}
