/// A whole, validated snapshot with lookup indexes. Immutable once built: watch mode
/// swaps in a new one rather than editing this.
public struct Snapshot: Sendable {
    public let manifest: Manifest
    public let companies: [Company]
    public let ipos: [IPO]
    public let events: [PolicyEvent]
    public let riskModel: RiskModel

    private let companyIndex: [String: Int]
    private let ipoIndex: [String: Int]
    private let eventIndex: [String: Int]
    private let iposByCompany: [String: [Int]]
    private let eventsByCompany: [String: [Int]]
    private let eventsBySegment: [Segment: [Int]]
    /// companyId → index into `riskModel.assessments`.
    private let assessmentIndex: [String: Int]
    /// Every scenario's scores, compact (contributions are computed when asked for).
    private let riskTables: [String: RiskTable]

    public init(manifest: Manifest, companies: [Company], ipos: [IPO], events: [PolicyEvent], riskModel: RiskModel) {
        self.manifest = manifest
        self.companies = companies
        self.ipos = ipos
        let events = events.sorted { $0.date < $1.date }
        self.events = events
        self.riskModel = riskModel
        var companyIndex: [String: Int] = [:]
        companyIndex.reserveCapacity(companies.count)
        for i in companies.indices where companyIndex[companies[i].id] == nil { companyIndex[companies[i].id] = i }
        self.companyIndex = companyIndex
        self.ipoIndex = Dictionary(ipos.indices.map { (ipos[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        self.eventIndex = Dictionary(events.indices.map { (events[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        self.iposByCompany = Dictionary(grouping: ipos.indices, by: { ipos[$0].companyId })
        var byCompany: [String: [Int]] = [:]
        for i in events.indices {
            for id in Set(events[i].companyIds) { byCompany[id, default: []].append(i) }
        }
        self.eventsByCompany = byCompany
        var bySegment: [Segment: [Int]] = [:]
        for i in events.indices {
            for segment in Set(events[i].segments) { bySegment[segment, default: []].append(i) }
        }
        self.eventsBySegment = bySegment
        let inputs = RiskInputs(riskModel)
        self.assessmentIndex = inputs.firmIndex
        let baseline = RiskScorer.table(riskModel, scenario: nil, baseline: nil, inputs: inputs)
        var tables = [RiskScenario.baselineID: baseline]
        for scenario in riskModel.scenarios where !scenario.adjustments.isEmpty || scenario.id != RiskScenario.baselineID {
            tables[scenario.id] = scenario.adjustments.isEmpty
                ? baseline : RiskScorer.table(riskModel, scenario: scenario, baseline: baseline.scores, inputs: inputs)
        }
        self.riskTables = tables
    }

    public func company(_ id: String) -> Company? { companyIndex[id].map { companies[$0] } }
    /// A firm's position in `companies`: reading a few fields through it copies no record.
    public func companyPosition(_ id: String) -> Int? { companyIndex[id] }
    public func ipos(of companyId: String) -> [IPO] { (iposByCompany[companyId] ?? []).map { ipos[$0] } }
    public func ipo(_ id: String) -> IPO? { ipoIndex[id].map { ipos[$0] } }
    public func events(touching companyId: String) -> [PolicyEvent] { (eventsByCompany[companyId] ?? []).map { events[$0] } }
    public func event(_ id: String) -> PolicyEvent? { eventIndex[id].map { events[$0] } }
    /// Events aimed at a whole segment, oldest first (they may name firms too).
    public func events(forSegment segment: Segment) -> [PolicyEvent] { (eventsBySegment[segment] ?? []).map { events[$0] } }

    /// Scenario ids in file order, baseline first.
    public var scenarioIDs: [String] {
        let ids = riskModel.scenarios.map(\.id)
        return ids.isEmpty ? [RiskScenario.baselineID] : ids
    }

    /// The firm's risk score under a scenario, with its factor breakdown.
    public func riskScore(_ companyId: String, scenario: String = RiskScenario.baselineID) -> RiskScore? {
        guard let index = assessmentIndex[companyId], let table = riskTables[scenario] else { return nil }
        return RiskScorer.riskScore(at: index, in: table, model: riskModel)
    }

    /// The firm's score, rank and delta under a scenario (precomputed at load).
    public func riskSummary(_ companyId: String, scenario: String = RiskScenario.baselineID) -> RiskSummary? {
        guard let index = assessmentIndex[companyId], let table = riskTables[scenario] else { return nil }
        return table.summary(at: index, companyId: companyId)
    }

    /// All scores, ranks and deltas under a scenario, ranked (no factor breakdowns).
    public func riskSummaries(scenario: String = RiskScenario.baselineID) -> [RiskSummary] {
        guard let table = riskTables[scenario] else { return [] }
        return table.order.map { table.summary(at: Int($0), companyId: riskModel.assessments[Int($0)].companyId) }
    }

    /// What the risk list shows under a scenario, ranked: each firm's figures and its top
    /// three known contributions (factor index, points), without computing breakdowns.
    public func riskListing(scenario: String = RiskScenario.baselineID) -> [(summary: RiskSummary, topFactors: [(factor: Int, points: Double)])] {
        guard let table = riskTables[scenario] else { return [] }
        return table.order.map {
            let index = Int($0)
            return (table.summary(at: index, companyId: riskModel.assessments[index].companyId), table.topFactors(at: index))
        }
    }

    /// All scores under a scenario, ranked, computed one at a time as they are read.
    public func riskScores(scenario: String = RiskScenario.baselineID) -> LazyMapSequence<[Int32], RiskScore> {
        let table = riskTables[scenario]
        let model = riskModel
        return (table?.order ?? []).lazy.map { RiskScorer.riskScore(at: Int($0), in: table!, model: model) }
    }

    /// A firm's factor values, with their rationales and sources.
    public func assessment(_ companyId: String) -> RiskAssessment? { assessmentIndex[companyId].map { riskModel.assessments[$0] } }
    public func factor(_ id: String) -> RiskFactor? { riskModel.factors.first { $0.id == id } }
}
