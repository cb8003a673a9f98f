import Foundation

/// One difference between two snapshots.
public struct SnapshotChange: Sendable, Hashable {
    public enum Kind: String, Sendable { case added, removed, changed }
    public enum Record: String, Sendable { case company, ipo, event, risk, manifest }

    public var kind: Kind
    public var record: Record
    public var id: String
    /// The firm the change concerns (for highlighting its rows), if any.
    public var companyId: String?
    public var field: String?
    public var old: String?
    public var new: String?
    /// What a reader calls the record: the firm's name, "MiniMax HK:0100", an event's title.
    public var name: String

    public init(kind: Kind, record: Record, id: String, companyId: String? = nil, field: String? = nil,
                old: String? = nil, new: String? = nil, name: String? = nil) {
        self.kind = kind; self.record = record; self.id = id; self.companyId = companyId
        self.field = field; self.old = old; self.new = new; self.name = name ?? id
    }

    /// "ipo minimax-hkex latestPrice: 680.00 → 970.00" (for logs and tests).
    public var summary: String {
        switch kind {
        case .added: "\(record.rawValue) \(id) added"
        case .removed: "\(record.rawValue) \(id) removed"
        case .changed: "\(record.rawValue) \(id) \(field ?? ""): \(old ?? "—") → \(new ?? "—")"
        }
    }
}

/// The changes one reload brought.
public struct SnapshotChangeSet: Sendable, Hashable {
    public var at: Date
    public var fromAsOf: CalendarDate
    public var toAsOf: CalendarDate
    public var changes: [SnapshotChange]

    public init(at: Date, fromAsOf: CalendarDate, toAsOf: CalendarDate, changes: [SnapshotChange]) {
        self.at = at; self.fromAsOf = fromAsOf; self.toAsOf = toAsOf; self.changes = changes
    }
}

/// Compares the figures people watch: names, status, Entity List, valuations,
/// prices, policy events and baseline risk scores.
public struct SnapshotDiff {
    /// How amounts and prices read in the changes (the dashboard passes its own forms).
    var money: (Money) -> String
    var price: (Decimal, CurrencyCode) -> String

    public init(money: @escaping (Money) -> String = { "\($0.currency.code) \($0.amount)" },
                price: @escaping (Decimal, CurrencyCode) -> String = { amount, _ in "\(amount)" }) {
        self.money = money
        self.price = price
    }

    /// Every watched difference from `old` to `new`.
    public func between(_ old: Snapshot, _ new: Snapshot) -> [SnapshotChange] {
        var changes: [SnapshotChange] = []
        if old.manifest.asOf != new.manifest.asOf {
            changes.append(SnapshotChange(kind: .changed, record: .manifest, id: "manifest", field: "asOf",
                                          old: old.manifest.asOf.description, new: new.manifest.asOf.description, name: "Snapshot"))
        }
        diff(old.companies, new.companies, record: .company, companyId: { $0.id }, name: { $0.name },
             fields: companyFields, details: Self.companyDetails, into: &changes)
        func ipoName(_ ipo: IPO, _ snapshot: Snapshot) -> String { (snapshot.company(ipo.companyId)?.name ?? ipo.companyId) + " " + ipo.code }
        diff(old.ipos, new.ipos, record: .ipo, companyId: { $0.companyId }, name: { ipoName($0, new) }, oldName: { ipoName($0, old) },
             fields: ipoFields, details: Self.ipoDetails, into: &changes)
        namePriceChanges(&changes, old, new)
        // Firms by name, both sides from the new snapshot (a renamed firm is not an event change).
        diff(old.events, new.events, record: .event, companyId: { _ in nil }, name: { $0.title }, fields: { eventFields($0, names: new) },
             details: Self.eventDetails, into: &changes)
        func firmName(_ id: String, _ snapshot: Snapshot) -> String { snapshot.company(id)?.name ?? id }
        let (oldModel, newModel) = (old.riskModel, new.riskModel)
        if oldModel.factors != newModel.factors || oldModel.scenarios != newModel.scenarios || oldModel.unknownValue != newModel.unknownValue
            || oldModel.description != newModel.description {
            changes.append(SnapshotChange(kind: .changed, record: .risk, id: "risk-model", field: Self.detailsField,
                                          new: "the risk model's factors, weights or scenarios", name: "Risk model"))
        }
        let oldScores = Dictionary(old.riskSummaries().map { ($0.companyId, $0.score) }, uniquingKeysWith: { a, _ in a })
        var scored: Set<String> = []
        for score in new.riskSummaries() {
            scored.insert(score.companyId)
            guard let before = oldScores[score.companyId] else {
                changes.append(SnapshotChange(kind: .added, record: .risk, id: score.companyId, companyId: score.companyId,
                                              name: firmName(score.companyId, new)))
                continue
            }
            if abs(before - score.score) >= 0.05 {
                changes.append(SnapshotChange(kind: .changed, record: .risk, id: score.companyId, companyId: score.companyId,
                                              field: "score", old: String(format: "%.1f", before), new: String(format: "%.1f", score.score),
                                              name: firmName(score.companyId, new)))
            } else if old.assessment(score.companyId) != new.assessment(score.companyId) {
                changes.append(SnapshotChange(kind: .changed, record: .risk, id: score.companyId, companyId: score.companyId,
                                              field: Self.detailsField, new: "factor values, rationales or sources",
                                              name: firmName(score.companyId, new)))
            }
        }
        for id in oldScores.keys.sorted() where !scored.contains(id) {
            changes.append(SnapshotChange(kind: .removed, record: .risk, id: id, companyId: id, name: firmName(id, old)))
        }
        return changes
    }

