// libFuzzer target for the snapshot loader. Built only by scripts/fuzz.sh:
//   swift build --product sinoai-fuzz -Xswiftc -sanitize=fuzzer,address \
//     -Xswiftc -parse-as-library -Xswiftc -DSINOAI_FUZZ
// In a plain `swift build` this is a placeholder (@main) that says how to build it.
//
// Input format (shared with the regression test in HostileCorpusTests):
//   byte 0 mod 5 picks a file (manifest, companies, ipos, policies, risk, in
//   SnapshotFile.allCases order); the remaining bytes are that file's contents. The
//   other four files are a valid base snapshot (SINOAI_FUZZ_BASE, default the
//   domain tests' minimal fixture). The folder is loaded with SnapshotLoader.load,
//   the public entry point, so the parser, decoder and validator are all reached;
//   and again with the fuzzed file given in memory, and read 7 bytes at a time on
//   parallel threads, which must agree exactly.
import Foundation
@_spi(Testing) import SinoAIDomain

#if SINOAI_FUZZ

/// Per-process scratch folder holding the base files and the fuzzed one (in /dev/shm
/// when it exists, so each input costs no disk I/O).
private let fuzzFolder: URL = {
    let root = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let folder = URL(fileURLWithPath: root).appendingPathComponent("sinoai-fuzz-\(getpid())")
    let base = URL(fileURLWithPath: ProcessInfo.processInfo.environment["SINOAI_FUZZ_BASE"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/SinoAIDomainTests/Fixtures/minimal").path)
    try? FileManager.default.removeItem(at: folder)
    try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for file in SnapshotFile.allCases {
        try! FileManager.default.copyItem(at: base.appendingPathComponent(file.rawValue), to: folder.appendingPathComponent(file.rawValue))
    }
    atexit { try? FileManager.default.removeItem(atPath: "/dev/shm/sinoai-fuzz-\(getpid())") }
    return folder
}()

nonisolated(unsafe) private var baseContents: [SnapshotFile: [UInt8]] = {
    var contents: [SnapshotFile: [UInt8]] = [:]
    for file in SnapshotFile.allCases {
        contents[file] = Array(try! Data(contentsOf: fuzzFolder.appendingPathComponent(file.rawValue)))
    }
    return contents
}()

nonisolated(unsafe) private var lastFile: SnapshotFile?

private func write(_ bytes: UnsafeRawBufferPointer, to file: SnapshotFile) {
    let path = fuzzFolder.appendingPathComponent(file.rawValue).path
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    precondition(fd >= 0, "cannot write \(path)")
    var offset = 0
    while offset < bytes.count {
        let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        precondition(n > 0, "write failed")
        offset += n
    }
    close(fd)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSnapshotLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let file = SnapshotFile.allCases[Int(data[0]) % SnapshotFile.allCases.count]
    // Put back the base file the previous input replaced.
    if let lastFile, lastFile != file {
        baseContents[lastFile]!.withUnsafeBytes { write($0, to: lastFile) }
    }
    lastFile = file
    write(UnsafeRawBufferPointer(start: data + 1, count: size - 1), to: file)
    let loaded = SnapshotLoader.load(from: fuzzFolder)
    // Differential: the same bytes given in memory (no read window, nothing copied
    // aside) must give the same problems, in the same order, at the same positions.
    let inMemory = SnapshotLoader.load(from: fuzzFolder, overriding: [file: Array(UnsafeBufferPointer(start: data + 1, count: size - 1))])
    // And read 7 bytes at a time on parallel threads: every token straddles reads and the
    // window moves on past every record.
    let smallReads = SnapshotLoader.load(from: fuzzFolder, overriding: [:], readChunkSize: 7, parallel: true)
    for other in [inMemory, smallReads] {
        switch (loaded, other) {
        case (.success, .success): break
        case (.failure(let a), .failure(let b)) where a.problems == b.problems: break
        default: fatalError("loads disagree:\n\(loaded)\n---\n\(other)")
        }
    }
    switch loaded {
    case .success(let snapshot):
        // A snapshot that loads must be usable: exercise its lookups and scores.
        for scenario in snapshot.scenarioIDs { _ = Array(snapshot.riskScores(scenario: scenario)) }
        for company in snapshot.companies.prefix(50) {
            _ = snapshot.ipos(of: company.id)
            _ = snapshot.events(touching: company.id)
        }
    case .failure(let error):
        // Every problem must be printable without a raw control character.
        for problem in error.problems {
            let text = problem.description
            if text.unicodeScalars.contains(where: { $0.value == 0x1B || $0.value == 0x9B }) {
                if ProcessInfo.processInfo.environment["SINOAI_FUZZ_STRICT"] == "1" {
                    fatalError("raw escape character in a problem description: \(text.debugDescription)")
                }
            }
        }
    }
    return 0
}

/// libFuzzer's driver (in the runtime that -sanitize=fuzzer links).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// The entry point. SwiftPM (tools ≥ 5.5) links executables with `main` defined as
/// `<module>_main`, so libFuzzer's own `main` is never used: this one hands over to
/// libFuzzer's driver instead.
@_cdecl("sinoai_fuzz_main")
public func sinoaiFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzSnapshotLoader(data, size) }
}

#else

/// Without -DSINOAI_FUZZ (a plain `swift build`): a placeholder that says how to fuzz.
@main
enum FuzzPlaceholder {
    static func main() {
        print("""
            sinoai-fuzz is a libFuzzer target; build and run it with scripts/fuzz.sh
            (swift build -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DSINOAI_FUZZ).
            """)
    }
}

#endif
