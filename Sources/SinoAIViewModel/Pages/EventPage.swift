import SinoAIDomain

/// A policy or export-control event with the firms it affects and its sources.
public struct EventPage: Sendable, Equatable {
    public var eventId: String
    public var title: String
    public var sections: [PageSection]

    public init(event e: PolicyEvent, snapshot: Snapshot) {
        eventId = e.id
        title = e.title
        let tone: Tone = e.jurisdiction == .cn ? .cn : .us
        var facts = [
            PageLine("Date", e.date.display + (e.dateNote.map { " — " + $0 } ?? "")),
            PageLine("Jurisdiction", (e.jurisdiction == .cn ? "● China" : "▲ United States"), tone: tone),
            PageLine("Kind", e.kind.label, tone: tone),
            PageLine("Issuer", e.issuer ?? Format.unknown),
        ]
        if let amount = e.amount {
            facts += FirmPage.sourcedLines("Amount", amount, parent: e.provenance, Format.money)
        } else {
            facts.append(PageLine("Amount", Format.unknown, tone: .dim))
        }
        facts.append(PageLine("Confidence", e.provenance.confidence.rawValue, tone: e.provenance.confidence.isDoubtful ? .warning : .dim))
        var sections = [PageSection("Event", facts), PageSection("Summary", [PageLine("", e.summary)])]
        if !e.segments.isEmpty {
            sections.append(PageSection("Segments", [PageLine("", e.segments.map(\.label).joined(separator: ", "))]))
        }
        sections.append(PageSection("Firms affected (Enter opens)", e.companyIds.isEmpty
            ? [PageLine("", "No firm in the snapshot is named by the sources.", tone: .dim)]
            : e.companyIds.map { id in
                let company = snapshot.company(id)
                let risk = snapshot.riskScore(id).map { " — risk " + Format.score($0.score) } ?? ""
                return PageLine(company?.nameZh ?? "", (company?.name ?? id) + risk, link: .company(id))
            }))
        if !e.notes.isEmpty { sections.append(PageSection("Notes", e.notes.map { PageLine("•", $0) })) }
        sections.append(PageSection("Sources", e.provenance.sources.map(PageLine.source)))
        self.sections = sections
    }
}
