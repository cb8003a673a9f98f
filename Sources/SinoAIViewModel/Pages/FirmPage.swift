import Foundation
import SinoAIDomain
import SinoAIText

/// Everything known about one firm, as sections of lines: profile, listing and IPO,
/// funding, products, Entity List, risk breakdown, related events, sources.
public struct FirmPage: Sendable, Equatable {
    public var companyId: String
    public var title: String
    public var sections: [PageSection]
    /// The listing whose price chart the page shows.
    public var chartIPOId: String?

    /// `changes(id)`: the fields a recent reload changed in the record `id` (the firm's,
    /// or one of its IPOs': "ipo.latestPrice", as in `ChangeMark`; "*" when new). Their
    /// lines are drawn in the `changed` style, an IPO's only in that IPO's section.
    public init(company c: Company, snapshot: Snapshot, scenario: String, changes: (String) -> Set<String> = { _ in [] }) {
        self.init(building: c, snapshot: snapshot, scenario: scenario)
        let firmLabels = Self.changedLabels(changes(c.id), company: c)
        // The IPO sections follow the profile, one per IPO in `ipos(of:)` order.
        let ipos = snapshot.ipos(of: c.id)
        for s in sections.indices {
            let labels: Set<String>, whole: Bool
            if s >= Self.firstIPOSection, s - Self.firstIPOSection < ipos.count {
                let ipo = ipos[s - Self.firstIPOSection]
                let fields = changes(ipo.id)
                (labels, whole) = (Self.changedLabels(fields, ipo: ipo), fields.contains("*"))
            } else {
                (labels, whole) = (firmLabels, false)
            }
            for l in sections[s].lines.indices where whole || labels.contains(sections[s].lines[l].label) {
                sections[s].lines[l].tone = .changed
            }
        }
    }

    /// The labels of the firm's own lines that show the changed fields (IPO fields are
    /// marked in their IPO's section).
    static func changedLabels(_ fields: Set<String>, company c: Company) -> Set<String> {
        let direct = ["company.name": "Name", "company.nameZh": "中文名", "company.legalName": "Legal name", "company.hq": "HQ",
                      "company.founded": "Founded", "company.status": "Status", "company.listings": "Listing",
                      "company.entityList": "US Entity List", "risk.score": "Score"]
        var labels = Set(fields.compactMap { direct[$0] })
        if fields.contains("company.latestValuation"), let latest = c.latestValuation {
            labels.insert("\(latest.date.display) \(latest.kind.label)")
        }
        return labels
    }

    /// The labels of an IPO section's lines that show its changed fields.
    static func changedLabels(_ fields: Set<String>, ipo: IPO) -> Set<String> {
        let direct = ["ipo.offerPrice": "Offer price", "ipo.amountRaised": ipo.status == .pending ? "Target raise" : "Amount raised",
                      "ipo.firstDayClose": "First-day close", "ipo.listingDate": "Listed", "ipo.status": "Listed"]
        var labels = Set(fields.compactMap { direct[$0] })
        // The latest price is the latest close-like point (`IPO.latestClose`), not
        // whatever point is last (a later intraday one).
        if !fields.isDisjoint(with: ["ipo.latestPrice", "ipo.pricePoints"]), let latest = ipo.latestClose {
            labels.insert("\(latest.date.display) \(latest.kind.rawValue)")
        }
        return labels
    }

    /// The IPO sections' first index: right after the profile.
    static let firstIPOSection = 1

