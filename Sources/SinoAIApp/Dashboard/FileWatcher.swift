import CSystemShims
import Foundation
import SinoAIDomain

/// Notices when the snapshot folder changes: inotify where available, else polling
/// the files' sizes and modification times every `interval` seconds.
final class FileWatcher {
    /// The inotify descriptor to poll, or -1 when polling file times.
    let fd: Int32
    let directory: URL
    let interval: TimeInterval
    private var signature: [String]

    /// The folder's own inotify watch; it moves when the folder is replaced.
    private var directoryWatch: Int32 = -1

    /// A burst of writes ends this long after the last event: a load waits that long.
    static let settle: TimeInterval = 0.2

    /// Polling mode: when file times are next compared (nil with inotify).
    private(set) var nextPoll: Date?

    init(directory: URL, interval: TimeInterval, forcePolling: Bool = false) {
        let directory = directory.standardizedFileURL
        self.directory = directory
        self.interval = interval
        var watch: Int32 = -1
        fd = forcePolling ? -1 : sinoai_inotify_watch_dir(directory.path, directory.deletingLastPathComponent().path, &watch)
        directoryWatch = watch
        signature = []
        signature = currentSignature()
        if fd < 0 { nextPoll = Date().addingTimeInterval(interval) }
    }

    /// The descriptor to wait on with `poll()`, when inotify is in use.
    var pollDescriptor: pollfd? { fd >= 0 ? pollfd(fd: fd, events: Int16(POLLIN), revents: 0) : nil }

    /// Whether the folder changed: with inotify, `ready` (its descriptor readable) and
    /// events drained; when polling, file times compared once `nextPoll` is due.
    func changed(ready: Bool, now: Date) -> Bool {
        if ready && drainEvents() { return true }
        guard let due = nextPoll, now >= due else { return false }
        nextPoll = now.addingTimeInterval(interval)
        return pollChanged()
    }

    var usesInotify: Bool { fd >= 0 }

    /// Consumes inotify events; true when something happened, including the folder being
    /// swapped for another by rename (the watch then follows the path to the new one).
    func drainEvents() -> Bool {
        guard fd >= 0 else { return false }
        return sinoai_inotify_drain(fd, directory.path, directory.lastPathComponent, &directoryWatch) > 0
    }

    /// Polling mode: true when a file's size or time changed since the last call.
    private func pollChanged() -> Bool {
        let now = currentSignature()
        defer { signature = now }
        return now != signature
    }

    private func currentSignature() -> [String] {
        SnapshotFile.allCases.map { file in
            var info = stat()
            let path = directory.appendingPathComponent(file.rawValue).path
            guard stat(path, &info) == 0 else { return "missing" }
            return "\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_ino)"
        }
    }

    deinit { if fd >= 0 { close(fd) } }
}
