import Foundation

/// The files a snapshot folder holds.
public enum SnapshotFile: String, Sendable, CaseIterable {
    case manifest = "manifest.json"
    case companies = "companies.json"
    case ipos = "ipos.json"
    case policies = "policies.json"
    case risk = "risk.json"
}

/// Why a snapshot could not be used: every problem found, file by file (manifest,
/// companies, IPOs, policies, risk; within a file, records in file order and the top
/// level last), then the checks across files.
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

    /// `readChunkSize`: how much of a file is read at a time (tests and the fuzzer make
    /// it tiny so every record straddles reads); `parallel`: decode on all cores (nil:
    /// when the snapshot is large enough to gain from it).
    @_spi(Testing) public static func load(from directory: URL, overriding: [SnapshotFile: [UInt8]], readChunkSize: Int,
                     parallel: Bool? = nil) -> Result<Snapshot, SnapshotLoadError> {
        // A folder that is gone is one problem, not one missing file each.
        if overriding.count < SnapshotFile.allCases.count {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory)
            if !exists || !isDirectory.boolValue {
                let message = exists ? "the data folder is now a file, not a folder" : "the data folder is gone (deleted, moved, or not yet in place)"
                return .failure(SnapshotLoadError(problems: [SnapshotProblem(file: directory.path, kind: .unreadableFile, message: message)]))
            }
        }
        let parallel = parallel ?? (size(of: directory, overriding: overriding) >= parallelThreshold)
        // One record at a time: each is decoded straight from a window of its file's
        // bytes, so memory follows the largest record, not the file, and no parse tree
        // is ever built.
        @Sendable func decode<T>(_ file: SnapshotFile, into slot: Slot<T>, _ reading: (SnapshotDecoder) -> FileReading<T>) {
            let empty = JSONTape(bytes: .init(start: nil, count: 0), entries: .init(start: nil, count: 0))
            let context = DecodingContext(file: file.rawValue, tape: empty)
            let decoder = SnapshotDecoder(context: context)
            if let bytes = overriding[file] {
                slot.value = bytes.withUnsafeBufferPointer { decoder.read(.bytes($0), reading(decoder)) }
            } else {
                switch openFile(file.rawValue, in: directory) {
                case .failure(let problem):
                    slot.problems = [problem]
                    return
                case .success(let fd):
                    defer { close(fd) }
                    slot.value = decoder.read(.file(JSONByteSource(fd: fd, chunkSize: readChunkSize, limit: maximumFileSize + 1)), reading(decoder))
                }
            }
            slot.problems = context.problems
        }
        let manifest = Slot<Manifest>(), companies = Slot<[Company]>(), ipos = Slot<[IPO]>()
        let events = Slot<[PolicyEvent]>(), risk = Slot<RiskModel>()
        // The files are independent: decode them on all cores, the largest first.
        let jobs: [@Sendable () -> Void] = [
            { decode(.risk, into: risk) { $0.riskFile() } },
            { decode(.companies, into: companies) { $0.companiesFile() } },
            { decode(.ipos, into: ipos) { $0.iposFile() } },
            { decode(.policies, into: events) { $0.policiesFile() } },
            { decode(.manifest, into: manifest) { $0.manifestFile() } },
        ]
        // A small snapshot (the bundled one is 0.3 MB) loads in a few milliseconds on one
        // thread: waking a thread pool would cost more than it saves, at start-up above all.
        Parallel.perform(jobs, inParallel: parallel)
        // Problems in file order, whichever thread found them.
        var problems = manifest.problems + companies.problems + ipos.problems + events.problems + risk.problems
        let (manifestValue, companiesValue, iposValue, eventsValue, riskValue) = (manifest.value, companies.value, ipos.value, events.value, risk.value)
        guard problems.isEmpty, let manifest = manifestValue, let companies = companiesValue, let ipos = iposValue,
              let events = eventsValue, let risk = riskValue else {
            problems += SnapshotValidator.validate(companies: companiesValue, ipos: iposValue ?? [],
                                                   events: eventsValue ?? [], risk: riskValue)
            return .failure(SnapshotLoadError(problems: inFileOrder(problems)))
        }
        // Every file decoded: check across files while the indexes and scores are built
        // (both only read the records); the snapshot is dropped if a check fails.
        let crossFile = JobResult<[SnapshotProblem]>(), snapshot = JobResult<Snapshot>()
        let finishing: [@Sendable () -> Void] = [
            { crossFile.value = SnapshotValidator.validate(companies: companies, ipos: ipos, events: events, risk: risk) },
            { snapshot.value = Snapshot(manifest: manifest, companies: companies, ipos: ipos, events: events, riskModel: risk) },
        ]
        if parallel && risk.isBoundedForScoring {
            Parallel.perform(finishing, inParallel: true)
        } else {
            // Check first, and build only what passed: scoring a file the checks reject
            // could take any amount of memory.
            finishing[0]()
            if crossFile.value?.isEmpty ?? false { finishing[1]() }
        }
        guard let built = snapshot.value, crossFile.value?.isEmpty ?? false else {
            return .failure(SnapshotLoadError(problems: inFileOrder(crossFile.value ?? [])))
        }
        return .success(built)
    }

    /// Problems as someone fixing them reads: by file (manifest first), then by line;
    /// problems without a line (a reference across files) after their file's others,
    /// each group in the order found.
    static func inFileOrder(_ problems: [SnapshotProblem]) -> [SnapshotProblem] {
        let files = SnapshotFile.allCases.map(\.rawValue)
        return problems.enumerated().sorted { a, b in
            let fileA = files.firstIndex(of: a.element.file) ?? -1, fileB = files.firstIndex(of: b.element.file) ?? -1
            if fileA != fileB { return fileA < fileB }
            let lineA = a.element.line ?? .max, lineB = b.element.line ?? .max
            return lineA != lineB ? lineA < lineB : a.offset < b.offset
        }.map(\.element)
    }

    /// Snapshots smaller than this (in bytes, all files) are decoded on the calling
    /// thread alone.
    static let parallelThreshold = 1 << 20

    /// The size in bytes of a snapshot folder's files (`overriding` counts instead of
    /// the file it replaces; a file that cannot be looked at counts 0). Only looks.
    public static func size(of directory: URL, overriding: [SnapshotFile: [UInt8]] = [:]) -> Int {
        SnapshotFile.allCases.reduce(0) { total, file in
            if let bytes = overriding[file] { return total + bytes.count }
            var info = stat()
            return total + (stat(directory.appendingPathComponent(file.rawValue).path, &info) == 0 ? Int(info.st_size) : 0)
        }
    }

    /// One file's result and problems, written by the thread that decodes it and read
    /// once `Parallel.perform` has returned.
    final class Slot<T>: JobResult<T>, @unchecked Sendable {
        var problems: [SnapshotProblem] = []
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
