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
    private let scoresByScenario: [String: [String: RiskScore]]

    public init(manifest: Manifest, companies: [Company], ipos: [IPO], events: [PolicyEvent], riskModel: RiskModel) {
        self.manifest = manifest
        self.companies = companies
        self.ipos = ipos
        self.events = events.sorted { $0.date < $1.date }
        self.riskModel = riskModel
        var companyIndex: [String: Int] = [:]
        for (i, c) in companies.enumerated() where companyIndex[c.id] == nil { companyIndex[c.id] = i }
        self.companyIndex = companyIndex
        self.ipoIndex = Dictionary(ipos.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.eventIndex = Dictionary(self.events.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.iposByCompany = Dictionary(grouping: ipos.indices, by: { ipos[$0].companyId })
        var byCompany: [String: [Int]] = [:]
        for (i, e) in self.events.enumerated() {
            for id in Set(e.companyIds) { byCompany[id, default: []].append(i) }
        }
        self.eventsByCompany = byCompany
        self.scoresByScenario = RiskScorer.scoreAll(riskModel).mapValues { ranked in
            Dictionary(ranked.map { ($0.companyId, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    public func company(_ id: String) -> Company? { companyIndex[id].map { companies[$0] } }
    public func ipos(of companyId: String) -> [IPO] { (iposByCompany[companyId] ?? []).map { ipos[$0] } }
    public func ipo(_ id: String) -> IPO? { ipoIndex[id].map { ipos[$0] } }
    public func events(touching companyId: String) -> [PolicyEvent] { (eventsByCompany[companyId] ?? []).map { events[$0] } }
    public func event(_ id: String) -> PolicyEvent? { eventIndex[id].map { events[$0] } }

    /// Scenario ids in file order, baseline first.
    public var scenarioIDs: [String] {
        let ids = riskModel.scenarios.map(\.id)
        return ids.isEmpty ? [RiskScenario.baselineID] : ids
    }

    /// The firm's risk score under a scenario (precomputed at load).
    public func riskScore(_ companyId: String, scenario: String = RiskScenario.baselineID) -> RiskScore? {
        scoresByScenario[scenario]?[companyId]
    }

    /// All scores under a scenario, ranked.
    public func riskScores(scenario: String = RiskScenario.baselineID) -> [RiskScore] {
        (scoresByScenario[scenario] ?? [:]).values.sorted { ($0.rank, $0.companyId) < ($1.rank, $1.companyId) }
    }

    public func factor(_ id: String) -> RiskFactor? { riskModel.factors.first { $0.id == id } }
}
