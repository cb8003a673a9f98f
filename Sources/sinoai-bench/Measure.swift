import CSystemShims
import Foundation
import SinoAIDomain
import SinoAIRendering
import SinoAIViewModel

/// Monotonic time in milliseconds.
func nowMilliseconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1_000_000
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

func peakRSSMegabytes() -> Double { Double(sinoai_peak_rss_kb()) / 1024 }

/// Keeps a value alive and opaque to the optimizer.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// One result line: `{"benchmark": …, "firms": N, "median_ms": X, "peak_rss_mb": Y, …}`.
struct BenchResult {
    var benchmark: String
    var firms: Int
    var medianMs: Double
    var peakRSSMB: Double
    var runs: Int
    /// Extra figures (e.g. the first search keystroke), written after the required keys.
    var extra: [(String, Double)] = []

    var json: String {
        func number(_ value: Double) -> String { value.isFinite ? String(format: "%.3f", value) : "null" }
        var out = "{\"benchmark\": \"\(benchmark)\", \"firms\": \(firms), \"median_ms\": \(number(medianMs)), "
            + "\"peak_rss_mb\": \(String(format: "%.1f", peakRSSMB)), \"runs\": \(runs)"
        for (key, value) in extra { out += ", \"\(key)\": \(number(value))" }
        return out + "}"
    }

    /// Parses a line this type wrote (the parent reads its children's output).
    init?(json line: String) {
        guard let data = line.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let benchmark = object["benchmark"] as? String, let firms = object["firms"] as? Int else { return nil }
        self.benchmark = benchmark
        self.firms = firms
        medianMs = (object["median_ms"] as? NSNumber)?.doubleValue ?? .nan
        peakRSSMB = (object["peak_rss_mb"] as? NSNumber)?.doubleValue ?? .nan
        runs = object["runs"] as? Int ?? 0
        extra = object.keys.filter { !["benchmark", "firms", "median_ms", "peak_rss_mb", "runs"].contains($0) }.sorted()
            .compactMap { key in (object[key] as? NSNumber).map { (key, $0.doubleValue) } }
    }

    init(benchmark: String, firms: Int, medianMs: Double, peakRSSMB: Double, runs: Int, extra: [(String, Double)] = []) {
        self.benchmark = benchmark; self.firms = firms; self.medianMs = medianMs; self.peakRSSMB = peakRSSMB
        self.runs = runs; self.extra = extra
    }

    func value(_ key: String) -> Double? { extra.first { $0.0 == key }?.1 }
}

/// The measurements for one snapshot, run in a process of its own so that its peak
/// RSS belongs to this size only.
struct SizeBenchmark {
    var directory: URL
    var firms: Int
    var loadRuns: Int
    var quick: Bool

    static let screen = TerminalSize(width: 120, height: 40)

