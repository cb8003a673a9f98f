import ArgumentParser
import Foundation
import SinoAIDomain
import SinoAIViewModel

/// `sinoai company ID`: one firm with its IPOs, events, risk and sources.
struct CompanyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "company", abstract: "Show one firm: profile, IPO, policy, risk and sources.")
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var formatOptions: FormatOptions
    @Argument(help: "The firm's id, e.g. zhipu-ai (see `sinoai companies`).")
    var id: String

    func run() throws {
        let (snapshot, _) = try dataOptions.loadSnapshot()
        guard let company = snapshot.company(id) else { throw CommandFailure.unknownCompany(id, in: snapshot) }
        let page = FirmPage(company: company, snapshot: snapshot, scenario: RiskScenario.baselineID)
        switch formatOptions.format {
        case .json:
            var members: [JSONMember] = []
            if case .object(let base) = RecordJSON.company(company, snapshot: snapshot) { members = base }
            members.append(JSONMember(key: "ipos", node: JSONNode(.array(snapshot.ipos(of: company.id).map { RecordJSON.ipo($0, snapshot: snapshot) }))))
            members.append(JSONMember(key: "events", node: JSONNode(.array(snapshot.events(touching: company.id).map(RecordJSON.event)))))
            members.append(JSONMember(key: "risk", node: JSONNode(snapshot.riskScore(company.id).map { RecordJSON.risk($0, snapshot: snapshot) } ?? .null)))
            emit(JSONWriter.write(.object(members)))
        case .csv:
            // The page as data: unknown is empty (not "—"), no padding, doubt in its own column;
            // a line without a label (a note under a section) is called "note".
            emit(CSVWriter.write(header: ["section", "field", "value", "doubtful"], rows: page.sections.flatMap { section in
                section.lines.map { line in
                    let value = line.value.trimmingCharacters(in: .whitespaces)
                    let label = line.label.trimmingCharacters(in: .whitespaces)
                    return [section.title, label.isEmpty ? "note" : label, value == Format.unknown ? "" : value,
                            line.doubtful ? "true" : "false"]
                }
            }))
        case .table:
            var out = ""
            for section in page.sections {
                out += "\n" + section.title + "\n" + String(repeating: "─", count: 60) + "\n"
                // Values whole (URLs must stay usable when piped or copied), with the doubt marker.
                out += TextTable(columns: [.init(title: "", maxWidth: 34), .init(title: "", maxWidth: .max)],
                                 rows: section.lines.map { [$0.label, $0.value + ($0.doubtful ? " ?" : "")] })
                    .render().split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).joined(separator: "\n")
            }
            emit(String(out.dropFirst()))
        }
    }
}

extension CommandFailure {
    /// A firm id the snapshot does not have: a usage error (exit 2), with suggestions.
    /// Shared by every command that takes a firm id, so they say it the same way.
    static func unknownCompany(_ id: String, in snapshot: Snapshot) -> CommandFailure {
        let suggestions = snapshot.companies.map(\.id).filter { $0.contains(id.lowercased()) || id.lowercased().contains($0) }
        return CommandFailure(message: "unknown company id \"\(Text.escaped(id, limit: 40))\"" +
            (suggestions.isEmpty ? "; run `sinoai companies` for the list" : "; did you mean \(suggestions.joined(separator: ", "))?"),
            code: 2)
    }
}
