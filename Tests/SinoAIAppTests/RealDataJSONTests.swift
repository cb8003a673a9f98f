import Foundation
import XCTest

/// The JSON shapes of the commands on the real bundled snapshot. Every run is from an
/// empty temporary working directory with no --data and no SINOAI_DATA, so these also
/// prove the binary finds its data from any cwd.
final class RealDataJSONTests: XCTestCase {
    private func objects(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        try CLI.jsonObjects(CLI.run(arguments, file: file, line: line), file: file, line: line)
    }

    private func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    func testCompaniesJSONShape() throws {
        let companies = try objects(["companies", "--format", "json"])
        XCTAssertGreaterThanOrEqual(companies.count, 25)
        let segments: Set<String> = ["foundation-models", "big-tech-models", "ai-applications", "ai-chips", "foundry", "autonomous-driving"]
        for company in companies {
            let id = company["id"] as? String ?? "<no id>"
            XCTAssertFalse(id.isEmpty)
            XCTAssertNotNil(company["name"] as? String, id)
            XCTAssertTrue(company["nameZh"] is String || company["nameZh"] is NSNull, "\(id): nameZh is a string or null")
            XCTAssertTrue(segments.contains(company["segment"] as? String ?? ""), "\(id): segment \(company["segment"] ?? "missing")")
            XCTAssertTrue(["private", "listed", "filed"].contains(company["status"] as? String ?? ""), "\(id): status")
            let sources = company["sources"] as? [[String: Any]] ?? []
            XCTAssertFalse(sources.isEmpty, "\(id): sources")
            for source in sources {
                let url = source["url"] as? String ?? ""
                XCTAssertTrue(url.hasPrefix("https://") || url.hasPrefix("http://"), "\(id): \(url)")
            }
        }
        XCTAssertEqual(Set(companies.compactMap { $0["id"] as? String }).count, companies.count, "ids are unique")
    }

    func testIPOsJSONShape() throws {
        let ipos = try objects(["ipos", "--format", "json"])
        XCTAssertFalse(ipos.isEmpty)
        for ipo in ipos {
            let id = ipo["id"] as? String ?? "<no id>"
            XCTAssertNotNil(ipo["companyId"] as? String, id)
            XCTAssertTrue(ipo["offerPrice"] is NSNumber || ipo["offerPrice"] is NSNull, "\(id): offerPrice")
            XCTAssertEqual((ipo["currency"] as? String)?.count, 3, "\(id): currency")
            XCTAssertTrue(ipo["listingDate"] is String || ipo["listingDate"] is NSNull, "\(id): listingDate")
        }
        let moore = try XCTUnwrap(ipos.first { $0["companyId"] as? String == "moore-threads" })
        XCTAssertEqual(number(moore["offerPrice"]), 114.28)
        XCTAssertEqual(moore["currency"] as? String, "CNY")
        // The exact decimal survives into the output text.
        let raw = try CLI.run(["ipos", "--format", "json"]).stdout
        XCTAssertTrue(raw.contains("\"offerPrice\": 114.28,"), "114.28 is written exactly")
    }

    /// A pending IPO's amount is a target, in JSON as on screen.
    func testPendingIPOsAmountIsATargetNotRaised() throws {
        let ipos = try objects(["ipos", "--format", "json"])
        let pending = ipos.filter { $0["status"] as? String == "pending" && !($0["targetRaise"] is NSNull) }
        XCTAssertFalse(pending.isEmpty)
        for ipo in pending {
            XCTAssertTrue(ipo["amountRaised"] is NSNull, "\(ipo["id"] ?? "")")
            XCTAssertNotNil(ipo["targetRaiseCurrency"] as? String)
        }
        XCTAssertTrue(ipos.filter { $0["status"] as? String == "listed" }.allSatisfy { $0["targetRaise"] is NSNull })
    }

    func testRiskJSONShape() throws {
        let scores = try objects(["risk", "--format", "json"])
        XCTAssertGreaterThanOrEqual(scores.count, 25)
        var previousRank = 0
        for entry in scores {
            let id = entry["companyId"] as? String ?? "<no id>"
            let score = try XCTUnwrap(number(entry["score"]), id)
            XCTAssertTrue((0...100).contains(score), "\(id): score \(score)")
            let rank = try XCTUnwrap((entry["rank"] as? NSNumber)?.intValue, id)
            XCTAssertGreaterThanOrEqual(rank, max(previousRank, 1), "\(id): ranks never go down")
            previousRank = rank
            let contributions = try XCTUnwrap(entry["contributions"] as? [[String: Any]], id)
            XCTAssertFalse(contributions.isEmpty, id)
            var sum = 0.0
            for contribution in contributions {
                XCTAssertNotNil(contribution["factor"] as? String, id)
                sum += try XCTUnwrap(number(contribution["points"]), id)
            }
            XCTAssertEqual(sum, score, accuracy: 0.5, "\(id): contributions add up to the score")
            XCTAssertEqual(number(entry["deltaVsBaseline"]), 0, "\(id): no delta under the baseline")
        }
        XCTAssertEqual((scores.first?["rank"] as? NSNumber)?.intValue, 1)
    }

    func testTightenScenarioMovesSomeScores() throws {
        let scores = try objects(["risk", "--scenario", "tighten", "--format", "json"])
        let deltas = scores.compactMap { number($0["deltaVsBaseline"]) }
        XCTAssertEqual(deltas.count, scores.count)
        XCTAssertTrue(deltas.contains { $0 != 0 }, "tighten changes at least one firm's score")
        XCTAssertFalse(deltas.contains { $0 < 0 }, "tightening never lowers a score")
    }

    func testCompanyJSONHasItsListing() throws {
        let value = try CLI.json(CLI.run(["company", "zhipu-ai", "--format", "json"]))
        let company = try XCTUnwrap(value as? [String: Any])
        XCTAssertEqual(company["id"] as? String, "zhipu-ai")
        let listings = try XCTUnwrap(company["listings"] as? [[String: Any]])
        XCTAssertTrue(listings.contains { $0["ticker"] as? String == "2513" }, "\(listings)")
        XCTAssertNotNil(company["ipos"] as? [Any])
        XCTAssertNotNil(company["events"] as? [Any])
        XCTAssertNotNil(company["risk"] as? [String: Any])
    }
}

/// `sinoai company` as text: every value whole (URLs stay usable when piped), with the
/// same doubt markers as the dashboard.
final class CompanyTextTests: XCTestCase {
    func testValuesAreWholeAndDoubtIsMarked() throws {
        for id in ["deepseek", "zhipu-ai", "minimax"] {
            let result = try CLI.run(["company", id])
            XCTAssertEqual(result.status, 0, result.stderr)
            let urls = TestURLs.all(in: id)
            XCTAssertFalse(urls.isEmpty)
            for url in urls { XCTAssertTrue(result.stdout.contains(url), "\(id): \(url) cut or missing") }
            XCTAssertTrue(result.stdout.contains("?\n"), "\(id): a doubtful figure ends in the doubt marker")
        }
    }
}

/// The source URLs of one firm's record in the bundled companies.json.
enum TestURLs {
    static func all(in companyId: String) -> [String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Data/companies.json")
        guard let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let companies = root["companies"] as? [[String: Any]],
              let company = companies.first(where: { $0["id"] as? String == companyId }),
              let sources = company["sources"] as? [[String: Any]] else { return [] }
        return sources.compactMap { $0["url"] as? String }
    }
}
