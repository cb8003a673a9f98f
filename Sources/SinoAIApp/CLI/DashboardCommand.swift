import ArgumentParser
import Foundation
import SinoAIDomain

/// `sinoai` / `sinoai dashboard`: the interactive dashboard.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dashboard", abstract: "Open the interactive dashboard (the default).")
    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        let (snapshot, _) = try dataOptions.loadSnapshot()
        emit(CompaniesOutput.render(snapshot: snapshot, segment: nil, format: .table))
    }
}