    private func diff<R: Identifiable & Equatable>(_ old: [R], _ new: [R], record: SnapshotChange.Record, companyId: (R) -> String?,
                                                   name: (R) -> String, oldName: ((R) -> String)? = nil,
                                                   fields: (R) -> [(String, String)], details: (R) -> [Detail],
                                                   into changes: inout [SnapshotChange]) where R.ID == String {
        // Positions, not copies of the records; most records are unchanged, and an equal
        // record needs no fields formatted.
        var before: [String: Int] = [:]
        before.reserveCapacity(old.count)
        for i in old.indices where before[old[i].id] == nil { before[old[i].id] = i }
        var after: Set<String> = []
        after.reserveCapacity(new.count)
        for i in new.indices { after.insert(new[i].id) }
        for item in new {
            guard let index = before[item.id] else {
                changes.append(SnapshotChange(kind: .added, record: record, id: item.id, companyId: companyId(item), name: name(item)))
                continue
            }
            let previous = old[index]
            if previous == item { continue }
            let oldFields = Dictionary(fields(previous), uniquingKeysWith: { a, _ in a })
            var changedFields: Set<String> = []
            for (field, value) in fields(item) where oldFields[field] != value {
                changedFields.insert(field)
                changes.append(SnapshotChange(kind: .changed, record: record, id: item.id, companyId: companyId(item),
                                              field: field, old: oldFields[field], new: value, name: name(item)))
            }
            // What the figures above do not cover (an HQ, a product, a source) is still
            // a change: named by group, never passed over as "no changes". A group whose
            // figure was just listed (a new latest price among the prices) is not repeated.
            let oldDetails = details(previous)
            let changed = details(item).enumerated().filter { index, detail in
                oldDetails[index].value != detail.value && changedFields.isDisjoint(with: detail.shownAs)
            }
            if !changed.isEmpty {
                changes.append(SnapshotChange(kind: .changed, record: record, id: item.id, companyId: companyId(item),
                                              field: Self.detailsField, new: changed.map(\.element.group).joined(separator: ", "), name: name(item)))
            }
        }
        for item in old where !after.contains(item.id) {
            changes.append(SnapshotChange(kind: .removed, record: record, id: item.id, companyId: companyId(item),
                                          name: oldName?(item) ?? name(item)))
        }
    }

    private func money(_ m: Money?) -> String { m.map(money) ?? "—" }

    /// Price points edited in place (same dates, new figures) are named one by one, up to
    /// `pricesNamed` per listing, instead of "also changed: prices".
    static let pricesNamed = 5

    private func namePriceChanges(_ changes: inout [SnapshotChange], _ old: Snapshot, _ new: Snapshot) {
        var result: [SnapshotChange] = []
        for change in changes {
            guard change.record == .ipo, change.field == Self.detailsField, let groups = change.new?.components(separatedBy: ", "),
                  groups.contains("prices"), let before = old.ipo(change.id), let after = new.ipo(change.id),
                  before.pricePoints.count == after.pricePoints.count else { result.append(change); continue }
            let edited = zip(before.pricePoints, after.pricePoints).filter { $0 != $1 }
            guard edited.allSatisfy({ $0.date == $1.date && $0.kind == $1.kind }), edited.count <= Self.pricesNamed else {
                result.append(change)
                continue
            }
            for (was, now) in edited where was.price != now.price {
                result.append(SnapshotChange(kind: .changed, record: .ipo, id: change.id, companyId: change.companyId, field: "price",
                                             old: price(was.price, before.currency),
                                             new: price(now.price, after.currency) + " (\(now.date) \(now.kind.rawValue))",
                                             name: change.name))
            }
            // A point's sources or note is a change of its own, beside its price or alone.
            let rest = groups.filter { $0 != "prices" } + (edited.contains { $0.provenance != $1.provenance } ? ["price sources"] : [])
            if !rest.isEmpty {
                var kept = change
                kept.new = rest.joined(separator: ", ")
                result.append(kept)
            }
        }
        changes = result
    }

