import Foundation
import SinoAIDomain

// sinoai-bench: synthetic snapshots, benchmarks and a terminal-size torture sweep.
// Build and run in release mode:  swift run -c release sinoai-bench [--json]

let usage = """
    usage:
      sinoai-bench [--firms 1000,10000,100000] [--json] [--quick] [--cache DIR] [--no-bundled]
          measure the bundled Data/ and generated snapshots of each size (cached), each in a
          fresh process: load + validation, sort, search keystroke, 120×40 render, watch-mode
          reload (prepare + apply + free), peak RSS;
          --json: one JSON object per line on stdout (the table then goes to stderr)
      sinoai-bench generate --firms N --out DIR [--seed S]
          write a synthetic snapshot folder (refuses the package's Data/ folder)
      sinoai-bench measure --data DIR --firms N [--runs K] [--quick]
          measure one snapshot in this process; prints JSON lines (used by the default command)
      sinoai-bench torture [--data DIR] [--firms N] [--width 300] [--height 100]
          render every terminal size 1×1…W×H for several dashboard states (the bundled
          data by default, or a generated snapshot of N firms)

    """

struct Arguments {
    var positional: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []

    init(_ args: [String]) throws {
        var i = 0
        while i < args.count {
            let arg = args[i]
            if ["--json", "--quick", "--help", "-h", "--no-bundled"].contains(arg) {
                flags.insert(arg)
            } else if arg.hasPrefix("--") {
                guard i + 1 < args.count else { throw BenchError("\(arg) needs a value\n\n" + usage) }
                options[arg] = args[i + 1]
                i += 1
            } else {
                positional.append(arg)
            }
            i += 1
        }
    }

    func int(_ name: String) throws -> Int? {
        guard let text = options[name] else { return nil }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")), value > 0 else {
            throw BenchError("\(name) needs a positive number, got \(text)")
        }
        return value
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// A cached generated snapshot of `firms` firms (regenerated when the generator changes).
func cachedSnapshot(firms: Int, cache: URL) throws -> URL {
    let directory = cache.appendingPathComponent("v\(SnapshotGenerator.version)-firms-\(firms)")
    let marker = directory.appendingPathComponent(SnapshotGenerator.markerFile)
    if FileManager.default.fileExists(atPath: marker.path),
       SnapshotFile.allCases.allSatisfy({ FileManager.default.fileExists(atPath: directory.appendingPathComponent($0.rawValue).path) }) {
        return directory
    }
    printError("generating a synthetic snapshot of \(firms) firms in \(directory.path)…")
    let start = nowMilliseconds()
    let summary = try SnapshotGenerator(firms: firms).write(to: directory)
    printError(String(format: "  %d firms, %d IPOs, %d price points, %d policy events, %.1f MB in %.1f s",
                      summary.firms, summary.ipos, summary.pricePoints, summary.events,
                      Double(summary.bytes) / 1_048_576, (nowMilliseconds() - start) / 1000))
    return directory
}

/// Runs `measure` for one snapshot in a child process and returns its result lines.
func measureInChild(directory: URL, firms: Int, quick: Bool) throws -> [BenchResult] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    let runs = quick ? 3 : (firms >= 100_000 ? 5 : (firms >= 10_000 ? 10 : 20))
    process.arguments = ["measure", "--data", directory.path, "--firms", String(firms), "--runs", String(runs)] + (quick ? ["--quick"] : [])
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchError("measuring \(firms) firms failed (status \(process.terminationStatus))")
    }
    return String(decoding: output, as: UTF8.self).split(separator: "\n").compactMap { BenchResult(json: String($0)) }
}

func format(_ value: Double?, _ places: Int = 2) -> String {
    guard let value, value.isFinite else { return "—" }
    return String(format: "%.\(places)f", value)
}

