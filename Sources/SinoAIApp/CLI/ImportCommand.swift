import ArgumentParser
import Foundation
import SinoAIDomain

/// `sinoai import …`: merge external data into the snapshot.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Merge external data into the snapshot.", subcommands: [ImportPricesCommand.self])
}

/// `sinoai import prices --company ID --ticker T FILE.csv`.
struct ImportPricesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prices",
        abstract: "Merge a vendor's daily OHLCV CSV (Date,Open,High,Low,Close[,Adj Close],Volume) into a listing's price points.",
        discussion: """
        Closes become price points of kind "close", with the file as their source. The file is checked first: bad \
        rows, and rows after the snapshot's as-of date, are reported and nothing is written. A close that differs \
        from a sourced figure already in the snapshot is a conflict: nothing is written unless --overwrite is given, \
        and an overwritten point takes the file as its source. Points from an earlier import are updated freely. \
        The merged snapshot is validated before ipos.json is replaced atomically (temporary file, fsync, rename), \
        so a watching dashboard never reads half a file.
        """)
    @OptionGroup var dataOptions: DataOptions
    @Option(help: "The firm's id, e.g. metax.")
    var company: String
    @Option(help: "The listing's ticker; an exchange suffix is ignored (688802.SS matches 688802).")
    var ticker: String
    @Argument(help: "The CSV file.")
    var file: String
    @Flag(help: "Show what would change and write nothing.")
    var dryRun = false
    @Flag(help: "Replace sourced closes that differ from the file's (the file becomes their source).")
    var overwrite = false
    @Option(help: ArgumentHelp("Where the export came from (recorded as the points' source; default: file:NAME).", valueName: "url"))
    var sourceURL: String?
    @Option(help: "Publisher recorded for the source.")
    var publisher: String = "Vendor price export"

    func run() throws {
        // Usage errors first: the folder, then the firm (as `sinoai company` checks it).
        let (snapshot, directory) = try dataOptions.loadSnapshot()
        guard snapshot.company(company) != nil else { throw CommandFailure.unknownCompany(company, in: snapshot) }
        let data = try Self.read(file)
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure(message: "\(file) is not UTF-8 text", code: 1)
        }
        let prices: [DailyPrice]
        switch PriceCSV.parse(text) {
        case .success(let parsed): prices = parsed
        case .failure(let failure):
            let lines = failure.problems.map { "\(file): \($0)" }.joined(separator: "\n")
            throw CommandFailure(message: "\(failure.problems.count) bad row\(failure.problems.count == 1 ? "" : "s"); nothing written:\n" + lines, code: 1)
        }
        let name = URL(fileURLWithPath: file).lastPathComponent
        let url = sourceURL ?? "file:" + name
        guard url.hasPrefix("http://") || url.hasPrefix("https://") || url.hasPrefix("file:"), !url.contains(" ") else {
            throw CommandFailure(message: "--source-url must be an http(s) URL", code: 2)
        }
        let today = CalendarDate(iso: String(ISO8601DateFormatter().string(from: Date()).prefix(10)))
        let source = Source(title: "Daily prices for \(ticker) from \(name)", publisher: publisher, url: url, date: today)
        let iposURL = directory.appendingPathComponent(SnapshotFile.ipos.rawValue)
        guard let current = FileManager.default.contents(atPath: iposURL.path) else {
            throw CommandFailure(message: "cannot read \(iposURL.path)", code: 1)
        }
        let plan: PriceImportPlan
        do {
            plan = try PriceImport.plan(iposJSON: [UInt8](current), companyId: company, ticker: ticker, prices: prices,
                                        source: source, asOf: snapshot.manifest.asOf, overwrite: overwrite)
        } catch {
            throw CommandFailure(message: error.message, code: error.isUsageError ? 2 : 1)
        }
        let report = plan.summary.joined(separator: "\n")
        let counts = "\(plan.added.count) added, \(plan.updated.count) updated, \(plan.unchanged) unchanged"
        guard plan.changesSomething else {
            emit("nothing to change (\(counts))")
            return
        }
        // Validate the snapshot as it would be after the write.
        if case .failure(let error) = SnapshotLoader.load(from: directory, overriding: [.ipos: Array(plan.newFile.utf8)]) {
            throw InvalidSnapshot(directory: directory, error: error)
        }
        if dryRun {
            emit(report + "\n" + "dry run: \(counts); nothing written")
            return
        }
        do {
            try AtomicFile.write(Array(plan.newFile.utf8), to: iposURL)
        } catch {
            throw CommandFailure(message: error.message, code: 1)
        }
        emit(report + "\n" + "\(iposURL.path): \(counts)")
    }

    /// The price file's bytes, or a usage error that says why it cannot be read.
    private static func read(_ file: String) throws -> Data {
        func failure(_ reason: String) -> CommandFailure { CommandFailure(message: "cannot read \(file): \(reason)", code: 2) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else { throw failure("no such file") }
        if isDirectory.boolValue { throw failure("is a folder, not a file") }
        guard FileManager.default.isReadableFile(atPath: file) else { throw failure("permission denied") }
        do { return try Data(contentsOf: URL(fileURLWithPath: file)) } catch { throw failure(error.localizedDescription) }
    }
}
