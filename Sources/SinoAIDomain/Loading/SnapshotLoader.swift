import Foundation

/// The files a snapshot folder holds.
public enum SnapshotFile: String, Sendable, CaseIterable {
    case manifest = "manifest.json"
    case companies = "companies.json"
    case ipos = "ipos.json"
    case policies = "policies.json"
    case risk = "risk.json"
}

/// Why a snapshot could not be used: every problem found, in file order.
public struct SnapshotLoadError: Error, Sendable, CustomStringConvertible {
    public var problems: [SnapshotProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Reads, decodes and validates a snapshot folder. All or nothing: any problem means
/// no snapshot, so a half-written or broken update is never shown.
public enum SnapshotLoader {
    /// Files larger than this are refused before they are read (a snapshot of 100k
    /// firms is about 60 MB).
    public static let maximumFileSize = 512 * 1024 * 1024

    /// Loads a folder; `overriding` replaces some files' contents (to validate a change
    /// before it is written).
    public static func load(from directory: URL, overriding: [SnapshotFile: [UInt8]] = [:]) -> Result<Snapshot, SnapshotLoadError> {
        var problems: [SnapshotProblem] = []
        // One file at a time, one record at a time: each record is decoded straight
        // from the file's bytes and its tape reused, so no parse tree is ever built.
        func decode<T>(_ file: SnapshotFile, _ reading: (SnapshotDecoder) -> FileReading<T>) -> T? {
            let contents = overriding[file].map { Result<[UInt8], SnapshotProblem>.success($0) } ?? readFile(file.rawValue, in: directory)
            switch contents {
            case .failure(let problem):
                problems.append(problem)
                return nil
            case .success(let bytes):
                return bytes.withUnsafeBufferPointer { buffer in
                    let context = DecodingContext(file: file.rawValue, bytes: bytes, tape: JSONTape(bytes: buffer, entries: UnsafeBufferPointer(start: nil, count: 0)))
                    defer { problems += context.problems }
                    let decoder = SnapshotDecoder(context: context)
                    return decoder.read(buffer, reading(decoder))
                }
            }
        }
        let manifest = decode(.manifest) { $0.manifestFile() }
        let companies = decode(.companies) { $0.companiesFile() }
        let ipos = decode(.ipos) { $0.iposFile() }
        let events = decode(.policies) { $0.policiesFile() }
        let risk = decode(.risk) { $0.riskFile() }
        problems += SnapshotValidator.validate(companies: companies ?? [], ipos: ipos ?? [], events: events ?? [], risk: risk)
        guard problems.isEmpty, let manifest, let companies, let ipos, let events, let risk else {
            return .failure(SnapshotLoadError(problems: problems))
        }
        return .success(Snapshot(manifest: manifest, companies: companies, ipos: ipos, events: events, riskModel: risk))
    }

    static func readFile(_ name: String, in directory: URL) -> Result<[UInt8], SnapshotProblem> {
        let path = directory.appendingPathComponent(name).path
        func problem(_ message: String) -> Result<[UInt8], SnapshotProblem> {
            .failure(SnapshotProblem(file: name, kind: .unreadableFile, message: message))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return problem("missing file (looked in \(directory.path))")
        }
        if isDirectory.boolValue { return problem("is a folder, not a file") }
        // O_NONBLOCK: opening a FIFO put in place of a file must not hang the loader;
        // anything but a regular file is refused below.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return problem("cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return problem("cannot stat: \(String(cString: strerror(errno)))") }
        if (info.st_mode & S_IFMT) != S_IFREG { return problem("not a regular file") }
        if Int(info.st_size) > maximumFileSize {
            return problem("file is \(info.st_size / 1_048_576) MB, over the \(maximumFileSize / 1_048_576) MB limit")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var total = 0
        while total < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + total, $0.count - total) }
            if n < 0 {
                if errno == EINTR { continue }
                return problem("cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { bytes.removeSubrange(total...); break }
            total += n
        }
        return .success(bytes)
    }
}
