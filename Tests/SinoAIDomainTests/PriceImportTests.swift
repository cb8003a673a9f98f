import Foundation
@testable import SinoAIDomain
import XCTest

/// `sinoai import prices`: the vendor file's rows (RFC 4180 quoting, grouped thousands)
/// and the merge, which never credits a number to a source that did not give it.
final class PriceImportTests: XCTestCase {
    private let source = Source(title: "Daily prices", publisher: "Vendor", url: "file:x.csv", date: nil)
    private let asOf = CalendarDate(iso: "2026-11-20")!

    private let ipos = Array("""
    {"ipos": [{"id": "x-star", "companyId": "x", "ticker": "688802", "listingDate": "2025-12-17",
      "firstDayClose": {"price": 829.9, "changePercent": 692.9, "confidence": "confirmed"}, "pricePoints": [
      {"date": "2026-02-06", "price": 493.88, "kind": "close", "confidence": "confirmed",
       "sources": [{"title": "Quote", "publisher": "Exchange", "url": "https://example.com/q", "date": null}]},
      {"date": "2026-02-09", "price": 500, "kind": "close", "note": "Daily close imported from a vendor export",
       "confidence": "single-source", "sources": [{"title": "Old", "publisher": "Vendor", "url": "file:old.csv", "date": null}]}
    ]}]}
    """.utf8)

    private func price(_ date: String, _ close: Decimal) -> DailyPrice {
        DailyPrice(date: CalendarDate(iso: date)!, open: nil, high: nil, low: nil, close: close, volume: nil)
    }

