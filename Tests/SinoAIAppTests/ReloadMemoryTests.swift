import Foundation
import SinoAIDomain
import SinoAITestSupport
import SinoAIViewModel
import XCTest
@testable import SinoAIApp

/// A reload must not keep the snapshot it replaces, nor free it on the run loop.
final class ReloadMemoryTests: XCTestCase {
    /// Records on which thread it was freed.
    private final class Tracked: @unchecked Sendable {
        let freed: (Thread) -> Void
        init(freed: @escaping (Thread) -> Void) { self.freed = freed }
        deinit { freed(Thread.current) }
    }

    private final class Box: @unchecked Sendable {
        let lock = NSLock()
        var thread: Thread?
    }

    func testHeldValuesAreFreedOnAnotherThreadOnlyWhenReleased() {
        let box = Box()
        let done = expectation(description: "batch released")
        let release = BackgroundRelease(finished: { done.fulfill() })
        do {
            let value = Tracked { thread in box.lock.lock(); box.thread = thread; box.lock.unlock() }
            release.hold(value)
        }
        box.lock.lock()
        XCTAssertNil(box.thread, "freed while still held")
        box.lock.unlock()
        release.releaseHeld()
        wait(for: [done], timeout: 10)
        box.lock.lock()
        defer { box.lock.unlock() }
        let thread = box.thread
        XCTAssertNotNil(thread, "not freed after release")
        XCTAssertFalse(thread === Thread.current, "freed on the caller's thread")
    }

    func testNothingHeldStartsNoThread() {
        let started = expectation(description: "no batch")
        started.isInverted = true
        BackgroundRelease(finished: { started.fulfill() }).releaseHeld()
        wait(for: [started], timeout: 0.3)
    }

    func testReloaderLetsGoOfTheReplacedSnapshotOnceLoaded() throws {
        let wake = try WakePipe()
        let reloader = SnapshotReloader(directory: TestSupport.dataDirectory, wake: wake)
        let state = AppState(snapshot: TestSupport.snapshot, dataPath: TestSupport.dataDirectory.path,
                             size: TerminalSize(width: 120, height: 40))
        reloader.request(base: state.reloadBase)
        var taken: Result<PreparedSnapshot, SnapshotLoadError>?
        let deadline = Date().addingTimeInterval(30)
        while taken == nil && Date() < deadline {
            var fd = pollfd(fd: wake.readFD, events: Int16(POLLIN), revents: 0)
            _ = poll(&fd, 1, 100)
            taken = reloader.take()
        }
        guard case .success(let prepared)? = taken else { return XCTFail("no snapshot loaded: \(String(describing: taken))") }
        XCTAssertEqual(prepared.snapshot.companies.count, TestSupport.snapshot.companies.count)
        XCTAssertFalse(reloader.holdsBase, "the reloader still references the snapshot it replaced")
    }
}