    /// The field of a change that names, in `new`, the groups of details that changed.
    public static let detailsField = "details"

    /// A group of a record's details, and the listed fields that already show a change in it.
    struct Detail {
        var group: String
        var value: AnyHashable
        var shownAs: Set<String> = []
    }

    /// Everything about a firm, by group, beyond the figures `companyFields` lists.
    static func companyDetails(_ c: Company) -> [Detail] {
        [Detail(group: "profile", value: [AnyHashable(c.segment), c.segmentDetail, c.foundedNote, c.statusNote, c.fieldConfidence]),
         Detail(group: "listings", value: c.listings, shownAs: ["listings"]),
         Detail(group: "products", value: c.products),
         Detail(group: "funding rounds", value: c.fundingRounds, shownAs: ["fundingRounds", "latestValuation"]),
         Detail(group: "valuations", value: c.valuations, shownAs: ["latestValuation"]),
         Detail(group: "Entity List sources", value: c.entityList, shownAs: ["entityList"]),
         Detail(group: "notes", value: c.notes), Detail(group: "sources", value: c.provenance)]
    }

    static func ipoDetails(_ i: IPO) -> [Detail] {
        [Detail(group: "listing", value: [AnyHashable(i.exchange), i.ticker, i.currency], shownAs: ["ticker"]),
         Detail(group: "offer and first day", value: [AnyHashable(i.offerPrice), i.firstDayOpen, i.firstDayClose],
                shownAs: ["offerPrice", "firstDayClose"]),
         Detail(group: "amount raised sources", value: i.amountRaised, shownAs: ["amountRaised"]),
         Detail(group: "prices", value: i.pricePoints, shownAs: ["latestPrice", "pricePoints"]),
         Detail(group: "notes", value: i.notes), Detail(group: "sources", value: i.provenance)]
    }

    static func eventDetails(_ e: PolicyEvent) -> [Detail] {
        [Detail(group: "kind", value: [AnyHashable(e.kind), e.jurisdiction]), Detail(group: "issuer", value: e.issuer),
         Detail(group: "date note", value: e.dateNote), Detail(group: "summary", value: e.summary),
         Detail(group: "amount sources", value: e.amount, shownAs: ["amount"]), Detail(group: "segments", value: e.segments),
         Detail(group: "notes", value: e.notes), Detail(group: "sources", value: e.provenance)]
    }

    func companyFields(_ c: Company) -> [(String, String)] {
        [("name", c.name), ("nameZh", c.nameZh ?? "—"), ("legalName", c.legalName ?? "—"), ("hq", c.hq ?? "—"),
         ("founded", c.founded?.description ?? "—"), ("status", c.status.rawValue),
         ("listings", c.listings.map(\.code).joined(separator: ",")),
         ("entityList", c.entityList.status.rawValue + (c.entityList.dateAdded.map { " \($0)" } ?? "")),
         ("latestValuation", c.latestValuation.map { money($0.value.value) + " (\($0.date))" } ?? "—"),
         ("fundingRounds", String(c.fundingRounds.count))]
    }

    func ipoFields(_ i: IPO) -> [(String, String)] {
        let latest = i.latestKnownPrice
        func price(_ d: Decimal?) -> String { d.map { self.price($0, i.currency) } ?? "—" }
        return [("offerPrice", price(i.offerPrice?.value.price)), ("amountRaised", money(i.amountRaised?.value)),
                ("firstDayClose", price(i.firstDayClose?.value.price)), ("status", i.status.rawValue),
                ("listingDate", i.listingDate?.description ?? "—"), ("ticker", i.ticker ?? "—"),
                ("latestPrice", latest.map { price($0.price) + ($0.date.map { " (\($0))" } ?? "") } ?? "—"),
                ("pricePoints", String(i.pricePoints.count))]
    }

    func eventFields(_ e: PolicyEvent, names snapshot: Snapshot) -> [(String, String)] {
        [("date", e.date.description), ("title", e.title), ("amount", money(e.amount?.value)),
         ("companyIds", e.companyIds.isEmpty ? "none" : e.companyIds.map { snapshot.company($0)?.name ?? $0 }.joined(separator: ", "))]
    }
}
