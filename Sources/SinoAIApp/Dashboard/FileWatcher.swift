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

    init(directory: URL, interval: TimeInterval, forcePolling: Bool = false) {
        self.directory = directory
        self.interval = interval
        fd = forcePolling ? -1 : directory.path.withCString { sinoai_inotify_watch_dir($0) }
        signature = []
        signature = currentSignature()
    }

    var usesInotify: Bool { fd >= 0 }

    /// Consumes inotify events; true when something happened.
    func drainEvents() -> Bool {
        guard fd >= 0 else { return false }
        return sinoai_inotify_drain(fd) > 0
    }

    /// Polling mode: true when a file's size or time changed since the last call.
    func pollChanged() -> Bool {
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
