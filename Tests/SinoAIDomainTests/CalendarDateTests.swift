import XCTest
@testable import SinoAIDomain

final class CalendarDateTests: XCTestCase {
    private func date(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> CalendarDate {
        try XCTUnwrap(CalendarDate(iso: text), "\"\(text)\" should parse", file: file, line: line)
    }

    func testParsesYearMonthAndDay() throws {
        let year = try date("2014")
        XCTAssertEqual([year.year], [2014])
        XCTAssertNil(year.month)
        XCTAssertNil(year.day)
        XCTAssertEqual(year.precision, .year)

        let month = try date("2023-07")
        XCTAssertEqual(month.year, 2023)
        XCTAssertEqual(month.month, 7)
        XCTAssertNil(month.day)
        XCTAssertEqual(month.precision, .month)

        let day = try date("2026-01-08")
        XCTAssertEqual([day.year, day.month, day.day], [2026, 1, 8])
        XCTAssertEqual(day.precision, .day)
    }

    func testDescriptionRoundTripsAtItsOwnPrecision() throws {
        for text in ["2014", "2023-07", "2026-01-08", "1999-12-31"] {
            XCTAssertEqual(try date(text).description, text)
        }
    }

    func testRejectsImpossibleAndMalformedDates() {
        let bad = [
            "2025-02-30", "2025-13", "25-01-01", "2025-1-1", "2025-01-1", "2025-1", "2025-00", "2025-01-00", "2025-04-31",
            "2025-02-29", "1900-02-29", "", "2025-", "-2025", "+2025", "2025-01-01-01", "2025/01/01", "20250101",
            " 2025", "2025 ", "0999", "２０２５", "٢٠٢٥", "2025-01-01T00:00",
        ]
        for text in bad {
            XCTAssertNil(CalendarDate(iso: text), "\"\(text)\" must be rejected")
        }
    }

    func testLeapDays() {
        XCTAssertNotNil(CalendarDate(iso: "2024-02-29"))
        XCTAssertNotNil(CalendarDate(iso: "2000-02-29"))
        XCTAssertNil(CalendarDate(iso: "2100-02-29"))
        XCTAssertNil(CalendarDate(year: 2025, month: 2, day: 29))
    }

    func testMemberwiseInitValidates() {
        XCTAssertNil(CalendarDate(year: 999))
        XCTAssertNil(CalendarDate(year: 10000))
        XCTAssertNil(CalendarDate(year: 2025, month: nil, day: 1), "a day needs a month")
        XCTAssertNil(CalendarDate(year: 2025, month: 0))
        XCTAssertNotNil(CalendarDate(year: 2025, month: 12, day: 31))
    }

    func testReducedDatesSortBeforeFullDatesOfTheSamePeriod() throws {
        let ordered = try ["2024-12-31", "2025", "2025-01", "2025-01-01", "2025-01-15", "2025-02", "2025-02-01", "2026"].map { try date($0) }
        for (a, b) in zip(ordered, ordered.dropFirst()) {
            XCTAssertLessThan(a, b)
            XCTAssertFalse(b < a)
        }
        XCTAssertEqual(ordered.reversed().sorted(), ordered)
        XCTAssertNotEqual(try date("2025-01"), try date("2025-01-01"), "precision is part of the value")
        XCTAssertFalse(try date("2025-07") < date("2025-07"))
    }

    func testDayNumbers() throws {
        XCTAssertEqual(try date("1970-01-01").dayNumber, 0)
        XCTAssertEqual(try date("1969-12-31").dayNumber, -1)
        XCTAssertEqual(try date("2000-03-01").dayNumber, 11017)
        XCTAssertEqual(try date("2026-01-31").dayNumber - date("2025-06-16").dayNumber, 229)
        XCTAssertEqual(try date("2025-01-01").dayNumber - date("2024-01-01").dayNumber, 366, "2024 is a leap year")
        XCTAssertEqual(try date("2026-01-01").dayNumber - date("2025-01-01").dayNumber, 365)
        XCTAssertEqual(try date("2024-03-01").dayNumber - date("2024-02-28").dayNumber, 2)
        XCTAssertEqual(try date("2025-07").dayNumber, try date("2025-07-01").dayNumber, "a month counts from its first day")
        XCTAssertEqual(try date("2014").dayNumber, try date("2014-01-01").dayNumber, "a year counts from 1 January")
    }

    func testDisplay() throws {
        XCTAssertEqual(try date("2026-01-08").display, "8 Jan 2026")
        XCTAssertEqual(try date("2025-12-31").display, "31 Dec 2025")
        XCTAssertEqual(try date("2023-07").display, "Jul 2023")
        XCTAssertEqual(try date("2014").display, "2014")
    }

    /// `--since` keeps an event dated only to a month or year when the period reaches the date.
    func testAPeriodMayFallOnOrAfterADate() throws {
        XCTAssertEqual(try date("2024-02").lastDay, try date("2024-02-29"))
        XCTAssertEqual(try date("2025").lastDay, try date("2025-12-31"))
        XCTAssertEqual(try date("2025-07-14").lastDay, try date("2025-07-14"))
        XCTAssertTrue(try date("2025-07").mayFallOnOrAfter(date("2025-07-15")))
        XCTAssertTrue(try date("2025").mayFallOnOrAfter(date("2025-12-31")))
        XCTAssertFalse(try date("2025-06").mayFallOnOrAfter(date("2025-07-01")))
        XCTAssertFalse(try date("2025-07-14").mayFallOnOrAfter(date("2025-07-15")))
        XCTAssertTrue(try date("2025-07-15").mayFallOnOrAfter(date("2025-07")))
    }
}
