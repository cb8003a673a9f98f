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

    /// The loaded snapshot, or an error naming every problem (exit 1).
    func loadSnapshot() throws -> (Snapshot, URL) {
        let directory = try DataLocator.locate(explicit: data)
        switch SnapshotLoader.load(from: directory) {
        case .success(let snapshot): return (snapshot, directory)
        case .failure(let error): throw InvalidSnapshot(directory: directory, error: error)
        }
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

/// Writes command output to stdout in one piece.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data((text.utf8.last == UInt8(ascii: "\n") ? text : text + "\n").utf8))
}