func printTable(_ results: [BenchResult], to out: inout String) {
    func print(_ line: String = "") { out += line + "\n" }
    let sizes = Array(Set(results.map(\.firms))).sorted()
    func result(_ name: String, _ firms: Int) -> BenchResult? { results.first { $0.benchmark == name && $0.firms == firms } }
    let header = ["firms", "snapshot MB", "load ms", "rows ms", "reload ms", "apply ms", "free ms", "sort ms", "scenario ms", "1st key ms", "search ms", "render ms", "peak RSS MB"]
    var rows: [[String]] = [header]
    for firms in sizes {
        let load = result("load", firms), sort = result("sort", firms), search = result("search", firms), render = result("render", firms)
        let reload = result("reload", firms), scenario = result("scenario", firms)
        // The peak of loading and using the dashboard (the reload, measured last, holds two).
        let peak = [load, sort, search, render].compactMap { $0?.peakRSSMB }.max()
        rows.append([firms < 1000 ? "\(firms) (Data/)" : String(firms), format(load?.value("snapshot_mb"), 1), format(load?.medianMs, 1), format(load?.value("state_build_ms"), 1),
                     format(reload?.value("prepare_ms"), 1), format(reload?.medianMs, 1), format(reload?.value("free_ms"), 1),
                     format(sort?.medianMs, 2), format(scenario?.medianMs, 1), format(search?.value("first_keystroke_ms"), 2), format(search?.medianMs, 3),
                     format(render?.medianMs, 3), format(peak, 1)])
    }
    let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    for (i, row) in rows.enumerated() {
        print(row.enumerated().map { column, text in
            column == 0 ? text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[column] - text.count) + text
        }.joined(separator: "  "))
        if i == 0 { print(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) }
    }
    print("""

        load = read + parse + decode + validate + index + risk scores (median); rows = building the dashboard's rows;
        reload = preparing a reloaded snapshot in watch mode (diff against the shown one + rows, on the loader's thread);
        apply = applying it on the run loop (what input waits for); free = freeing the replaced snapshot and rows (off the loop);
        sort = one `s` on the company panel (median over every column); scenario = one `x` (risk figures for the next scenario);
        1st key = `/` then one letter (scans every row);
        search = the next letter (narrows the first letter's matches); render = a full 120×40 frame into the cell buffer.
        """)
    // Targets from the issue.
    let synthetic = sizes.filter { $0 >= 1000 }
    if let largest = synthetic.last, largest >= 100_000, let smallest = synthetic.first {
        var lines: [String] = []
        func check(_ label: String, _ value: Double?, _ limit: Double, _ unit: String) {
            guard let value else { return }
            lines.append("  \(value <= limit ? "✓" : "✗") \(label) \(format(value)) \(unit) (target ≤ \(format(limit)) \(unit))")
        }
        check("load \(largest) firms:", result("load", largest)?.medianMs, 500, "ms")
        check("search keystroke at \(largest):", result("search", largest)?.medianMs, 5, "ms")
        if let big = result("render", largest)?.medianMs, let small = result("render", smallest)?.medianMs, small > 0 {
            check("render \(largest) / render \(smallest):", big / small, 1.5, "×")
        }
        check("peak RSS at \(largest):", [result("load", largest), result("sort", largest), result("search", largest), result("render", largest)]
            .compactMap { $0?.peakRSSMB }.max(), 120, "MB")
        print("\nTargets (release build):\n" + lines.joined(separator: "\n"))
    }
}

