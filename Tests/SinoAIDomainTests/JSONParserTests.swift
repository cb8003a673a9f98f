import XCTest
@testable import SinoAIDomain

final class JSONParserTests: XCTestCase {
    // MARK: Helpers

    private func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONValue? {
        do {
            return try JSONParser.parse(Array(text.utf8)).value
        } catch {
            XCTFail("unexpected failure \"\(error.message)\" at offset \(error.offset) for \(text.debugDescription)", file: file, line: line)
            return nil
        }
    }

    private func failure(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> JSONParser.Failure? {
        do {
            let node = try JSONParser.parse(bytes)
            XCTFail("expected a failure, parsed \(node.value)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    private func failure(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONParser.Failure? {
        failure(Array(text.utf8), file: file, line: line)
    }

    /// Asserts the failure's offset and that its message mentions `message`.
    private func assertFails(_ text: String, at offset: Int, _ message: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        guard let error = failure(text, file: file, line: line) else { return }
        XCTAssertEqual(error.offset, offset, "offset for \(text.debugDescription) (\(error.message))", file: file, line: line)
        XCTAssertTrue(error.message.contains(message), "message \"\(error.message)\" should mention \"\(message)\"", file: file, line: line)
    }

    /// The value with every offset set to 0, to compare structure only.
    private func stripped(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let elements): .array(elements.map { JSONNode(stripped($0.value)) })
        case .object(let members): .object(members.map { JSONMember(key: $0.key, node: JSONNode(stripped($0.node.value))) })
        default: value
        }
    }

    private func string(_ json: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        guard let value = parse(json, file: file, line: line) else { return nil }
        guard case .string(let text) = value else {
            XCTFail("expected a string, got \(value)", file: file, line: line)
            return nil
        }
        return text
    }

    // MARK: Valid documents

    func testParsesEveryValueKind() throws {
        let value = try XCTUnwrap(parse(#" { "a" : [1, -2.5e3, true, false, null, "x"], "b": {}, "c": [] } "#))
        let expected: JSONValue = .object([
            JSONMember(key: "a", node: JSONNode(.array([
                JSONNode(.number("1")), JSONNode(.number("-2.5e3")), JSONNode(.bool(true)), JSONNode(.bool(false)),
                JSONNode(.null), JSONNode(.string("x")),
            ]))),
            JSONMember(key: "b", node: JSONNode(.object([JSONMember]()))),
            JSONMember(key: "c", node: JSONNode(.array([JSONNode]()))),
        ])
        XCTAssertEqual(stripped(value), expected)
    }

    func testScalarTopLevelValuesAndWhitespace() {
        XCTAssertEqual(parse("\t\r\n 42 \n"), .number("42"))
        XCTAssertEqual(parse("\"hi\""), .string("hi"))
        XCTAssertEqual(parse("null"), .null)
        XCTAssertEqual(parse("true"), .bool(true))
    }

    func testNodesRecordTheirByteOffsets() throws {
        let root = try JSONParser.parse(Array(#"{"k": [10, "s"]}"#.utf8))
        XCTAssertEqual(root.offset, 0)
        guard case .object(let members) = root.value, let k = members.first else { return XCTFail("expected an object") }
        XCTAssertEqual(k.node.offset, 6)
        guard case .array(let elements) = k.node.value else { return XCTFail("expected an array") }
        XCTAssertEqual(elements.map(\.offset), [7, 11])
    }

    func testObjectMembersKeepFileOrderAndDuplicates() throws {
        let value = try XCTUnwrap(parse(#"{"z": 1, "a": 2, "z": 3}"#))
        guard case .object(let members) = value else { return XCTFail("expected an object") }
        XCTAssertEqual(members.map(\.key), ["z", "a", "z"])
        XCTAssertEqual(members.map(\.node.value), [.number("1"), .number("2"), .number("3")])
    }

    func testByteOrderMarkIsSkipped() {
        XCTAssertEqual(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)).value.typeName, "array")
    }

    func testNumbersKeepTheirLiteralText() throws {
        let value = try XCTUnwrap(parse("[114.28, 1.10, -0, 0.0, 1E+2, 2e-3, 123456789012345678901234567890, 100.00]"))
        guard case .array(let elements) = value else { return XCTFail("expected an array") }
        XCTAssertEqual(elements.map(\.value), [
            .number("114.28"), .number("1.10"), .number("-0"), .number("0.0"), .number("1E+2"), .number("2e-3"),
            .number("123456789012345678901234567890"), .number("100.00"),
        ])
    }

    func testOverlongNumberLiteralIsRejected() {
        let digits = String(repeating: "1", count: 65)
        assertFails("[\(digits)]", at: 1, "longer than 64")
        XCTAssertEqual(parse("[\(String(repeating: "1", count: 64))]").map { $0.typeName }, "array")
    }

    // MARK: Strings and escapes

    func testSimpleEscapes() {
        XCTAssertEqual(string(#""a\"b\\c\/d\be\ff\ng\rh\ti""#), "a\"b\\c/d\u{08}e\u{0C}f\ng\rh\ti")
    }

    func testUnicodeEscapes() {
        XCTAssertEqual(string(#""\u00e9\u00E9""#), "éé")
        XCTAssertEqual(string(#""\u4e2d\u6587""#), "中文")
        XCTAssertEqual(string(#""\u001b[31m""#), "\u{1B}[31m", "escaped control characters are data, reported later by the loader")
        XCTAssertEqual(string(#""\u0000""#), "\u{0}")
    }

    func testSurrogatePairsCombineIntoOneScalar() throws {
        let text = try XCTUnwrap(string(#""x\ud83d\ude00y\uD834\uDD1E""#))
        XCTAssertEqual(text, "x😀y𝄞")
        XCTAssertEqual(text.unicodeScalars.map(\.value), [0x78, 0x1F600, 0x79, 0x1D11E])
    }

    func testRawUTF8IsKeptAndMixesWithEscapes() {
        XCTAssertEqual(string("\"深度求索\""), "深度求索")
        XCTAssertEqual(string(#""深度\n求索\u0021""#), "深度\n求索!")
    }

    func testLoneSurrogatesAreRejected() {
        for text in [#""\uD800""#, #""\uDC00""#, #""\uD800\u0041""#, #""\uD800x""#, #""\uDBFF\uDBFF""#] {
            guard let error = failure(text) else { continue }
            XCTAssertTrue(error.message.contains("surrogate"), "\(text): \(error.message)")
        }
    }

    func testInvalidEscapes() {
        assertFails(#""\x""#, at: 1, "invalid escape")
        assertFails(#""\u12G4""#, at: 5, "hex digit")
        assertFails(#""\u12""#, at: 3, "truncated")
        assertFails(#"["abc"#, at: 1, "unterminated string")
        assertFails(#"["abc\"#, at: 1, "unterminated string")
    }

    func testUnescapedControlCharactersAreRejected() {
        assertFails("\"a\tb\"", at: 2, "control character")
        assertFails("[\"ok\", \"x\u{1}\"]", at: 9, "control character")
        assertFails("\"line\nbreak\"", at: 5, "control character")
        assertFails("\"\\n then \u{1B}\"", at: 9, "control character")
    }

    func testInvalidUTF8IsRejected() {
        // A lone continuation byte, an overlong "/", a UTF-8-encoded surrogate, a truncated sequence.
        let cases: [[UInt8]] = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE4, 0xB8]]
        for bad in cases {
            let bytes = Array(#"["ab"#.utf8) + bad + Array(#"cd"]"#.utf8)
            guard let error = failure(bytes) else { continue }
            XCTAssertTrue(error.message.contains("UTF-8"), "\(bad): \(error.message)")
            // The string's content starts at byte 2; the bad byte is at 4.
            XCTAssertTrue((2...4).contains(error.offset), "\(bad): offset \(error.offset) should point into the string")
        }
        // Also on the slow path (after an escape) and outside strings.
        let slow = Array(#"["\n"#.utf8) + [0xFF] + Array(#""]"#.utf8)
        XCTAssertEqual(failure(slow)?.message.contains("UTF-8"), true)
        XCTAssertEqual(failure([0x5B, 0xFF, 0x5D])?.offset, 1)
    }

    // MARK: Rejected syntax

    func testRejectsNaNAndInfinity() {
        assertFails(#"{"a": NaN}"#, at: 6, "NaN")
        assertFails("[Infinity]", at: 1, "Infinity")
        assertFails("[-Infinity]", at: 1, "invalid number")
        assertFails("nan", at: 0, "invalid literal")
    }

    func testRejectsTrailingCommas() {
        assertFails(#"{"a": 1,}"#, at: 8, "expected a quoted key")
        assertFails("[1, 2,]", at: 6, "unexpected character ']'")
        assertFails("[,]", at: 1, "unexpected character ','")
    }

    func testRejectsComments() {
        assertFails("// comment\n{}", at: 0, "unexpected character '/'")
        assertFails(#"{"a": 1 /* c */}"#, at: 8, "expected ',' or '}'")
        assertFails("[1] # trailing", at: 4, "after the top-level value")
    }

    func testRejectsLeadingZerosAndOtherBadNumbers() {
        assertFails("[01]", at: 1, "leading zeros")
        assertFails("[-01]", at: 1, "leading zeros")
        assertFails("[00]", at: 1, "leading zeros")
        assertFails("[1.]", at: 1, "invalid number")
        assertFails("[1e]", at: 1, "invalid number")
        assertFails("[1e+]", at: 1, "invalid number")
        assertFails("[-]", at: 1, "invalid number")
        assertFails("[.5]", at: 1, "unexpected character '.'")
        assertFails("[+1]", at: 1, "unexpected character '+'")
        assertFails("[0x10]", at: 2, "expected ',' or ']'")
    }

    func testRejectsBadLiteralsAndStructure() {
        assertFails("[tru]", at: 1, "invalid literal")
        assertFails("[nul]", at: 1, "invalid literal")
        assertFails("[True]", at: 1, "unexpected character 'T'")
        assertFails("{a: 1}", at: 1, "expected a quoted key")
        assertFails(#"{"a" 1}"#, at: 5, "expected ':'")
        assertFails(#"{"a": 1 "b": 2}"#, at: 8, "expected ',' or '}'")
        assertFails("[1 2]", at: 3, "expected ',' or ']'")
        assertFails("[1, 2", at: 5, "end of file")
        assertFails(#"{"a": "#, at: 6, "end of file")
        assertFails("{} {}", at: 3, "after the top-level value")
        assertFails("'single'", at: 0, "unexpected character")
    }

    func testEmptyFileIsRejected() {
        assertFails("", at: 0, "empty")
        assertFails(" \n\t ", at: 0, "empty")
        XCTAssertEqual(failure([0xEF, 0xBB, 0xBF])?.message, "file is empty")
    }

    func testNestingLimitIs256() {
        let ok = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        XCTAssertNotNil(parse(ok))
        let tooDeep = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        assertFails(tooDeep, at: 256, "nesting deeper than 256")
        let objects = String(repeating: #"{"a":"#, count: 257) + "1" + String(repeating: "}", count: 257)
        assertFails(objects, at: 256 * 5, "nesting deeper than 256")
    }

    // MARK: Line and column

    private func position(_ bytes: [UInt8], _ offset: Int) -> [Int] {
        let p = bytes.withUnsafeBufferPointer { TextPosition().advanced(over: UnsafeBufferPointer(rebasing: $0[..<offset])) }
        return [p.line, p.column]
    }

    func testFailureOffsetMapsToLineAndColumnPastChineseCharacters() throws {
        let text = "{\n  \"name\": \"Test\",\n  \"中文\": x\n}\n"
        let bytes = Array(text.utf8)
        let error = try XCTUnwrap(failure(bytes))
        XCTAssertEqual(error.offset, bytes.firstIndex(of: UInt8(ascii: "x")))
        // Line 3 is `  "中文": x`: x is the 9th character (each Chinese character is one column).
        XCTAssertEqual(position(bytes, error.offset), [3, 9])
    }

    func testPositions() {
        let bytes = Array("ab\n中c\n\nz".utf8)
        XCTAssertEqual(position(bytes, 0), [1, 1])
        XCTAssertEqual(position(bytes, 2), [1, 3], "the newline itself ends line 1")
        XCTAssertEqual(position(bytes, 3), [2, 1], "中 starts line 2")
        XCTAssertEqual(position(bytes, 6), [2, 2], "c follows a three-byte character")
        XCTAssertEqual(position(bytes, 8), [3, 1], "an empty line")
        XCTAssertEqual(position(bytes, 9), [4, 1])
        XCTAssertEqual(position(bytes, 10), [4, 2], "end of file")
    }

    /// Columns are counted eight bytes at a time: long mixed lines agree with counting
    /// characters one by one, at every offset that starts a character.
    func testColumnsOnLongMixedLinesMatchCharacterCounts() {
        let line = String(repeating: "深度求索 DeepSeek é😀 ", count: 20)
        let bytes = Array(("x\n" + line).utf8)
        var characters = 0
        var offset = 2
        for scalar in line.unicodeScalars {
            XCTAssertEqual(position(bytes, offset), [2, characters + 1], "offset \(offset)")
            characters += 1
            offset += String(scalar).utf8.count
        }
        XCTAssertEqual(position(bytes, bytes.count), [2, characters + 1])
        // Counting on from a known position gives the same answer.
        let middle = bytes.withUnsafeBufferPointer { TextPosition().advanced(over: UnsafeBufferPointer(rebasing: $0[..<40])) }
        let end = bytes.withUnsafeBufferPointer { middle.advanced(over: UnsafeBufferPointer(rebasing: $0[40...])) }
        XCTAssertEqual([end.line, end.column], position(bytes, bytes.count))
    }
}