    private init(building c: Company, snapshot: Snapshot, scenario: String) {
        companyId = c.id
        title = c.name + (c.nameZh.map { "  " + $0 } ?? "")
        var sections: [PageSection] = []

        var profile: [PageLine] = [
            PageLine("Name", c.name),
            PageLine("中文名", c.nameZh ?? Format.unknown, doubtful: c.nameZh != nil && c.confidence(of: "nameZh").isDoubtful),
        ]
        if let legal = c.legalName { profile.append(PageLine("Legal name", legal, doubtful: c.confidence(of: "legalName").isDoubtful)) }
        profile += [
            // An unknown value ("—") is not doubted: there is no figure to doubt.
        // The detail only when it adds to the label ("Foundry — Foundry" said nothing).
            PageLine("Segment", c.segment.label + (c.segmentDetail.flatMap { $0 == c.segment.label ? nil : " — " + $0 } ?? "")),
            PageLine("HQ", c.hq ?? Format.unknown, doubtful: c.hq != nil && c.confidence(of: "hq").isDoubtful),
            PageLine("Founded", (c.founded?.display ?? Format.unknown) + (c.foundedNote.map { " — " + $0 } ?? ""),
                     doubtful: c.founded != nil && c.confidence(of: "founded").isDoubtful),
            PageLine("Status", c.status.label + (c.statusNote.map { " — " + $0 } ?? "")),
            PageLine("Confidence", c.provenance.confidence.rawValue, tone: c.provenance.confidence.isDoubtful ? .warning : .dim),
        ]
        for listing in c.listings {
            profile.append(PageLine(listing.isParent ? "Parent listing" : "Listing",
                                    "\(listing.exchange.rawValue): \(listing.ticker ?? Format.unknown) (\(listing.currency.code))"
                                        + (listing.listingDate.map { ", listed \($0.display)" } ?? "") + (listing.note.map { " — " + $0 } ?? ""),
                                    doubtful: listing.confidence?.isDoubtful ?? false))
        }
        sections.append(PageSection("Profile", profile))

        let ipos = snapshot.ipos(of: c.id)
        chartIPOId = ipos.first { !$0.pricePoints.isEmpty || $0.firstDayClose != nil }?.id
        for ipo in ipos {
            // At `firstIPOSection` + its index: the change marks find an IPO's section so.
            sections.append(PageSection("IPO — \(ipo.code)", Self.ipoLines(ipo, snapshot: snapshot)))
        }

        var money: [PageLine] = []
        for round in c.fundingRounds {
            // The date once: a round named after its date ("Dec 2024 round") is not repeated.
            let date = round.date?.display ?? "Undated"
            let label = round.round.hasPrefix(date) ? round.round : date + " " + round.round
            money.append(PageLine(label,
                                  Format.money(round.amount) + (round.valuation.map { ", valuation " + Format.money($0) } ?? "")
                                      + (round.leadInvestors.isEmpty ? "" : ", led by " + round.leadInvestors.joined(separator: ", "))
                                      + (round.provenance.note.map { " — " + $0 } ?? ""),
                                  doubtful: round.provenance.confidence.isDoubtful || !round.alternatives.isEmpty))
            for alt in round.alternatives {
                money.append(PageLine("  alternative", Format.money(alt.amount) + (alt.valuation.map { ", valuation " + Format.money($0) } ?? "")
                                          + Self.sourceSuffix(alt.provenance), tone: .dim))
            }
        }
        for valuation in c.valuations.sorted(by: { $0.date < $1.date }) {
            money.append(contentsOf: Self.sourcedLines("\(valuation.date.display) \(valuation.kind.label)", valuation.value, parent: c.provenance, Format.money))
        }
        if !money.isEmpty { sections.append(PageSection("Funding and valuation", money)) }

        if !c.products.isEmpty {
            sections.append(PageSection("Products", c.products.map { PageLine("•", $0) }))
        }

        var entity: [PageLine] = []
        if c.entityList.isListed {
            entity.append(PageLine("US Entity List", "Listed " + (c.entityList.dateAdded?.display ?? "(date unknown)"), tone: .us,
                                   doubtful: c.entityList.provenance.confidence.isDoubtful || !c.entityList.alternativeDates.isEmpty))
            if let rule = c.entityList.rule { entity.append(PageLine("Rule", rule)) }
            for alt in c.entityList.alternativeDates {
                entity.append(PageLine("  alternative", alt.value.display + Self.sourceSuffix(alt.provenance), tone: .dim))
            }
        } else {
            entity.append(PageLine("US Entity List", "No addition found in the sources (absence not proven)", tone: .dim))
        }
        if let note = c.entityList.provenance.note { entity.append(PageLine("Note", note, tone: .dim)) }
        sections.append(PageSection("Export controls", entity))

        if let score = snapshot.riskScore(c.id, scenario: scenario) {
            var risk = [PageLine("Score", "\(Format.score(score.score)) / 100, rank \(score.rank) of \(snapshot.riskModel.assessments.count)"
                                     + (scenario == RiskScenario.baselineID ? "" : ", \(Format.delta(score.deltaVsBaseline)) vs baseline")
                                     + String(format: "; %.0f%% of the weight rests on unknowns", score.unknownShare * 100),
                                 tone: .accent)]
            let assessment = snapshot.assessment(c.id)
            let what = scenario == RiskScenario.baselineID ? nil : snapshot.riskModel.scenario(named: scenario)
            if let what {
                risk.append(PageLine("Scenario", "\(what.name): \(what.description)", tone: .dim))
            }
            for contribution in score.topContributions {
                guard let factor = snapshot.factor(contribution.factorId) else { continue }
                var valueText = contribution.value.map { String(format: "%.2f", $0) }
                    ?? "unknown (counted as \(String(format: "%.2f", contribution.effectiveValue)))"
                // A value the scenario moved says so: the rationale explains the baseline one.
                let baseline = assessment?.values[factor.id]?.value
                var rationale = assessment?.values[factor.id]?.rationale ?? ""
                // An unknown value a scenario adds to moves only what it is counted as.
                let baselineCounted = baseline ?? snapshot.riskModel.unknownValue
                if let what, contribution.value != baseline || abs(contribution.effectiveValue - baselineCounted) > 1e-9 {
                    valueText += " (\(what.name); baseline " + (baseline.map { String(format: "%.2f", $0) }
                        ?? "unknown, counted as " + String(format: "%.2f", baselineCounted)) + ")"
                    // The scenario's reasons for the move first: the baseline's explains the old value.
                    let reasons = what.adjustments.filter { $0.factor == factor.id && $0.applies(to: c.id) }.map(\.rationale)
                    if !reasons.isEmpty { rationale = "\(what.name): " + reasons.joined(separator: "; ") + ". Baseline: " + rationale }
                }
                risk.append(PageLine("\(factor.code) \(factor.name)",
                                     String(format: "%4.1f pts", contribution.points) + " = \(String(format: "%.2f", factor.weight)) × \(valueText) — \(rationale)",
                                     tone: contribution.isUnknown ? .dim : .normal,
                                     doubtful: assessment?.values[factor.id]?.provenance.confidence.isDoubtful ?? false))
            }
            risk.append(PageLine("", "Factor values are analyst judgements anchored on the sourced facts.", tone: .dim))
            sections.append(PageSection("Export-control risk", risk))
        }

        let events = snapshot.events(touching: c.id)
        if !events.isEmpty {
            sections.append(PageSection("Related policy and controls (newest first)", events.reversed().map(Self.eventLine)))
        }
        // Policy aimed at the firm's whole segment touches it too, without naming it. A
        // listing of other firms is about them, not the segment.
        let named = Set(events.map(\.id))
        let segmentWide = snapshot.events(forSegment: c.segment).filter {
            !named.contains($0.id) && !($0.kind == .entityListing || $0.kind == .sanctionsListing)
        }
        if !segmentWide.isEmpty {
            var lines = segmentWide.suffix(Self.segmentEventsShown).reversed().map(Self.eventLine)
            if segmentWide.count > Self.segmentEventsShown {
                lines.append(PageLine("", "… and \(segmentWide.count - Self.segmentEventsShown) older: Esc, then 3 for the policy timeline", tone: .dim))
            }
            sections.append(PageSection("Policy for its segment (\(c.segment.label), newest first)", lines))
        }

        if !c.notes.isEmpty {
            sections.append(PageSection("Notes", c.notes.map { PageLine("•", $0) }))
        }

        var sources: [Source] = c.provenance.sources
        for ipo in ipos { sources += ipo.provenance.sources }
        var seen: Set<String> = []
        sections.append(PageSection("Sources (record confidence: \(c.provenance.confidence.rawValue))", sources.filter { seen.insert($0.url).inserted }.map(PageLine.source)))
        self.sections = sections
    }