func main() -> Int32 {
    do {
        var args = Array(CommandLine.arguments.dropFirst())
        let command = args.first.flatMap { ["generate", "measure", "torture", "run"].contains($0) ? $0 : nil } ?? "run"
        if args.first == command { args.removeFirst() }
        let parsed = try Arguments(args)
        if parsed.flags.contains("--help") || parsed.flags.contains("-h") {
            print(usage)
            return 0
        }
        switch command {
        case "generate":
            guard let firms = try parsed.int("--firms"), let out = parsed.options["--out"] else {
                throw BenchError("generate needs --firms N and --out DIR\n\n" + usage)
            }
            let seed = try parsed.int("--seed").map(UInt64.init) ?? 2026
            let start = nowMilliseconds()
            let summary = try SnapshotGenerator(firms: firms, seed: seed).write(to: URL(fileURLWithPath: out))
            print(out + String(format: ": %d firms (%d listed), %d IPOs with %d price points, %d policy events, %.1f MB in %.1f s",
                         summary.firms, summary.listed, summary.ipos, summary.pricePoints, summary.events,
                         Double(summary.bytes) / 1_048_576, (nowMilliseconds() - start) / 1000))
        case "measure":
            guard let data = parsed.options["--data"] else { throw BenchError("measure needs --data DIR") }
            let firms = try parsed.int("--firms") ?? 0
            let benchmark = SizeBenchmark(directory: URL(fileURLWithPath: data), firms: firms,
                                          loadRuns: try parsed.int("--runs") ?? 5, quick: parsed.flags.contains("--quick"))
            try benchmark.run { result in
                print(result.json)
                fflush(nil)
            }
        case "torture":
            let directory: URL
            if let firms = try parsed.int("--firms") {
                directory = try cachedSnapshot(firms: firms, cache: cacheFolder(parsed))
            } else {
                directory = URL(fileURLWithPath: parsed.options["--data"] ?? SnapshotGenerator.packageDataFolder.path)
            }
            let snapshot: Snapshot
            switch SnapshotLoader.load(from: directory) {
            case .success(let loaded): snapshot = loaded
            case .failure(let error): throw BenchError("cannot load \(directory.path):\n\(error)")
            }
            let torture = TerminalTorture(snapshot: snapshot, dataPath: directory.path,
                                          maxWidth: try parsed.int("--width") ?? 300, maxHeight: try parsed.int("--height") ?? 100)
            print("Rendering every size 1×1…\(torture.maxWidth)×\(torture.maxHeight) of \(directory.path) (\(snapshot.companies.count) firms):")
            let report = torture.run { print($0); fflush(nil) }
            print(String(format: "%d frames in %.1f s, %d problem(s)", report.frames, report.seconds, report.problems.count))
            for problem in report.problems.prefix(50) { print("  " + problem) }
            return report.problems.isEmpty ? 0 : 1
        default:
            let sizes = try (parsed.options["--firms"] ?? "1000,10000,100000").split(separator: ",").map { text -> Int in
                guard let n = Int(text.replacingOccurrences(of: "_", with: "").replacingOccurrences(of: "k", with: "000")), n > 0 else {
                    throw BenchError("--firms takes a comma-separated list of sizes, e.g. 1000,10000,100000")
                }
                return n
            }
            let cache = try cacheFolder(parsed)
            var results: [BenchResult] = []
            let loadBefore = loadAverage()
            var snapshots: [(URL, Int)] = []
            if !parsed.flags.contains("--no-bundled") {
                let bundled = URL(fileURLWithPath: parsed.options["--data"] ?? SnapshotGenerator.packageDataFolder.path)
                guard case .success(let snapshot) = SnapshotLoader.load(from: bundled) else {
                    throw BenchError("the bundled snapshot \(bundled.path) does not load (run sinoai validate)")
                }
                snapshots.append((bundled, snapshot.companies.count))
            }
            for firms in sizes { snapshots.append((try cachedSnapshot(firms: firms, cache: cache), firms)) }
            for (directory, firms) in snapshots {
                let lines = try measureInChild(directory: directory, firms: firms, quick: parsed.flags.contains("--quick"))
                if parsed.flags.contains("--json") {
                    for line in lines { print(line.json) }
                    fflush(nil)
                }
                results += lines
            }
            let machine = "load average \(loadBefore) before, \(loadAverage()) after; \(ProcessInfo.processInfo.activeProcessorCount) cores"
            if parsed.flags.contains("--json") {
                // Standard output stays one JSON object per line; the table goes to stderr.
                var table = ""
                printTable(results, to: &table)
                printError(table + "\n" + machine)
            } else {
                var table = ""
                printTable(results, to: &table)
                print(table + "\n" + machine)
            }
        }
        return 0
    } catch {
        printError("sinoai-bench: \(error)")
        return 1
    }
}

/// The 1-minute load average (other work on the machine skews timings).
func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
}

func cacheFolder(_ parsed: Arguments) throws -> URL {
    let url = parsed.options["--cache"].map { URL(fileURLWithPath: $0) }
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("sinoai-bench-snapshots")
    try SnapshotGenerator.checkDestination(url, mustBeEmpty: false)
    return url
}

exit(main())
