import Foundation
import XCTest
@testable import SinoAIDomain

final class JSONTapeTests: XCTestCase {
    /// Runs `body` on the tape of `text` (records streamed to `onRecord` when given).
    private func withTape<T>(_ text: String, onRecord: JSONTapeBuilder.RecordHandler? = nil,
                             _ body: (JSONTape) -> T) throws -> T {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            try JSONTapeBuilder.withTape(buffer, onRecord: onRecord, body)
        }
    }

    func testEntriesLinkSiblingsAndKeepOffsets() throws {
        try withTape(#"{"a": [1, {"b": "x\"y"}], "c": null}"#) { tape in
            XCTAssertEqual(tape.kind(0), .object)
            let members = Array(tape.members(0))
            XCTAssertEqual(members.map { tape.string($0.key) }, ["a", "c"])
            XCTAssertTrue(tape.stringEquals(members[0].key, "a"))
            XCTAssertFalse(tape.stringEquals(members[0].key, "ab"))
            let elements = Array(tape.elements(members[0].value))
            XCTAssertEqual(elements.map { tape.kind($0) }, [.number, .object])
            XCTAssertEqual(tape.numberText(elements[0]), "1")
            XCTAssertEqual(tape.offset(elements[1]), 10)
            let inner = Array(tape.members(elements[1]))
            XCTAssertEqual(tape.string(inner[0].value), "x\"y")
            XCTAssertEqual(tape.kind(members[1].value), .null)
        }
    }

    func testEscapesAreUndoneIncludingSurrogatePairs() throws {
        try withTape(#"["a\n\t\\\/\u00e9\ud83d\ude00\u6DF1"]"#) { tape in
            let element = Array(tape.elements(0))[0]
            XCTAssertEqual(tape.string(element), "a\n\t\\/é😀深")
            XCTAssertTrue(tape.stringMaySurprise(element), "escapes can hide control characters")
        }
    }

    func testPlainStringsAreNotFlaggedButC1AndBidiLeadBytesAre() throws {
        try withTape(#"["plain 深度求索", "\#u{9B}x", "\#u{202E}y"]"#) { tape in
            let elements = Array(tape.elements(0))
            XCTAssertEqual(elements.map { tape.stringMaySurprise($0) }, [false, true, true])
        }
    }

    func testRecordsOfTopLevelArraysStreamOneAtATime() throws {
        var seen: [(key: String, id: String, entries: Int)] = []
        let text = #"{"x": 1, "items": [{"id": "a"}, {"id": "b", "n": [1, 2]}], "more": [true]}"#
        let rootEntries = try withTape(text, onRecord: { key, tape, element in
            var members = tape.members(element)
            let id = members.next().map { tape.kind($0.value) == .string ? tape.string($0.value) : "?" } ?? "-"
            // Only the current record sits after the root's entries: earlier ones are gone.
            seen.append((key, tape.kind(element) == .object ? id : "scalar", tape.entries.count - element))
        }) { $0.entries.count }
        XCTAssertEqual(seen.map(\.key), ["items", "items", "more"])
        XCTAssertEqual(seen.map(\.id), ["a", "b", "scalar"])
        XCTAssertEqual(seen.map(\.entries), [3, 7, 1])
        // Root object, then key/value pairs: "x" 1, "items" [], "more" [].
        XCTAssertEqual(rootEntries, 7)
    }

    func testArraysAtTheTopLevelAreNotStreamed() throws {
        var calls = 0
        let count = try withTape(#"[[1], [2]]"#, onRecord: { _, _, _ in calls += 1 }) { $0.entries.count }
        XCTAssertEqual(calls, 0)
        XCTAssertEqual(count, 5)
    }

    func testMalformedInputThrowsWithOffsetAfterEarlierRecords() {
        var calls = 0
        let bytes = Array(#"{"items": [{"id": "a"}, {"id": "b",}]}"#.utf8)
        XCTAssertThrowsError(try bytes.withUnsafeBufferPointer { buffer in
            try JSONTapeBuilder.withTape(buffer, onRecord: { _, _, _ in calls += 1 }) { _ in () }
        }) { error in
            let failure = error as? JSONParser.Failure
            XCTAssertEqual(failure?.offset, 35)
            XCTAssertEqual(failure?.message, "expected a quoted key")
        }
        XCTAssertEqual(calls, 1, "the first record was complete and handed over")
    }
}

final class DecimalLiteralTests: XCTestCase {
    private func literal(_ text: String) -> DecimalLiteral? {
        Array(text.utf8).withUnsafeBufferPointer { DecimalLiteral($0) }
    }

    /// The fast path agrees exactly with Foundation's parsers wherever it answers.
    func testAgreesWithTextParsers() throws {
        let samples = ["0", "-0", "1", "39.74", "0.05", "2390000000", "15900000000", "-12.5", "1e3", "1.5E-2",
                       "2.5e+2", "304.35", "0.000000000000000001", "123456789012345678", "9007199254740993",
                       "0.1", "0.2", "0.3", "3.5e-7", "100", "1E22", "7e-22"]
        for text in samples {
            let value = try XCTUnwrap(literal(text), text)
            XCTAssertEqual(value.decimal, Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), text)
            if let double = value.double {
                XCTAssertEqual(double, Double(text), text)
                XCTAssertEqual(double.sign, Double(text)!.sign, text)
            }
        }
    }

    /// "-0" is zero, not a negative zero (which some Foundations read as NaN).
    func testNegativeZeroIsZero() throws {
        for text in ["-0", "-0.0", "-0e5"] {
            let value = try XCTUnwrap(literal(text)).decimal
            XCTAssertFalse(value.isNaN, text)
            XCTAssertEqual(value, 0, text)
            XCTAssertFalse(value < 0, text)
        }
    }

    func testDeclinesWhatItCannotHoldExactly() {
        XCTAssertNil(literal("1234567890123456789"), "19 significant digits")
        XCTAssertNil(literal("1e101"))
        XCTAssertNil(literal("1e-300"))
        XCTAssertNotNil(literal("0.00000000000000000000000000001"), "leading zeros are not significant")
        XCTAssertNil(literal("9007199254740993")?.double, "past 2^53 a Double needs the general parser")
        XCTAssertNil(literal("1e23")?.double)
    }
}