    /// Segment-wide events listed on a firm page before "… and N older".
    static let segmentEventsShown = 8

    /// An event as a page line that links to it; dates padded to a full date's width, so
    /// the markers line up.
    static func eventLine(_ e: PolicyEvent) -> PageLine {
        PageLine("\(DisplayWidth.pad(e.date.description, to: 10)) \(e.jurisdiction == .cn ? "●" : "▲") \(e.jurisdiction.rawValue)", e.title,
                 tone: e.jurisdiction == .cn ? .cn : .us, doubtful: e.provenance.confidence.isDoubtful, link: .event(e.id))
    }

    /// " — note [Publisher; Publisher]": the figure's own sources only, not the ones it
    /// inherits from its record (those are listed once under Sources).
    static func sourceSuffix(_ p: Provenance, parent: Provenance? = nil) -> String {
        let own = p.sources == parent?.sources ? [] : p.sources
        var seen: Set<String> = []
        let publishers = own.map(\.publisher).filter { seen.insert($0).inserted }
        return (p.note.map { " — " + $0 } ?? "") + (publishers.isEmpty ? "" : " [" + publishers.joined(separator: "; ") + "]")
    }

    /// A figure, then its alternatives, each with their sources.
    static func sourcedLines<V>(_ label: String, _ figure: Sourced<V>, parent: Provenance? = nil, _ format: (V) -> String) -> [PageLine] {
        var lines = [PageLine(label, format(figure.value) + sourceSuffix(figure.provenance, parent: parent)
                                  + (figure.provenance.confidence.isDoubtful ? " (\(figure.provenance.confidence.rawValue))" : ""),
                              doubtful: figure.isQuestionable)]
        for alt in figure.alternatives {
            lines.append(PageLine("  alternative", format(alt.value) + sourceSuffix(alt.provenance), tone: .dim))
        }
        return lines
    }

