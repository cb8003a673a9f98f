import ArgumentParser
import Foundation
import SinoAIDomain

/// The `sinoai` command: the dashboard by default, plus scriptable subcommands.
public struct SinoAICommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sinoai",
        abstract: "A terminal dashboard for China's AI sector: firms, IPOs, policy, export-control risk.",
        discussion: """
        With no subcommand, opens the interactive dashboard on the snapshot.
        Exit status: 0 ok, 1 invalid data (one problem per line on stderr), 2 usage error.
        """,
        version: "sinoai \(SinoAICommand.version) (reads snapshot schema \(Manifest.supportedSchemaVersion))",
        subcommands: [DashboardCommand.self, WatchCommand.self, CompaniesCommand.self, CompanyCommand.self, IPOsCommand.self,
                      PoliciesCommand.self, RiskCommand.self, ValidateCommand.self, ImportCommand.self, ServeCommand.self],
        defaultSubcommand: DashboardCommand.self
    )

    /// This build's version, for `--version` and scripts that check what they run.
    public static let version = "0.9.0"

    public init() {}

    /// Parses, runs and exits with the documented status codes.
    public static func runAndExit(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch let invalid as InvalidSnapshot {
            let problems = invalid.error.problems
            StandardOutput.error("sinoai: the snapshot in \(invalid.directory.path) is invalid (\(problems.count) problem\(problems.count == 1 ? "" : "s")):")
            StandardOutput.error(problems.map { Text.escaped($0.description) }.joined(separator: "\n"))
            Foundation.exit(1)
        } catch let notADirectory as DataLocator.NotADirectory {
            StandardOutput.error("sinoai: \(notADirectory)")
            Foundation.exit(2)
        } catch let notFound as DataLocator.NotFound {
            StandardOutput.error("sinoai: \(notFound)")
            Foundation.exit(2)
        } catch let failure as CommandFailure {
            StandardOutput.error("sinoai: \(failure.message)")
            Foundation.exit(failure.code)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == 0 {
                emit(fullMessage(for: error))
                Foundation.exit(0)
            }
            // ArgumentParser reports usage errors as EX_USAGE (64); ours is 2.
            StandardOutput.error(fullMessage(for: error))
            Foundation.exit(code == .validationFailure || code.rawValue == 64 ? 2 : code.rawValue)
        }
    }
}

/// A failure with a message and an exit status.
struct CommandFailure: Error {
    var message: String
    var code: Int32
}
