import SinoAIDomain

/// The rows every panel shows, built once per snapshot (and per scenario for risk),
/// so a frame never walks the whole data set.
public struct DashboardData: Sendable {
    public let snapshot: Snapshot
    /// Bumped on every new snapshot; cheap identity for equality and caches.
    public let generation: Int
    public private(set) var scenario: String
    public private(set) var companyRows: [CompanyRow]
    public let ipoRows: [IPORow]
    public let policyRows: [PolicyRow]
    public private(set) var riskRows: [RiskRow]
    /// US export-control and Entity List events, newest first (risk panel).
    public let usControls: [PolicyRow]
    public let filterDimensions: [PanelID: [FilterDimension]]
    private(set) var searchIndexes: [PanelID: SearchIndex]

    public init(snapshot: Snapshot, generation: Int, scenario: String) {
        self.snapshot = snapshot
        self.generation = generation
        let scenario = snapshot.scenarioIDs.contains(scenario) ? scenario : (snapshot.scenarioIDs.first ?? RiskScenario.baselineID)
        self.scenario = scenario
        // Large snapshots build their rows on both cores: firms on one, the rest on the other.
        let companies = JobResult<(rows: [CompanyRow], index: SearchIndex, dimensions: [FilterDimension])>()
        let others = JobResult<(risk: [RiskRow], ipos: [IPORow], policies: [PolicyRow], indexes: [PanelID: SearchIndex],
                                dimensions: [PanelID: [FilterDimension]])>()
        Parallel.perform([
            {
                let rows = Self.companyRows(snapshot, scenario)
                companies.value = (rows, SearchIndex.firms(snapshot), Self.dimensions(rows, CompanyRow.filterDimensions))
            },
            {
                let risk = Self.riskRows(snapshot, scenario)
                let ipos = snapshot.ipos.map { IPORow(ipo: $0, snapshot: snapshot) }
                let policies = snapshot.events.map { PolicyRow(event: $0, snapshot: snapshot) }
                others.value = (risk, ipos, policies,
                                [.ipos: SearchIndex(ipos, in: snapshot), .policies: SearchIndex(policies, in: snapshot)],
                                [.ipos: Self.dimensions(ipos, IPORow.filterDimensions),
                                 .policies: Self.dimensions(policies, PolicyRow.filterDimensions),
                                 .risk: Self.dimensions(risk, RiskRow.filterDimensions)])
            },
        ], inParallel: Self.inParallel(snapshot))
        let firms = companies.value!, rest = others.value!
        companyRows = firms.rows
        riskRows = rest.risk
        ipoRows = rest.ipos
        policyRows = rest.policies
        usControls = zip(snapshot.events, policyRows).filter { $0.0.isUSControl }.map(\.1).reversed()
        searchIndexes = rest.indexes.merging([.companies: firms.index, .risk: SearchIndex.risk(rest.risk, firms: firms.index, in: snapshot)]) { a, _ in a }
        filterDimensions = rest.dimensions.merging([.companies: firms.dimensions]) { a, _ in a }
    }

    /// Snapshots with at least this many firms build their rows on all cores.
    static let parallelThreshold = 10_000

    private static func inParallel(_ snapshot: Snapshot) -> Bool { snapshot.companies.count >= parallelThreshold }

    private static func companyRows(_ snapshot: Snapshot, _ scenario: String) -> [CompanyRow] {
        snapshot.companies.map { CompanyRow(company: $0, snapshot: snapshot, scenario: scenario) }
    }

    private static func riskRows(_ snapshot: Snapshot, _ scenario: String) -> [RiskRow] {
        snapshot.riskListing(scenario: scenario).map { RiskRow(summary: $0.summary, topFactors: $0.topFactors, snapshot: snapshot) }
    }

    private static func dimensions<R: TableRowModel>(_ rows: [R], _ names: [String]) -> [FilterDimension] {
        names.map { name in
            FilterDimension(name: name, values: [FilterDimension.all] + Set(rows.map { $0.filterValue(name) }).sorted())
        }
    }

