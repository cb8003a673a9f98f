import SinoAIDomain

/// What the risk panel shows for one firm under the active scenario.
public struct RiskRow: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var score: Double
    public var rank: Int
    public var delta: Double
    public var unknownShare: Double
    /// Top known factors: (code, points), largest first.
    public var topFactors: [(code: String, points: Double)]
    public var entityListDate: CalendarDate?
    public var entityListed: Bool

    /// A row from the ranked listing: figures and the firm's largest known contributions.
    public init(summary: RiskSummary, topFactors: [(factor: Int, points: Double)], snapshot: Snapshot) {
        id = summary.companyId
        let position = snapshot.companyPosition(summary.companyId)
        name = position.map { snapshot.companies[$0].name } ?? summary.companyId
        score = summary.score
        rank = summary.rank
        delta = summary.deltaVsBaseline
        unknownShare = summary.unknownShare
        self.topFactors = topFactors.map { (snapshot.riskModel.factors[$0.factor].code, $0.points) }
        entityListed = position.map { snapshot.companies[$0].entityList.isListed } ?? false
        entityListDate = position.flatMap { snapshot.companies[$0].entityList.dateAdded }
    }

    public static func == (a: RiskRow, b: RiskRow) -> Bool {
        a.id == b.id && a.score == b.score && a.rank == b.rank && a.delta == b.delta && a.unknownShare == b.unknownShare
            && a.topFactors.elementsEqual(b.topFactors) { $0.code == $1.code && $0.points == $1.points }
    }
}
