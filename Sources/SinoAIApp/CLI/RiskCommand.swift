import ArgumentParser
import Foundation
import SinoAIDomain
import SinoAIViewModel

/// `sinoai risk`: export-control risk scores under a scenario.
struct RiskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk", abstract: "Rank firms by export-control risk, with each factor's contribution.",
        discussion: "Score = Σ weight × factor value × 100; unknown values count as the model's unknownValue and are reported as unknownShare.")
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var formatOptions: FormatOptions
    @Option(help: "Scenario id (see Data/risk.json), e.g. baseline, tighten, loosen.")
    var scenario: String = RiskScenario.baselineID

    func run() throws {
        let (snapshot, _) = try dataOptions.loadSnapshot()
        // Ids are lower-case slugs; "Tighten" means tighten, as "CN" and "cn" do for --jurisdiction.
        let scenario = snapshot.scenarioIDs.first { $0.lowercased() == self.scenario.lowercased() } ?? self.scenario
        guard snapshot.scenarioIDs.contains(scenario) else {
            throw CommandFailure(message: "unknown scenario \"\(Text.escaped(scenario, limit: 40))\" (known: \(snapshot.scenarioIDs.joined(separator: ", ")))", code: 2)
        }
        let scores = snapshot.riskScores(scenario: scenario)
        let factors = snapshot.riskModel.factors
        switch formatOptions.format {
        case .json:
            emit(JSONWriter.write(.array(scores.map { RecordJSON.risk($0, snapshot: snapshot) })))
        case .csv:
            emit(CSVWriter.write(
                header: ["rank", "companyId", "score", "deltaVsBaseline", "unknownShare"] + factors.map { "points_" + $0.id }
                    + ["unknownFactors"],
                rows: scores.map { s in
                    [String(s.rank), s.companyId, String(format: "%.2f", s.score), String(format: "%.2f", s.deltaVsBaseline),
                     String(format: "%.4f", s.unknownShare)] + s.contributions.map { String(format: "%.3f", $0.points) }
                        + [s.contributions.filter(\.isUnknown).map(\.factorId).joined(separator: " ")]
                }))
        case .table:
            var columns: [TextTable.Column] = [.init(title: "#", alignRight: true), .init(title: "Firm", maxWidth: 22, shrinks: true),
                                                .init(title: "Score", alignRight: true), .init(title: "Δ base", alignRight: true),
                                                .init(title: "Unknown", alignRight: true)]
            columns += factors.map { TextTable.Column(title: $0.code, alignRight: true) }
            let table = TextTable(columns: columns, rows: scores.map { s in
                [String(s.rank), snapshot.company(s.companyId)?.name ?? s.companyId, Format.score(s.score), Format.delta(s.deltaVsBaseline),
                 String(format: "%.0f%%", s.unknownShare * 100)]
                    + s.contributions.map { $0.isUnknown ? String(format: "%.1f?", $0.points) : String(format: "%.1f", $0.points) }
            })
            let legend = factors.map { "\($0.code) = \($0.name) (weight \(String(format: "%.2f", $0.weight)))" }.joined(separator: "\n")
            let name = snapshot.riskModel.scenario(named: scenario)?.name ?? scenario
            emit("Scenario: \(name). Points per factor; '?' = unknown value, counted at \(snapshot.riskModel.unknownValue).\n\n"
                 + table.render(width: TextTable.terminalWidth()) + "\n" + legend)
        }
    }
}
