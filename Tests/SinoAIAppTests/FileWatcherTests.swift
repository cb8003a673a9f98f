import Foundation
import XCTest
@testable import SinoAIApp

/// The watcher follows the snapshot folder's path, not the folder it first found there:
/// jobs often publish a new snapshot by renaming a whole folder (or a symlink) into place.
final class FileWatcherTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sinoai-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: root.appendingPathComponent("data/manifest.json"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    /// Events arrive asynchronously: drain until something is seen or time runs out.
    func sawChange(_ watcher: FileWatcher, within seconds: TimeInterval = 2) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if watcher.drainEvents() { return true }
            usleep(20_000)
        }
        return false
    }

    func testWriteInTheFolderIsSeen() throws {
        let watcher = FileWatcher(directory: root.appendingPathComponent("data"), interval: 1)
        XCTAssertTrue(watcher.usesInotify)
        try Data("{\"a\":1}".utf8).write(to: root.appendingPathComponent("data/manifest.json"))
        XCTAssertTrue(sawChange(watcher))
    }

    func testFolderSwappedByRenameIsFollowed() throws {
        let fm = FileManager.default
        let watcher = FileWatcher(directory: root.appendingPathComponent("data"), interval: 1)
        try fm.createDirectory(at: root.appendingPathComponent("data.new"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: root.appendingPathComponent("data.new/manifest.json"))
        XCTAssertFalse(sawChange(watcher, within: 0.3), "a sibling folder is not the snapshot")
        try fm.moveItem(at: root.appendingPathComponent("data"), to: root.appendingPathComponent("data.old"))
        try fm.moveItem(at: root.appendingPathComponent("data.new"), to: root.appendingPathComponent("data"))
        XCTAssertTrue(sawChange(watcher), "the swap itself is a change")
        // Later writes land in the new folder, and the old one no longer counts.
        try Data("{\"b\":2}".utf8).write(to: root.appendingPathComponent("data/manifest.json"))
        XCTAssertTrue(sawChange(watcher), "writes in the new folder are seen")
        try Data("{\"c\":3}".utf8).write(to: root.appendingPathComponent("data.old/manifest.json"))
        XCTAssertFalse(sawChange(watcher, within: 0.5), "writes in the old folder are not")
    }

    func testSymlinkRepointedIsFollowed() throws {
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("v2"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(at: root.appendingPathComponent("current"), withDestinationURL: root.appendingPathComponent("data"))
        let watcher = FileWatcher(directory: root.appendingPathComponent("current"), interval: 1)
        // `ln -sfn v2 current` done atomically: a new link renamed over the old one.
        try fm.createSymbolicLink(at: root.appendingPathComponent("current.tmp"), withDestinationURL: root.appendingPathComponent("v2"))
        XCTAssertEqual(rename(root.appendingPathComponent("current.tmp").path, root.appendingPathComponent("current").path), 0)
        XCTAssertTrue(sawChange(watcher))
        try Data("{}".utf8).write(to: root.appendingPathComponent("v2/manifest.json"))
        XCTAssertTrue(sawChange(watcher), "writes in the new target are seen")
    }
}
