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
    /// Files larger than this are refused before they are read (the synthetic
    /// snapshot of 100k firms used by the benchmarks is 226 MB in all).
    public static let maximumFileSize = 512 * 1024 * 1024

    /// Loads a folder; `overriding` replaces some files' contents (to validate a change
    /// before it is written).
    public static func load(from directory: URL, overriding: [SnapshotFile: [UInt8]] = [:]) -> Result<Snapshot, SnapshotLoadError> {
        load(from: directory, overriding: overriding, readChunkSize: 1 << 20)
    }

    /// `readChunkSize`: how much of a file is read at a time (tests make it tiny so
    /// every record straddles reads).
    static func load(from directory: URL, overriding: [SnapshotFile: [UInt8]], readChunkSize: Int) -> Result<Snapshot, SnapshotLoadError> {
        var problems: [SnapshotProblem] = []
        // One file at a time, one record at a time: each record is decoded straight
        // from a window of the file's bytes, so memory follows the largest record, not
        // the file, and no parse tree is ever built.
        func decode<T>(_ file: SnapshotFile, _ reading: (SnapshotDecoder) -> FileReading<T>) -> T? {
            let empty = JSONTape(bytes: .init(start: nil, count: 0), entries: .init(start: nil, count: 0))
            let context = DecodingContext(file: file.rawValue, tape: empty)
            defer { problems += context.problems }
            let decoder = SnapshotDecoder(context: context)
            if let bytes = overriding[file] {
                return bytes.withUnsafeBufferPointer { decoder.read(.bytes($0), reading(decoder)) }
            }
            switch openFile(file.rawValue, in: directory) {
            case .failure(let problem):
                problems.append(problem)
                return nil
            case .success(let fd):
                defer { close(fd) }
                return decoder.read(.file(JSONByteSource(fd: fd, chunkSize: readChunkSize)), reading(decoder))
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

    /// Opens a snapshot file for reading, refusing what is not a regular file of a
    /// sensible size. The caller closes the descriptor.
    static func openFile(_ name: String, in directory: URL) -> Result<Int32, SnapshotProblem> {
        let path = directory.appendingPathComponent(name).path
        func problem(_ message: String) -> Result<Int32, SnapshotProblem> {
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
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            return problem("cannot stat: \(String(cString: strerror(errno)))")
        }
        if (info.st_mode & S_IFMT) != S_IFREG {
            close(fd)
            return problem("not a regular file")
        }
        if Int(info.st_size) > maximumFileSize {
            close(fd)
            return problem("file is \(info.st_size / 1_048_576) MB, over the \(maximumFileSize / 1_048_576) MB limit")
        }
        return .success(fd)
    }
}
