import Foundation
import XCTest

/// Exit status: 0 ok, 1 invalid data (one problem per line on stderr), 2 usage error.
final class ExitCodeTests: XCTestCase {
    /// A copy of the fixture with one problem in companies.json and one in ipos.json.
    private func brokenCopy() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory(prefix: "sinoai-broken")
        for name in try FileManager.default.contentsOfDirectory(atPath: Golden.fixture.path) {
            try FileManager.default.copyItem(at: Golden.fixture.appendingPathComponent(name),
                                             to: folder.url.appendingPathComponent(name))
        }
        func replace(_ file: String, _ old: String, _ new: String) throws {
            let url = folder.url.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            XCTAssertEqual(text.components(separatedBy: old).count, 2, "one \(old) in \(file)")
            try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: url)
        }
        try replace("companies.json", #""hq": "Sampletown","#, #""hq": "Sampletown", "hqq": "typo","#)
        try replace("ipos.json", #""currency": "CNY","#, #""currency": "XXX","#)
        return folder
    }

    func testValidateBrokenSnapshotExitsOneWithOneProblemPerLine() throws {
        let broken = try brokenCopy()
        let result = try CLI.run(["validate", broken.url.path])
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(result.stdout, "")
        let lines = result.stderrLines
        XCTAssertEqual(lines.count, 3, "a header and one line per problem:\n\(result.stderr)")
        XCTAssertTrue(lines.first?.contains("invalid (2 problems)") == true, result.stderr)
        let problems = lines.dropFirst()
        XCTAssertTrue(problems.contains { $0.hasPrefix("companies.json:") && $0.contains(" test-chip-b: hqq: ") }, result.stderr)
        XCTAssertTrue(problems.contains { $0.hasPrefix("ipos.json:") && $0.contains(" test-chip-b-star: currency: ") && $0.contains("XXX") },
                      result.stderr)
    }

    func testValidateBrokenSnapshotAsJSON() throws {
        let broken = try brokenCopy()
        let result = try CLI.run(["validate", broken.url.path, "--format", "json"])
        XCTAssertEqual(result.status, 1, result.transcript)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        XCTAssertEqual(report["valid"] as? Bool, false)
        let problems = try XCTUnwrap(report["problems"] as? [[String: Any]])
        let summary = Set(problems.map { "\($0["file"] ?? "") \($0["record"] ?? "") \($0["field"] ?? "") \($0["kind"] ?? "")" })
        XCTAssertEqual(summary, ["companies.json test-chip-b hqq unknown-field", "ipos.json test-chip-b-star currency unknown-currency"])
    }

    func testOtherCommandsOnABrokenSnapshotAlsoExitOne() throws {
        let broken = try brokenCopy()
        let result = try CLI.run(["companies", "--data", broken.url.path])
        XCTAssertEqual(result.status, 1, result.transcript)
        XCTAssertEqual(result.stdout, "", "no partial output from a broken snapshot")
        XCTAssertTrue(result.stderr.contains("hqq"), result.stderr)
    }

    func testValidateGoodDataExitsZero() throws {
        for arguments in [["validate"], ["validate", Golden.fixture.path], ["validate", "--data", Golden.fixture.path]] {
            let result = try CLI.run(arguments)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.transcript)")
            XCTAssertTrue(result.stdout.hasPrefix("ok: "), result.stdout)
            XCTAssertEqual(result.stderr, "")
        }
        let fixture = try CLI.run(["validate", Golden.fixture.path])
        XCTAssertTrue(fixture.stdout.contains("3 companies, 2 IPOs, 3 policy events, 3 risk factors, 3 scenarios; as of 2026-01-31"),
                      fixture.stdout)
    }

    func testUnknownOptionExitsTwo() throws {
        let result = try CLI.run(["companies", "--no-such-option"])
        XCTAssertEqual(result.status, 2, result.transcript)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("--no-such-option"), result.stderr)
    }

    func testUnknownSubcommandArgumentsAndValuesExitTwo() throws {
        for arguments in [["companies", "--format", "xml"], ["companies", "--segment", "robots"], ["policies", "--jurisdiction", "EU"],
                          ["risk", "--scenario", "no-such-scenario"], ["companies", "extra-argument"]] {
            let result = try CLI.run(arguments + ["--data", Golden.fixture.path])
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.transcript)")
            XCTAssertFalse(result.stderr.isEmpty, "\(arguments)")
        }
    }

    /// A reader that goes away (`| head` with SIGPIPE ignored, as under some service
    /// managers) ends the command quietly with the status SIGPIPE would give; a full disk
    /// is one line and exit 1. Never a crash.
    func testFailedWritesEndQuietlyWithAStatus() throws {
        let binary = CLI.executable.path
        func shell(_ script: String) throws -> (status: String, stderr: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", script, "bash", binary, Golden.fixture.path]
            let err = Pipe(), out = Pipe()
            process.standardError = err
            process.standardOutput = out
            try process.run()
            let status = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (status.trimmingCharacters(in: .whitespacesAndNewlines), stderr)
        }
        for command in ["companies --format json", "ipos --format csv", "policies", "risk --format json"] {
            let piped = try shell("trap '' PIPE; \"$1\" \(command) --data \"$2\" | (exec 0<&-; sleep 0.5); echo ${PIPESTATUS[0]}")
            XCTAssertEqual(piped.status, "141", "\(command): \(piped.stderr)")
            XCTAssertEqual(piped.stderr, "", command)
            let full = try shell("\"$1\" \(command) --data \"$2\" > /dev/full; echo $?")
            XCTAssertEqual(full.status, "1", command)
            XCTAssertEqual(full.stderr, "sinoai: cannot write output: No space left on device\n", command)
        }
    }

    /// An argument echoed back in an error never reaches the terminal as an escape sequence.
    func testArgumentsInErrorsAreEscaped() throws {
        for arguments in [["policies", "--since", "\u{1B}[2J"], ["companies", "--format", "\u{1B}[31mx"], ["\u{1B}[31mx"],
                          ["import", "prices", "--company", "test-lab-a", "--ticker", "9001", "/tmp/\u{1B}[31mnofile"]] {
            let result = try CLI.run(arguments + ["--data", Golden.fixture.path])
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.transcript)")
            XCTAssertFalse(result.stderr.contains("\u{1B}"), "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("\\e[3") || result.stderr.contains("\\e[2J"), "\(arguments): \(result.stderr)")
        }
    }

    /// Scripts can check what they run; a scenario id is matched whatever its case.
    func testVersionAndScenarioCase() throws {
        let version = try CLI.run(["--version"])
        XCTAssertEqual(version.status, 0, version.transcript)
        XCTAssertTrue(version.stdout.hasPrefix("sinoai 0.9.0 (reads snapshot schema 1)"), version.stdout)
        let upper = try CLI.run(["risk", "--scenario", "TIGHTEN", "--format", "csv", "--data", Golden.fixture.path])
        let lower = try CLI.run(["risk", "--scenario", "tighten", "--format", "csv", "--data", Golden.fixture.path])
        XCTAssertEqual(upper.status, 0, upper.transcript)
        XCTAssertEqual(upper.stdout, lower.stdout)
    }

    func testUnknownCompanyExitsTwo() throws {
        let result = try CLI.run(["company", "no-such-firm"])
        XCTAssertEqual(result.status, 2, result.transcript)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("unknown company id \"no-such-firm\""), result.stderr)
    }

    func testInvalidSinceDateExitsTwo() throws {
        for date in ["2025-13", "2025-02-30", "25-01-01", "yesterday"] {
            let result = try CLI.run(["policies", "--since", date])
            XCTAssertEqual(result.status, 2, "\(date): \(result.transcript)")
            XCTAssertTrue(result.stderr.contains(date), result.stderr)
            XCTAssertEqual(result.stdout, "")
        }
    }

    func testPoliciesFilterByJurisdictionAndDate() throws {
        let real = try CLI.jsonObjects(CLI.run(["policies", "--jurisdiction", "US", "--since", "2025", "--format", "json"]))
        XCTAssertFalse(real.isEmpty)
        for event in real {
            XCTAssertEqual(event["jurisdiction"] as? String, "US", "\(event["id"] ?? "")")
            XCTAssertGreaterThanOrEqual(event["date"] as? String ?? "", "2025", "\(event["id"] ?? "")")
        }
        let all = try CLI.jsonObjects(CLI.run(["policies", "--format", "json"]))
        let expected = all.filter { $0["jurisdiction"] as? String == "US" && ($0["date"] as? String ?? "") >= "2025" }
        XCTAssertEqual(real.compactMap { $0["id"] as? String }, expected.compactMap { $0["id"] as? String })

        // The table form on the fixture: only the 2025 US event, not the 2024 US rule or the CN fund.
        let table = try CLI.run(["policies", "--jurisdiction", "us", "--since", "2025", "--data", Golden.fixture.path])
        XCTAssertEqual(table.status, 0, table.transcript)
        let rows = table.stdoutLines.dropFirst(2)
        XCTAssertEqual(rows.count, 1, table.stdout)
        XCTAssertTrue(rows.first?.hasPrefix("2025-01-15  ▲ US  Entity List") == true, table.stdout)
    }

    func testHelpExitsZeroForEverySubcommand() throws {
        for subcommand in ["dashboard", "companies", "company", "ipos", "policies", "risk", "validate"] {
            let result = try CLI.run([subcommand, "--help"])
            XCTAssertEqual(result.status, 0, "\(subcommand): \(result.transcript)")
            XCTAssertTrue(result.stdout.contains("USAGE: sinoai \(subcommand)"), "\(subcommand): \(result.stdout)")
            XCTAssertEqual(result.stderr, "", subcommand)
        }
        let root = try CLI.run(["--help"])
        XCTAssertEqual(root.status, 0, root.transcript)
        XCTAssertTrue(root.stdout.contains("SUBCOMMANDS"), root.stdout)
        XCTAssertTrue(root.stdout.contains("Exit status: 0 ok, 1 invalid data"), root.stdout)
    }
}

