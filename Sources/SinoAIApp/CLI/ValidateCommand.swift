import ArgumentParser
import Foundation
import SinoAIDomain

/// `sinoai validate [DIR]`: checks a snapshot; exit 1 and one problem per line if invalid.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check a snapshot folder and list every problem (file, record, field).")
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var formatOptions: FormatOptions
    @Argument(help: "Snapshot folder (default: --data, $SINOAI_DATA or the bundled Data/).")
    var directory: String?

    func run() throws {
        let folder = try DataLocator.locate(explicit: directory ?? dataOptions.data, explicitName: directory == nil ? "--data" : nil)
        switch SnapshotLoader.load(from: folder) {
        case .success(let snapshot):
            switch formatOptions.format {
            case .json:
                emit(JSONWriter.write(.object(["valid": .bool(true), "directory": .string(folder.path), "problems": .array([JSONValue]()),
                                               "companies": .int(snapshot.companies.count), "ipos": .int(snapshot.ipos.count),
                                               "events": .int(snapshot.events.count), "asOf": .date(snapshot.manifest.asOf)])))
            case .csv:
                emit(CSVWriter.write(header: ["file", "line", "column", "record", "field", "kind", "message"], rows: []))
            case .table:
                emit("ok: \(folder.path) — \(snapshot.companies.count) companies, \(snapshot.ipos.count) IPOs, "
                     + "\(snapshot.events.count) policy events, \(snapshot.riskModel.factors.count) risk factors, "
                     + "\(snapshot.riskModel.scenarios.count) scenarios; as of \(snapshot.manifest.asOf)")
            }
        case .failure(let error):
            switch formatOptions.format {
            case .json:
                emit(JSONWriter.write(.object(["valid": .bool(false), "directory": .string(folder.path), "problems": .array(error.problems.map { p -> JSONValue in
                    .object(["file": .string(p.file), "line": p.line.map { .int($0) } ?? .null, "column": p.column.map { .int($0) } ?? .null,
                             "record": .string(p.record), "field": .string(p.field), "kind": .string(p.kind.rawValue), "message": .string(p.message)])
                })])))
                throw ExitCode(1)
            case .csv:
                emit(CSVWriter.write(header: ["file", "line", "column", "record", "field", "kind", "message"], rows: error.problems.map { p in
                    [p.file, p.line.map(String.init) ?? "", p.column.map(String.init) ?? "", p.record ?? "", p.field ?? "", p.kind.rawValue, p.message]
                }))
                throw ExitCode(1)
            case .table:
                throw InvalidSnapshot(directory: folder, error: error)
            }
        }
    }
}
