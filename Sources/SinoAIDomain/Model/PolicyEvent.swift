/// A Chinese policy or US export-control event.
public struct PolicyEvent: Sendable, Hashable, Identifiable {
    public var id: String
    public var date: CalendarDate
    public var dateNote: String?
    public var jurisdiction: Jurisdiction
    public var kind: PolicyKind
    public var title: String
    public var issuer: String?
    public var amount: Sourced<Money>?
    public var summary: String
    public var segments: [Segment]
    public var companyIds: [String]
    public var notes: [String]
    public var provenance: Provenance

    public init(id: String, date: CalendarDate, dateNote: String? = nil, jurisdiction: Jurisdiction, kind: PolicyKind,
                title: String, issuer: String? = nil, amount: Sourced<Money>? = nil, summary: String,
                segments: [Segment] = [], companyIds: [String] = [], notes: [String] = [], provenance: Provenance) {
        self.id = id; self.date = date; self.dateNote = dateNote; self.jurisdiction = jurisdiction; self.kind = kind
        self.title = title; self.issuer = issuer; self.amount = amount; self.summary = summary
        self.segments = segments; self.companyIds = companyIds; self.notes = notes; self.provenance = provenance
    }

    /// US export controls, Entity List additions and other US lists.
    public var isUSControl: Bool {
        jurisdiction == .us && [.exportControl, .entityListing, .sanctionsListing].contains(kind)
    }
}