    static func ipoLines(_ ipo: IPO, snapshot: Snapshot) -> [PageLine] {
        let row = IPORow(ipo: ipo, snapshot: snapshot)
        let prefix = ipo.currency.symbolPrefix
        func quote(_ q: PriceQuote) -> String {
            let pct = ipo.percentVsOffer(q)
            // Sources often give only the move: say so rather than set it beside a bare "—".
            guard let price = q.price else { return pct == nil ? Format.unknown : "price not given; " + Format.percent(pct) + " vs offer" }
            return prefix + Format.decimal(price, places: 2) + " (" + Format.percent(pct) + " vs offer)"
        }
        var lines = [PageLine("Listed", ipo.status == .pending ? "Pending" : (ipo.listingDate?.display ?? Format.unknown)
                                  + (row.daysListed.map { ", \($0) days before the snapshot" } ?? ""))]
        if let offer = ipo.offerPrice {
            lines += sourcedLines("Offer price", offer, parent: ipo.provenance) { q in q.price.map { prefix + Format.decimal($0, places: 2) } ?? Format.unknown }
        }
        if let raised = ipo.amountRaised {
            let label = ipo.status == .pending ? "Target raise" : "Amount raised"
            lines += sourcedLines(label, raised, parent: ipo.provenance, Format.money)
        }
        if let open = ipo.firstDayOpen { lines += sourcedLines("First-day open", open, parent: ipo.provenance, quote) }
        if let close = ipo.firstDayClose { lines += sourcedLines("First-day close", close, parent: ipo.provenance, quote) }
        for point in ipo.pricePoints {
            let pct = ipo.offerPrice?.value.price.flatMap { $0 > 0 ? (point.price - $0) / $0 * 100 : nil }
            lines.append(PageLine("\(point.date.display) \(point.kind.rawValue)",
                                  prefix + Format.decimal(point.price, places: 2) + " (" + Format.percent(pct) + ")"
                                      + sourceSuffix(point.provenance, parent: ipo.provenance),
                                  tone: point.kind.isLine ? .normal : .dim, doubtful: point.provenance.confidence.isDoubtful))
        }
        lines += ipo.notes.map { PageLine("•", $0, tone: .dim) }
        return lines
    }
}
