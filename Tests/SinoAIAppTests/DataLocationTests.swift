import Foundation
import XCTest

/// `--data DIR`, else `$SINOAI_DATA`, else the bundled Data/.
final class DataLocationTests: XCTestCase {
    /// The company ids a run lists (from its CSV output).
    private func ids(_ result: CLIResult, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        XCTAssertEqual(result.status, 0, result.transcript, file: file, line: line)
        return result.stdout.components(separatedBy: "\r\n").dropFirst()
            .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            .map { String($0.prefix { $0 != "," }) }
    }

    func testSINOAIDataIsUsedWhenDataIsAbsent() throws {
        let result = try CLI.run(["companies", "--format", "csv"], environment: ["SINOAI_DATA": Golden.fixture.path])
        XCTAssertEqual(ids(result), ["test-lab-a", "test-chip-b", "test-app-c"])
    }

    func testDataOverridesSINOAIData() throws {
        let result = try CLI.run(["companies", "--format", "csv", "--data", Golden.realData.path],
                                 environment: ["SINOAI_DATA": Golden.fixture.path])
        let listed = ids(result)
        XCTAssertGreaterThanOrEqual(listed.count, 25)
        XCTAssertTrue(listed.contains("zhipu-ai"))
        XCTAssertFalse(listed.contains("test-lab-a"))
    }

    func testWithoutEitherTheBundledDataIsUsedFromAnyDirectory() throws {
        let result = try CLI.run(["validate"])
        XCTAssertEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stdout.hasPrefix("ok: \(Golden.realData.standardizedFileURL.path) — "), result.stdout)
        let empty = try CLI.run(["companies", "--format", "csv"], environment: ["SINOAI_DATA": ""])
        XCTAssertTrue(ids(empty).contains("zhipu-ai"), "an empty SINOAI_DATA counts as unset")
    }

    func testRelativeDataIsResolvedAgainstTheWorkingDirectory() throws {
        let parent = Golden.fixture.deletingLastPathComponent()
        let result = try CLI.run(["companies", "--format", "csv", "--data", "fixture"], workingDirectory: parent)
        XCTAssertEqual(ids(result), ["test-lab-a", "test-chip-b", "test-app-c"])
    }

    /// A folder that is not there is a usage error (exit 2) named in one line, not five
    /// missing files (see UsageErrorTests for every command and for a file given as --data).
    func testMissingDataFolderIsAUsageErrorNamingIt() throws {
        let nowhere = FileManager.default.temporaryDirectory.appendingPathComponent("sinoai-no-such-\(UUID().uuidString)").path
        for (arguments, environment, given) in [(["companies", "--data", nowhere], [:], "--data \(nowhere)"),
                                                (["companies"], ["SINOAI_DATA": nowhere], "SINOAI_DATA=\(nowhere)")] {
            let result = try CLI.run(arguments, environment: environment)
            XCTAssertEqual(result.status, 2, result.transcript)
            XCTAssertEqual(result.stderr, "sinoai: \(given): no such directory\n")
            XCTAssertEqual(result.stdout, "")
        }
    }
}
