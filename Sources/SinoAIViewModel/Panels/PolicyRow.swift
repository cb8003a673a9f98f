import SinoAIDomain

/// What the policy timeline shows for one event; also the basis of `sinoai policies`.
public struct PolicyRow: Sendable, Equatable, Identifiable {
    public var id: String
    public var date: CalendarDate
    public var jurisdiction: Jurisdiction
    public var kind: PolicyKind
    public var title: String
    public var amount: Money?
    public var amountDoubtful: Bool
    public var companyIds: [String]
    public var companyNames: [String]
    public var doubtful: Bool

    public init(event: PolicyEvent, snapshot: Snapshot) {
        id = event.id
        date = event.date
        jurisdiction = event.jurisdiction
        kind = event.kind
        title = event.title
        amount = event.amount?.value
        amountDoubtful = event.amount?.isQuestionable ?? false
        companyIds = event.companyIds
        companyNames = event.companyIds.map { snapshot.company($0)?.name ?? $0 }
        doubtful = event.provenance.confidence.isDoubtful
    }

    /// "CN ●" / "US ▲": colour is not the only cue.
    public var marker: String { jurisdiction == .cn ? "●" : "▲" }
}
