import ArgumentParser
import CSystemShims
import Foundation
import Logging
import SinoAIDomain
import SinoAIRendering
import SinoAITerminal
import SinoAIViewModel

/// Options shared by the dashboard and watch mode.
struct DashboardOptions: ParsableArguments {
    @Option(help: "Colour theme: dark, light, high-contrast, monochrome, or one from $XDG_CONFIG_HOME/sinoai/themes.")
    var theme: String?
    @Flag(help: "No colours (bold, reverse and underline only). Also set by NO_COLOR.")
    var noColor = false
    @Flag(help: "Do not capture the mouse, so text can be selected and copied (toggle with m).")
    var noMouse = false
    @Flag(help: "ASCII borders and charts, for terminals that cannot show UTF-8.")
    var ascii = false
    @Option(help: "Risk scenario to start with (baseline, tighten, loosen).")
    var scenario: String = RiskScenario.baselineID
    @Option(help: ArgumentHelp("Write diagnostics to this file (never to the screen).", valueName: "file"))
    var log: String?
}

/// `sinoai` / `sinoai dashboard`: the interactive dashboard.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard", abstract: "Open the interactive dashboard (the default). Press ? inside for keys.")
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var dashboardOptions: DashboardOptions

    func run() throws {
        try DashboardLauncher(data: dataOptions, options: dashboardOptions, watch: nil).run()
    }
}

/// `sinoai watch`: the dashboard, following the snapshot as it changes on disk.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "The dashboard, live: reloads the snapshot when it changes, keeps the last good one when a new one is broken.")
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var dashboardOptions: DashboardOptions
    // `.unconditional`: `--interval -1` is a (rejected) value, not a missing one.
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Seconds between checks of file times when inotify is unavailable (or with --poll).", valueName: "seconds"))
    var interval: Double = 2
    @Flag(help: "Poll file times instead of using inotify (network file systems).")
    var poll = false
    @Option(parsing: .unconditional, help: ArgumentHelp("Warn when the snapshot's as-of date is older than this many days.", valueName: "days"))
    var staleAfter: Int = 7

    func validate() throws {
        guard interval >= 0.1, interval <= 3600 else { throw ValidationError("--interval must be between 0.1 and 3600 seconds") }
        guard staleAfter >= 0 else { throw ValidationError("--stale-after must not be negative") }
    }

    func run() throws {
        try DashboardLauncher(data: dataOptions, options: dashboardOptions,
                              watch: .init(interval: interval, forcePolling: poll, staleAfter: staleAfter)).run()
    }
}

/// Wires the dashboard together: signals, locale, snapshot, themes, terminal, loop.
struct DashboardLauncher {
    struct Watch {
        var interval: TimeInterval
        var forcePolling: Bool
        var staleAfter: Int
    }

    var data: DataOptions
    var options: DashboardOptions
    var watch: Watch?

    func run() throws {
        // Block signals before any thread exists; the run loop reads them from a signalfd.
        let signals = try SignalSource()
        let utf8 = sinoai_setup_utf8_locale() == 1
        let environment = ProcessInfo.processInfo.environment
        var logger = Logger(label: "sinoai")
        if let path = options.log {
            let handle = try FileLogHandler.open(path)
            logger = Logger(label: "sinoai") { FileLogHandler(label: $0, handle: handle) }
        } else {
            logger = Logger(label: "sinoai") { _ in SwiftLogNoOpLogHandler() }
        }
        // The theme is checked before the snapshot: a watch may wait a long time for a
        // snapshot that loads, and should not then fail on its options.
        let themes = ThemeCatalog(environment: environment)
        for warning in themes.warnings { logger.warning("theme: \(warning)") }
        var themeNames = themes.names
        if let wanted = options.theme {
            guard let index = themeNames.firstIndex(of: wanted) else {
                // Not usable at all: say why when it is a file that did not parse.
                if let problem = themes.problems[wanted] {
                    throw CommandFailure(message: "theme \"\(Text.escaped(wanted, limit: 40))\" cannot be used: \(Text.escaped(problem, limit: 300))", code: 2)
                }
                throw CommandFailure(message: "unknown theme \"\(Text.escaped(wanted, limit: 40))\" (available: \(themeNames.joined(separator: ", ")))", code: 2)
            }
            themeNames = Array(themeNames[index...] + themeNames[..<index])
        }
        // A large snapshot takes seconds: say so on the terminal before it goes blank.
        let announce: (String) -> Void = { line in if isatty(STDERR_FILENO) == 1 { StandardOutput.error(line) } }
        let snapshot: Snapshot, directory: URL
        do {
            (snapshot, directory) = try data.loadSnapshot(announce: announce)
        } catch let failure as InvalidSnapshot where watch != nil {
            // Watch mode may start while a job is mid-write (an SSH login during the nightly
            // update), or after it failed: wait for the folder to hold a snapshot that loads,
            // if a dashboard could start then: without a terminal the problems are listed now,
            // as the dashboard's are; an unusable TERM is said now, not after the wait.
            do {
                try CursesTerminal.checkCanStart(environment: environment)
            } catch CursesTerminal.StartError.notATerminal {
                throw failure
            } catch let error as CursesTerminal.StartError {
                throw CommandFailure(message: error.description, code: 2)
            }
            directory = failure.directory
            snapshot = try FirstSnapshotWait(directory: directory, signals: signals, watch: watch!).run(announce: announce)
        }
        guard snapshot.scenarioIDs.contains(options.scenario) else {
            throw CommandFailure(message: "unknown scenario \"\(Text.escaped(options.scenario, limit: 40))\" (known: \(snapshot.scenarioIDs.joined(separator: ", ")))", code: 2)
        }
        let colors = !options.noColor && (environment["NO_COLOR"] ?? "").isEmpty
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(theme: themes.theme(themeNames[0]), colors: colors, mouse: !options.noMouse, environment: environment)
        } catch let error as CursesTerminal.StartError {
            throw CommandFailure(message: error.description, code: 2)
        }
        logger.info("dashboard started", metadata: ["data": "\(directory.path)", "colors": "\(terminal.colorMode)", "utf8": "\(utf8)"])
        var state = AppState(snapshot: snapshot, dataPath: Self.shortPath(directory.path, environment: environment), size: terminal.size,
                             themeNames: themeNames, mouseEnabled: !options.noMouse, scenario: options.scenario)
        if let watch { state.staleAfterDays = watch.staleAfter } else { state.staleAfterDays = Int.max / 2 }
        if options.noColor { state.colorsOff = "--no-color" }
        else if !colors { state.colorsOff = "NO_COLOR is set" }
        else if terminal.colorMode == .none { state.colorsOff = "the terminal has no colours" }
        let wake = try WakePipe()
        let runner = DashboardRunner(
            state: state, terminal: terminal, themes: themes, signals: signals, wake: wake,
            reloader: SnapshotReloader(directory: directory, wake: wake),
            watcher: watch.map { FileWatcher(directory: directory, interval: $0.interval, forcePolling: $0.forcePolling) },
            options: RenderOptions(ascii: options.ascii || !utf8), logger: logger)
        let status = runner.run()
        if status != 0 { throw ExitCode(status) }
    }

    /// "~/data" for paths under $HOME, to save status-bar room.
    static func shortPath(_ path: String, environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty, home != "/", path.hasPrefix(home + "/") {
            return "~" + path.dropFirst(home.count)
        }
        return path
    }
}
