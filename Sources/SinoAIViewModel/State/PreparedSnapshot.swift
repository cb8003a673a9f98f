import SinoAIDomain

/// A reloaded snapshot with what the dashboard derives from it (the changes against
/// the snapshot on screen, every panel's rows), built away from the run loop's thread:
/// at 100 000 firms that takes seconds, and input must not wait for it.
public struct PreparedSnapshot: Sendable {
    /// What the dashboard showed when the reload was asked for.
    public struct Base: Sendable {
        public let snapshot: Snapshot
        public let generation: Int
        public let scenario: String
    }

    public let snapshot: Snapshot
    public let base: Base
    public let changes: [SnapshotChange]
    public let data: DashboardData

    /// Diffs `snapshot` against the base and builds its rows (pure; any thread).
    public init(_ snapshot: Snapshot, replacing base: Base) {
        self.snapshot = snapshot
        self.base = base
        changes = SnapshotDiff(money: { Format.money($0) }, price: { $1.symbolPrefix + Format.decimal($0, places: 2) })
            .between(base.snapshot, snapshot)
        data = DashboardData(snapshot: snapshot, generation: base.generation + 1, scenario: base.scenario)
    }

    /// Whether it was prepared against what `state` shows now (not overtaken by another
    /// reload or a scenario change meanwhile).
    func fits(_ state: AppState) -> Bool {
        base.generation == state.data.generation && base.scenario == state.scenario
    }
}

extension AppState {
    /// What a reload asked for now is prepared against.
    public var reloadBase: PreparedSnapshot.Base {
        PreparedSnapshot.Base(snapshot: data.snapshot, generation: data.generation, scenario: scenario)
    }
}
