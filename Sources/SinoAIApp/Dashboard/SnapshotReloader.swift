import Foundation
import SinoAIDomain
import SinoAIViewModel

/// Loads and validates a snapshot on a background thread, away from the UI thread,
/// prepares what the dashboard derives from it (changes, rows) there too, and hands
/// the result back through a mailbox and a wake-up pipe.
final class SnapshotReloader: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<PreparedSnapshot, SnapshotLoadError>?
    private var running = false
    private var pending = false
    /// What the newest request is prepared against (nil once its load is done).
    private var base: PreparedSnapshot.Base?
    private let wake: WakePipe
    let directory: URL

    init(directory: URL, wake: WakePipe) {
        self.directory = directory
        self.wake = wake
    }

    /// Starts a load prepared against `base` (what the dashboard shows now); if one is
    /// running, another runs after it (the newest files and base win).
    func request(base: PreparedSnapshot.Base) {
        lock.lock()
        self.base = base
        if running {
            pending = true
            lock.unlock()
            return
        }
        running = true
        lock.unlock()
        let thread = Thread { [self] in
            while true {
                lock.lock()
                let base = self.base!
                lock.unlock()
                let loaded = SnapshotLoader.load(from: directory).map { PreparedSnapshot($0, replacing: base) }
                lock.lock()
                result = loaded
                if pending {
                    pending = false
                    lock.unlock()
                    continue
                }
                running = false
                // Not kept until the next request: it holds the snapshot being replaced.
                self.base = nil
                lock.unlock()
                break
            }
            wake.wake()
        }
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// Whether a request's base (and so an old snapshot) is still referenced here.
    var holdsBase: Bool {
        lock.lock()
        defer { lock.unlock() }
        return base != nil
    }

    /// The finished load, if any (taken once).
    func take() -> Result<PreparedSnapshot, SnapshotLoadError>? {
        lock.lock()
        defer { lock.unlock() }
        guard !running else { return nil }
        let taken = result
        result = nil
        return taken
    }
}