    private func points(_ plan: PriceImportPlan) throws -> [String: [String: Any]] {
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(plan.newFile.utf8)) as? [String: Any])
        let ipo = try XCTUnwrap((root["ipos"] as? [[String: Any]])?.first)
        let list = try XCTUnwrap(ipo["pricePoints"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["date"] as! String, $0) })
    }

    func testADifferentSourcedCloseIsAConflictUnlessOverwritten() throws {
        XCTAssertThrowsError(try PriceImport.plan(iposJSON: ipos, companyId: "x", ticker: "688802", prices: [price("2026-02-06", 999)],
                                                  source: source, asOf: asOf)) { error in
            let message = (error as? PriceImport.Failure)?.message ?? ""
            XCTAssertTrue(message.contains("2026-02-06: 493.88 in ipos.json (sourced), 999 in the file"), message)
            XCTAssertTrue(message.contains("--overwrite"), message)
        }
        let plan = try PriceImport.plan(iposJSON: ipos, companyId: "x", ticker: "688802", prices: [price("2026-02-06", 999)],
                                        source: source, asOf: asOf, overwrite: true)
        let point = try XCTUnwrap(points(plan)["2026-02-06"])
        XCTAssertEqual(point["price"] as? Double, 999)
        XCTAssertEqual((point["sources"] as? [[String: Any]])?.map { $0["url"] as? String }, ["file:x.csv"], "the file is the source now")
        XCTAssertEqual(point["confidence"] as? String, "single-source")
        XCTAssertTrue((point["note"] as? String ?? "").contains("replaced 493.88"), "\(point)")
        XCTAssertEqual(plan.updated.map(\.new), [999])
        // The overwritten point is the export's now: a corrected export updates it freely.
        let again = try PriceImport.plan(iposJSON: Array(plan.newFile.utf8), companyId: "x", ticker: "688802",
                                         prices: [price("2026-02-06", 998)], source: source, asOf: asOf)
        XCTAssertEqual(again.updated.map(\.new), [998])
    }

    /// The sourced first-day close counts: a vendor's different close for the listing day
    /// is a conflict too, as for any sourced point.
    func testADifferentCloseOnTheListingDayIsAConflict() throws {
        XCTAssertThrowsError(try PriceImport.plan(iposJSON: ipos, companyId: "x", ticker: "688802", prices: [price("2025-12-17", 700)],
                                                  source: source, asOf: asOf)) { error in
            XCTAssertTrue(((error as? PriceImport.Failure)?.message ?? "").contains("2025-12-17: 829.9 first-day close in ipos.json (sourced), 700 in the file"))
        }
        let same = try PriceImport.plan(iposJSON: ipos, companyId: "x", ticker: "688802", prices: [price("2025-12-17", Decimal(string: "829.9")!)],
                                        source: source, asOf: asOf)
        XCTAssertEqual(same.added.count, 1, "the same close on that day is no conflict")
    }

    func testAnEarlierImportIsUpdatedFreelyAndTheSameCloseIsUnchanged() throws {
        let plan = try PriceImport.plan(iposJSON: ipos, companyId: "x", ticker: "688802.SS",
                                        prices: [price("2026-02-06", 493.88), price("2026-02-09", 505)], source: source, asOf: asOf)
        XCTAssertEqual(plan.unchanged, 1)
        XCTAssertEqual(plan.updated.map(\.old), [500])
        let point = try XCTUnwrap(points(plan)["2026-02-09"])
        XCTAssertEqual((point["sources"] as? [[String: Any]])?.map { $0["url"] as? String }, ["file:x.csv"])
        XCTAssertEqual(point["note"] as? String, PriceImport.importedNote)
    }

    func testRowsAfterTheSnapshotsAsOfDateAreRefused() {
        XCTAssertThrowsError(try PriceImport.plan(iposJSON: ipos, companyId: "x", ticker: "688802",
                                                  prices: [price("2026-11-20", 1), price("2030-01-01", 5)], source: source, asOf: asOf)) { error in
            let message = (error as? PriceImport.Failure)?.message ?? ""
            XCTAssertTrue(message.contains("1 row is dated after the snapshot's as-of date 2026-11-20 (2030-01-01)"), message)
        }
    }

    func testATickerTheFirmDoesNotHaveIsAUsageError() {
        XCTAssertThrowsError(try PriceImport.plan(iposJSON: ipos, companyId: "x", ticker: "688795", prices: [price("2026-02-06", 1)],
                                                  source: source, asOf: asOf)) { error in
            XCTAssertEqual((error as? PriceImport.Failure)?.isUsageError, true)
        }
    }

    func testQuotedFieldsAndGroupedThousands() throws {
        XCTAssertEqual(PriceCSV.fields(of: #"2026-02-11,"1,234.5","say ""hi""",,x"#), ["2026-02-11", "1,234.5", #"say "hi""#, "", "x"])
        XCTAssertNil(PriceCSV.fields(of: #"2026-02-11,"12"#))
        XCTAssertEqual(PriceCSV.withoutGrouping("1,234,567.25"), "1234567.25")
        XCTAssertEqual(PriceCSV.withoutGrouping("12,34"), "12,34", "not grouped in threes: left to be refused")
        XCTAssertEqual(PriceCSV.withoutGrouping("1.234,56"), "1.234,56", "a decimal comma is not grouping")
        let parsed = PriceCSV.parse("\"Date\",\"Open\",\"High\",\"Low\",\"Close\",\"Volume\"\n2026-02-11,1200,1300,1100,\"1,234.5\",\"1,000\"\n")
        guard case .success(let prices) = parsed else { return XCTFail("\(parsed)") }
        XCTAssertEqual(prices.map(\.close), [Decimal(string: "1234.5")!])
        XCTAssertEqual(prices.first?.volume, 1000)
        guard case .failure(let bad) = PriceCSV.parse("Date,Open,High,Low,Close,Volume\n2026-02-11,1,1,1,\"12,34\",1\n2026-02-12,1,1,1,\"5\n")
        else { return XCTFail("bad rows accepted") }
        XCTAssertEqual(bad.problems.map(\.description), ["line 2: Close \"12,34\" is not a number", "line 3: a quoted field is not closed"])
        // A closed day's row is skipped; a zero close, or one outside the day's range, is a bad row.
        let vendor = "Date,Open,High,Low,Close,Volume\n2026-03-10,500,510,490,505,1\n2026-03-11,null,null,null,null,null\n"
        guard case .success(let skipped) = PriceCSV.parse(vendor) else { return XCTFail("a holiday row refused") }
        XCTAssertEqual(skipped.map(\.close), [505])
        guard case .failure(let wrong) = PriceCSV.parse("Date,Open,High,Low,Close,Volume\n2026-03-15,500,510,490,0,1\n2026-03-17,500,510,490,9000,1\n")
        else { return XCTFail("impossible closes accepted") }
        XCTAssertEqual(wrong.problems.map(\.description), ["line 2: Close is 0", "line 3: Close 9000 is outside the day's Low 490 – High 510"])
    }
}
