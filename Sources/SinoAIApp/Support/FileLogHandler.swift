import Foundation
import Logging

/// Writes log lines to a file: the dashboard owns the terminal, so diagnostics must
/// never go to stdout or stderr while it runs.
struct FileLogHandler: LogHandler {
    private let handle: FileHandle
    private let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String, handle: FileHandle) {
        self.label = label
        self.handle = handle
    }

    /// Opens (appending) or creates the file.
    static func open(_ path: String) throws -> FileHandle {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CommandFailure(message: "cannot create log file \(path)", code: 2)
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CommandFailure(message: "cannot open log file \(path)", code: 2) }
        handle.seekToEndOfFile()
        return handle
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let meta = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let stamp = ISO8601DateFormatter().string(from: Date())
        handle.write(Data("\(stamp) \(event.level) \(label): \(event.message)\(meta)\n".utf8))
    }
}
