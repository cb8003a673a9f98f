import Foundation
import SinoAIDomain

/// Loads and validates a snapshot on a background thread, away from the UI thread,
/// and hands the result back through a mailbox and a wake-up pipe.
final class SnapshotReloader: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Snapshot, SnapshotLoadError>?
    private var running = false
    private var pending = false
    private let wake: WakePipe
    let directory: URL

    init(directory: URL, wake: WakePipe) {
        self.directory = directory
        self.wake = wake
    }

    /// Starts a load; if one is running, another runs after it (the newest files win).
    func request() {
        lock.lock()
        if running {
            pending = true
            lock.unlock()
            return
        }
        running = true
        lock.unlock()
        let thread = Thread { [self] in
            while true {
                let loaded = SnapshotLoader.load(from: directory)
                lock.lock()
                result = loaded
                if pending {
                    pending = false
                    lock.unlock()
                    continue
                }
                running = false
                lock.unlock()
                break
            }
            wake.wake()
        }
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// The finished load, if any (taken once).
    func take() -> Result<Snapshot, SnapshotLoadError>? {
        lock.lock()
        defer { lock.unlock() }
        guard !running else { return nil }
        let taken = result
        result = nil
        return taken
    }
}
