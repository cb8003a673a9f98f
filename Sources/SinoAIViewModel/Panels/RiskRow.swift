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

    public init(score: RiskScore, snapshot: Snapshot) {
        id = score.companyId
        let position = snapshot.companyPosition(score.companyId)
        name = position.map { snapshot.companies[$0].name } ?? score.companyId
        self.score = score.score
        rank = score.rank
        delta = score.deltaVsBaseline
        unknownShare = score.unknownShare
        topFactors = score.topContributions.filter { !$0.isUnknown && $0.points > 0 }.prefix(3).map {
            (snapshot.factor($0.factorId)?.code ?? $0.factorId, $0.points)
        }
        entityListed = position.map { snapshot.companies[$0].entityList.isListed } ?? false
        entityListDate = position.flatMap { snapshot.companies[$0].entityList.dateAdded }
    }

    public static func == (a: RiskRow, b: RiskRow) -> Bool {
        a.id == b.id && a.score == b.score && a.rank == b.rank && a.delta == b.delta && a.unknownShare == b.unknownShare
            && a.topFactors.elementsEqual(b.topFactors) { $0.code == $1.code && $0.points == $1.points }
    }
}
