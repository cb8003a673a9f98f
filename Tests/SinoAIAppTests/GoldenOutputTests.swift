import Foundation
import XCTest

/// `sinoai` list commands on the synthetic fixture, compared byte for byte with the
/// files in Golden/ (see Support/Golden.swift to regenerate them).
final class GoldenOutputTests: XCTestCase {
    private func assertGolden(_ arguments: [String], _ golden: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try CLI.run(arguments + ["--data", Golden.fixture.path], file: file, line: line)
        XCTAssertEqual(result.status, 0, result.transcript, file: file, line: line)
        XCTAssertEqual(result.stderr, "", file: file, line: line)
        Golden.assertMatches(result.stdoutData, golden, file: file, line: line)
    }

    func testCompaniesTable() throws { try assertGolden(["companies"], "companies.table.txt") }
    func testCompaniesJSON() throws { try assertGolden(["companies", "--format", "json"], "companies.json") }
    func testCompaniesCSV() throws { try assertGolden(["companies", "--format", "csv"], "companies.csv") }

    func testIPOsTable() throws { try assertGolden(["ipos"], "ipos.table.txt") }
    func testIPOsJSON() throws { try assertGolden(["ipos", "--format", "json"], "ipos.json") }
    func testIPOsCSV() throws { try assertGolden(["ipos", "--format", "csv"], "ipos.csv") }

    func testPoliciesTable() throws { try assertGolden(["policies"], "policies.table.txt") }
    func testPoliciesJSON() throws { try assertGolden(["policies", "--format", "json"], "policies.json") }
    func testPoliciesCSV() throws { try assertGolden(["policies", "--format", "csv"], "policies.csv") }

    func testRiskJSON() throws { try assertGolden(["risk", "--format", "json"], "risk.json") }
    func testRiskTable() throws { try assertGolden(["risk"], "risk.table.txt") }
    func testRiskTightenCSV() throws { try assertGolden(["risk", "--scenario", "tighten", "--format", "csv"], "risk-tighten.csv") }

    /// Spot checks that do not depend on the golden files, so a regenerated golden
    /// cannot silently bless a wrong figure.
    /// `company --format csv` is data: unknown is empty, values unpadded, doubt in a column.
    func testCompanyCSVIsData() throws {
        func rows(_ id: String) throws -> [[String]] {
            let result = try CLI.run(["company", id, "--format", "csv", "--data", Golden.fixture.path])
            XCTAssertEqual(result.status, 0, result.transcript)
            // The fixture's profile lines hold no quoted commas.
            return result.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
        }
        let appC = try rows("test-app-c")
        XCTAssertEqual(appC.first, ["section", "field", "value", "doubtful"])
        XCTAssertEqual(appC.first { $0.count == 4 && $0[1] == "中文名" }, ["Profile", "中文名", "", "false"], "unknown is empty")
        XCTAssertFalse(appC.contains { $0.count == 4 && ($0[2].hasPrefix(" ") || $0[2] == "—" || $0[1].isEmpty) }, "\(appC)")
        let chipB = try rows("test-chip-b")
        XCTAssertEqual(chipB.first { $0.count == 4 && $0[1] == "中文名" }?[3], "true", "the unverified Chinese name is marked")
    }

    func testKeyFiguresInFixtureOutput() throws {
        let companies = try CLI.run(["companies", "--format", "csv", "--data", Golden.fixture.path])
        XCTAssertEqual(companies.status, 0, companies.transcript)
        let lines = companies.stdout.components(separatedBy: "\r\n")
        XCTAssertEqual(lines.first?.hasPrefix("id,name,nameZh,segment,status,"), true)
        XCTAssertEqual(lines.count, 5, "header, three rows and the empty string after the final CRLF")
        XCTAssertTrue(lines[1].hasPrefix("test-lab-a,Test Lab A,测试实验室甲,foundation-models,listed,HKEX,9001,25000000000,HKD,,false,2026-01-15,market-cap,150.00,75.00,listed,2025-01-15,"), lines[1])

        let ipos = try CLI.jsonObjects(CLI.run(["ipos", "--format", "json", "--data", Golden.fixture.path]))
        XCTAssertEqual(ipos.map { $0["id"] as? String }, ["test-lab-a-hk", "test-chip-b-star"])
        XCTAssertEqual((ipos[0]["daysListed"] as? NSNumber)?.intValue, 229)
        XCTAssertEqual((ipos[1]["latestVsOfferPercent"] as? NSNumber)?.doubleValue, 344.4)

        let risk = try CLI.jsonObjects(CLI.run(["risk", "--scenario", "tighten", "--format", "json", "--data", Golden.fixture.path]))
        XCTAssertEqual(risk.map { ($0["score"] as? NSNumber)?.doubleValue }, [77, 68, 65])
        XCTAssertEqual(risk.map { ($0["deltaVsBaseline"] as? NSNumber)?.doubleValue }, [2, 2, 37])
    }
}
