import ArgumentParser
import Foundation
import SinoAIDomain

/// Output formats of the non-interactive commands.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json, csv
}

/// `--data DIR`, shared by every command.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Snapshot folder (default: $SINOAI_DATA, else the bundled Data/).", valueName: "dir"))
    var data: String?

    /// The loaded snapshot, or an error naming every problem (exit 1). `announce` is
    /// given a line to show first when the snapshot is large enough to take a while.
    func loadSnapshot(announce: ((String) -> Void)? = nil) throws -> (Snapshot, URL) {
        let directory = try DataLocator.locate(explicit: data)
        if let announce, let line = Self.loadingNotice(for: directory) { announce(line) }
        switch SnapshotLoader.load(from: directory) {
        case .success(let snapshot): return (snapshot, directory)
        case .failure(let error): throw InvalidSnapshot(directory: directory, error: error)
        }
    }
}

extension DataOptions {
    /// Snapshots from this size (all files) take long enough to load that the dashboard
    /// says so before its first frame (about 0.25 s on the benchmark machine).
    static let announceFrom = 32 << 20

    /// "loading 226 MB of snapshot from DIR…" for a large snapshot, else nil.
    static func loadingNotice(for directory: URL) -> String? {
        let bytes = SnapshotLoader.size(of: directory)
        guard bytes >= announceFrom else { return nil }
        return "sinoai: loading \(bytes / 1_048_576) MB of snapshot from \(Text.escaped(directory.path, limit: 200))…"
    }
}

/// `--format table|json|csv`.
struct FormatOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: OutputFormat = .table
}

/// A snapshot failed validation: printed one problem per line, exit status 1.
struct InvalidSnapshot: Error {
    var directory: URL
    var error: SnapshotLoadError
}