    /// Recomputes what depends on the scenario: the company rows' risk figures (in
    /// place; names, search keys and the rest do not change) and the risk panel's rows.
    public mutating func setScenario(_ id: String) {
        scenario = id
        for i in companyRows.indices {
            let risk = snapshot.riskSummary(companyRows[i].id, scenario: id)
            companyRows[i].riskScore = risk?.score
            companyRows[i].riskRank = risk?.rank
        }
        riskRows = Self.riskRows(snapshot, id)
        searchIndexes[.risk] = SearchIndex.risk(riskRows, firms: searchIndexes[.companies]!, in: snapshot)
    }

    /// The id of row `index` of a panel (no existential box: used in per-row loops).
    public func rowID(_ panel: PanelID, _ index: Int) -> String {
        switch panel {
        case .companies: companyRows[index].id
        case .ipos: ipoRows[index].id
        case .policies: policyRows[index].id
        case .risk: riskRows[index].id
        }
    }

    public func rowCount(_ panel: PanelID) -> Int {
        switch panel {
        case .companies: companyRows.count
        case .ipos: ipoRows.count
        case .policies: policyRows.count
        case .risk: riskRows.count
        }
    }

    /// The row at an index of a panel's rows, type-erased.
    public func row(_ panel: PanelID, _ index: Int) -> any TableRowModel {
        switch panel {
        case .companies: companyRows[index]
        case .ipos: ipoRows[index]
        case .policies: policyRows[index]
        case .risk: riskRows[index]
        }
    }

    /// Columns of a panel showing the given changed fields.
    public func changedColumns(_ panel: PanelID, _ fields: Set<String>) -> Set<Int> {
        switch panel {
        case .companies: CompanyRow.changedColumns(fields)
        case .ipos: IPORow.changedColumns(fields)
        case .policies: PolicyRow.changedColumns(fields)
        case .risk: RiskRow.changedColumns(fields)
        }
    }

    /// A panel's columns as shown now: under the baseline scenario the risk panel's
    /// "Δ base" would read 0.0 on every row, so it is hidden (width 0) and its room goes
    /// to the top factors, which say why a score is high.
    public func columns(_ panel: PanelID) -> [TableColumn] {
        var columns = Self.columns(panel)
        if panel == .risk && scenario == RiskScenario.baselineID { columns[RiskRow.deltaColumn].width = 0 }
        return columns
    }

    public static func columns(_ panel: PanelID) -> [TableColumn] {
        switch panel {
        case .companies: CompanyRow.columns
        case .ipos: IPORow.columns
        case .policies: PolicyRow.columns
        case .risk: RiskRow.columns
        }
    }

    /// Row order for a panel's filters, query and sort. `narrowing` is the previous
    /// order when the query only grew, so a keystroke scans just the last matches.
    public func order(_ panel: PanelID, state: PanelState, narrowing previous: [Int]? = nil) -> [Int] {
        let index = searchIndexes[panel]!
        switch panel {
        case .companies: return Self.order(companyRows, index, state, previous)
        case .ipos: return Self.order(ipoRows, index, state, previous)
        case .policies: return Self.order(policyRows, index, state, previous)
        case .risk: return Self.order(riskRows, index, state, previous)
        }
    }

    static func order<R: TableRowModel>(_ rows: [R], _ index: SearchIndex, _ state: PanelState, _ previous: [Int]?) -> [Int] {
        let query = Array(state.foldedQuery.utf8)
        let filters = state.filters
        func keep(_ i: Int) -> Bool {
            if !filters.isEmpty {
                let row = rows[i]
                for (dimension, value) in filters where row.filterValue(dimension) != value { return false }
            }
            return query.isEmpty || index.matches(i, query)
        }
        if let previous {
            // Already sorted; filtering keeps the order.
            return previous.filter(keep)
        }
        let kept = rows.indices.filter(keep)
        // A negative sort column means the file's own order.
        guard state.sort.column >= 0 else { return kept }
        let column = state.sort.column
        let ascending = state.sort.ascending
        let keys = kept.map { rows[$0].sortKey(column: column) }
        return zip(kept, keys).sorted { a, b in
            switch (a.1, b.1) {
            case (.missing, .missing): return a.0 < b.0
            case (.missing, _): return false
            case (_, .missing): return true
            default:
                if a.1 == b.1 { return a.0 < b.0 }
                return ascending ? a.1 < b.1 : b.1 < a.1
            }
        }.map(\.0)
    }
}
