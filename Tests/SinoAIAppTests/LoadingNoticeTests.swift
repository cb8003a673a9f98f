import Foundation
import XCTest
@testable import SinoAIApp

/// The line the dashboard shows before loading a snapshot large enough to take a while.
final class LoadingNoticeTests: XCTestCase {
    private func folder(fileSize: Int) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sinoai-notice-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        for name in ["manifest.json", "companies.json", "ipos.json", "policies.json", "risk.json"] {
            let path = folder.appendingPathComponent(name).path
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
            XCTAssertEqual(truncate(path, off_t(fileSize)), 0) // sparse: nothing is written
        }
        return folder
    }

    func testLargeSnapshotIsAnnouncedWithItsSize() throws {
        let large = try folder(fileSize: 10 << 20)
        let notice = try XCTUnwrap(DataOptions.loadingNotice(for: large))
        XCTAssertTrue(notice.hasPrefix("sinoai: loading 50 MB of snapshot from "), notice)
        XCTAssertTrue(notice.contains(large.lastPathComponent), notice)
    }

    func testSmallSnapshotIsNot() throws {
        XCTAssertNil(DataOptions.loadingNotice(for: try folder(fileSize: 1 << 20)))
        let bundled = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data")
        XCTAssertNil(DataOptions.loadingNotice(for: bundled))
    }
}
