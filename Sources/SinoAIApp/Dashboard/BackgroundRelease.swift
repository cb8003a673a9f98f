import CSystemShims
import Foundation

/// Frees what the run loop has let go of on another thread. A reload replaces the whole
/// snapshot and its rows; at 100 000 firms dropping the old ones is ~0.4 s of frees,
/// which on the run loop would stall input right after every reload.
final class BackgroundRelease: @unchecked Sendable {
    private let lock = NSLock()
    private var held: [any Sendable] = []
    private let finished: (@Sendable () -> Void)?

    /// `finished` runs on the releasing thread after each batch (tests wait on it).
    init(finished: (@Sendable () -> Void)? = nil) {
        self.finished = finished
    }

    /// Keeps `value` alive until the next `releaseHeld()`.
    func hold(_ value: any Sendable) {
        lock.lock()
        held.append(value)
        lock.unlock()
    }

    /// Frees what is held on a new thread, then returns the freed memory to the system.
    /// Call it once the caller's own references are gone (after the scope that used them),
    /// so that the last reference is the one dropped there.
    func releaseHeld() {
        lock.lock()
        let isEmpty = held.isEmpty
        lock.unlock()
        guard !isEmpty else { return }
        Thread { [self] in
            // Taken under the lock, so this thread owns the only reference to the batch.
            lock.lock()
            var batch = held
            held = []
            lock.unlock()
            batch.removeAll()
            sinoai_return_free_memory()
            finished?()
        }.start()
    }
}
