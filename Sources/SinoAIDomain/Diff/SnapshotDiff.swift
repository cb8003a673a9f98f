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
             fields: companyFields, into: &changes)
        func ipoName(_ ipo: IPO, _ snapshot: Snapshot) -> String { (snapshot.company(ipo.companyId)?.name ?? ipo.companyId) + " " + ipo.code }
        diff(old.ipos, new.ipos, record: .ipo, companyId: { $0.companyId }, name: { ipoName($0, new) }, oldName: { ipoName($0, old) },
             fields: ipoFields, into: &changes)
        diff(old.events, new.events, record: .event, companyId: { _ in nil }, name: { $0.title }, fields: eventFields, into: &changes)
        func firmName(_ id: String, _ snapshot: Snapshot) -> String { snapshot.company(id)?.name ?? id }
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
            }
        }
        for id in oldScores.keys.sorted() where !scored.contains(id) {
            changes.append(SnapshotChange(kind: .removed, record: .risk, id: id, companyId: id, name: firmName(id, old)))
        }
        return changes
    }

    private func diff<R: Identifiable & Equatable>(_ old: [R], _ new: [R], record: SnapshotChange.Record, companyId: (R) -> String?,
                                                   name: (R) -> String, oldName: ((R) -> String)? = nil,
                                                   fields: (R) -> [(String, String)], into changes: inout [SnapshotChange]) where R.ID == String {
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
            for (field, value) in fields(item) where oldFields[field] != value {
                changes.append(SnapshotChange(kind: .changed, record: record, id: item.id, companyId: companyId(item),
                                              field: field, old: oldFields[field], new: value, name: name(item)))
            }
        }
        for item in old where !after.contains(item.id) {
            changes.append(SnapshotChange(kind: .removed, record: record, id: item.id, companyId: companyId(item),
                                          name: oldName?(item) ?? name(item)))
        }
    }

    private func money(_ m: Money?) -> String { m.map(money) ?? "—" }

    func companyFields(_ c: Company) -> [(String, String)] {
        [("name", c.name), ("nameZh", c.nameZh ?? "—"), ("status", c.status.rawValue),
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
                ("listingDate", i.listingDate?.description ?? "—"),
                ("latestPrice", latest.map { price($0.price) + ($0.date.map { " (\($0))" } ?? "") } ?? "—"),
                ("pricePoints", String(i.pricePoints.count))]
    }

    func eventFields(_ e: PolicyEvent) -> [(String, String)] {
        [("date", e.date.description), ("title", e.title), ("amount", money(e.amount?.value)),
         ("companyIds", e.companyIds.joined(separator: ","))]
    }
}
