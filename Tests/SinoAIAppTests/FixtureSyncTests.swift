import Foundation
import XCTest

/// Golden/fixture is a copy of the Domain tests' minimal fixture; keep them identical.
final class FixtureSyncTests: XCTestCase {
    func testGoldenFixtureMatchesDomainFixture() throws {
        let domain = Golden.source.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SinoAIDomainTests/Fixtures/minimal")
        let files = ["manifest.json", "companies.json", "ipos.json", "policies.json", "risk.json"]
        let listed = try FileManager.default.contentsOfDirectory(atPath: domain.path).sorted()
        XCTAssertEqual(listed, files.sorted())
        for name in files {
            let original = try Data(contentsOf: domain.appendingPathComponent(name))
            let copy = try Data(contentsOf: Golden.source.appendingPathComponent("fixture").appendingPathComponent(name))
            XCTAssertEqual(original, copy, "Golden/fixture/\(name) differs from SinoAIDomainTests/Fixtures/minimal/\(name); copy it over")
        }
    }
}