    func run(emit: (BenchResult) -> Void) throws {
        // 1. Load + validation: read, parse, decode, validate, index, score.
        var loadTimes: [Double] = []
        var snapshot: Snapshot?
        for run in 0..<loadRuns {
            snapshot = nil
            let start = nowMilliseconds()
            let result = SnapshotLoader.load(from: directory)
            let elapsed = nowMilliseconds() - start
            switch result {
            case .success(let loaded):
                loadTimes.append(elapsed)
                if run == loadRuns - 1 { snapshot = loaded }
            case .failure(let error):
                throw BenchError("the snapshot in \(directory.path) did not load:\n" + error.problems.prefix(20).map(\.description).joined(separator: "\n"))
            }
        }
        guard let snapshot else { throw BenchError("no snapshot") }
        // Part of the load: building the Snapshot (lookup indexes and every scenario's
        // risk scores), timed alone through the public initializer. (Timing parsing alone
        // the same way proved misleading: allocator state after the loads above skews it;
        // docs/PERFORMANCE.md has a sampled breakdown instead.)
        let indexStart = nowMilliseconds()
        var rebuilt: Snapshot? = Snapshot(manifest: snapshot.manifest, companies: snapshot.companies, ipos: snapshot.ipos,
                                          events: snapshot.events, riskModel: snapshot.riskModel)
        let indexMs = nowMilliseconds() - indexStart
        blackHole(rebuilt)
        rebuilt = nil
        blackHole(rebuilt)
        let bytes = SnapshotLoader.size(of: directory)
        // The dashboard's rows are built once per snapshot (what the first frame waits for).
        var stateTimes: [Double] = []
        var built: AppState?
        for _ in 0..<max(1, loadRuns) {
            built = nil
            let start = nowMilliseconds()
            let state = AppState(snapshot: snapshot, dataPath: directory.path, size: Self.screen)
            stateTimes.append(nowMilliseconds() - start)
            built = state
        }
        guard let base = built else { throw BenchError("no state") }
        emit(BenchResult(benchmark: "load", firms: firms, medianMs: median(loadTimes), peakRSSMB: peakRSSMegabytes(), runs: loadTimes.count,
                         extra: [("snapshot_mb", Double(bytes) / 1_048_576), ("state_build_ms", median(stateTimes)),
                                 ("snapshot_init_ms", indexMs),
                                 ("companies", Double(snapshot.companies.count)), ("ipos", Double(snapshot.ipos.count)),
                                 ("events", Double(snapshot.events.count))]))

        // 2. Sort: `s` on the company panel, cycling through every column.
        let columns = base.data.columns(.companies).count
        var sortTimes: [Double] = []
        var sorting = base
        for _ in 0..<(quick ? columns : 2 * columns) {
            let start = nowMilliseconds()
            _ = Reducer.reduce(&sorting, .key(.char("s")))
            sortTimes.append(nowMilliseconds() - start)
        }
        blackHole(sorting)
        emit(BenchResult(benchmark: "sort", firms: firms, medianMs: median(sortTimes), peakRSSMB: peakRSSMegabytes(), runs: sortTimes.count,
                         extra: [("max_ms", sortTimes.max() ?? .nan)]))

        // 3. Search: `/`, then the first letter of a firm's name (scans every row), then
        // its second letter (narrows the first letter's matches): the incremental keystroke.
        let probe = snapshot.companies[snapshot.companies.count / 2].name.lowercased().filter(\.isLetter)
        let first = probe.first ?? "a"
        let second = probe.dropFirst().first ?? "a"
        var firstTimes: [Double] = []
        var nextTimes: [Double] = []
        var matchesAfterFirst = 0
        var matchesAfterSecond = 0
        for _ in 0..<(quick ? 5 : 15) {
            var searching = base
            _ = Reducer.reduce(&searching, .key(.char("/")))
            var start = nowMilliseconds()
            _ = Reducer.reduce(&searching, .key(.char(first)))
            firstTimes.append(nowMilliseconds() - start)
            matchesAfterFirst = searching.panel(.companies).order.count
            start = nowMilliseconds()
            _ = Reducer.reduce(&searching, .key(.char(second)))
            nextTimes.append(nowMilliseconds() - start)
            matchesAfterSecond = searching.panel(.companies).order.count
            blackHole(searching)
        }
        emit(BenchResult(benchmark: "search", firms: firms, medianMs: median(nextTimes), peakRSSMB: peakRSSMegabytes(), runs: nextTimes.count,
                         extra: [("first_keystroke_ms", median(firstTimes)), ("matches_after_first", Double(matchesAfterFirst)),
                                 ("matches_after_second", Double(matchesAfterSecond))]))

        // 4. Render a full 120×40 frame into the cell buffer.
        var renderTimes: [Double] = []
        for _ in 0..<(quick ? 10 : 60) {
            let start = nowMilliseconds()
            let buffer = ScreenRenderer.render(base)
            renderTimes.append(nowMilliseconds() - start)
            blackHole(buffer)
        }
        emit(BenchResult(benchmark: "render", firms: firms, medianMs: median(renderTimes), peakRSSMB: peakRSSMegabytes(), runs: renderTimes.count))

        // 5. A scenario switch (`x`), through every scenario back to the first: the company
        // rows' risk figures and the risk panel's rows. After the four required figures,
        // so that the copy of the rows it makes is not in their peak.
        var scenarioTimes: [Double] = []
        do {
            var switching = base
            for _ in snapshot.scenarioIDs.indices {
                let start = nowMilliseconds()
                _ = Reducer.reduce(&switching, .key(.char("x")))
                scenarioTimes.append(nowMilliseconds() - start)
            }
            blackHole(switching)
        }
        emit(BenchResult(benchmark: "scenario", firms: firms, medianMs: median(scenarioTimes), peakRSSMB: peakRSSMegabytes(),
                         runs: scenarioTimes.count))

        // 6. A reload in watch mode (last: it holds two snapshots' rows at once): the changes
        // and rows are prepared on the loader's thread, then applied on the run loop's
        // (input waits only for the second part). An extra line beyond the four required.
        var prepareTimes: [Double] = []
        var applyTimes: [Double] = []
        for _ in 0..<max(1, min(loadRuns, 3)) {
            var reloading = base
            var start = nowMilliseconds()
            let prepared = PreparedSnapshot(snapshot, replacing: reloading.reloadBase)
            prepareTimes.append(nowMilliseconds() - start)
            start = nowMilliseconds()
            _ = Reducer.reduce(&reloading, .snapshotPrepared(prepared, at: Date()))
            applyTimes.append(nowMilliseconds() - start)
            blackHole(reloading)
        }
        let reloadPeak = peakRSSMegabytes()
        // Freeing the snapshot and rows a reload replaces (watch mode does it off the run
        // loop): a second copy, so that dropping it frees everything it holds (not in the peak).
        var freeMs = Double.nan
        if case .success(let copy) = SnapshotLoader.load(from: directory) {
            var replaced: AppState? = AppState(snapshot: copy, dataPath: directory.path, size: Self.screen)
            blackHole(replaced)
            let start = nowMilliseconds()
            replaced = nil
            freeMs = nowMilliseconds() - start
            blackHole(replaced)
        }
        emit(BenchResult(benchmark: "reload", firms: firms, medianMs: median(applyTimes), peakRSSMB: reloadPeak,
                         runs: applyTimes.count, extra: [("prepare_ms", median(prepareTimes)), ("free_ms", freeMs)]))
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
