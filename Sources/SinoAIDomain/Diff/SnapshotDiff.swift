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

    /// "ipo minimax-hkex latest price: 680.00 → 970.00".
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
public enum SnapshotDiff {
    public static func between(_ old: Snapshot, _ new: Snapshot) -> [SnapshotChange] {
        var changes: [SnapshotChange] = []
        if old.manifest.asOf != new.manifest.asOf {
            changes.append(SnapshotChange(kind: .changed, record: .manifest, id: "manifest", field: "asOf",
                                          old: old.manifest.asOf.description, new: new.manifest.asOf.description))
        }
        diff(old.companies, new.companies, record: .company, companyId: { $0.id }, fields: companyFields, into: &changes)
        diff(old.ipos, new.ipos, record: .ipo, companyId: { $0.companyId }, fields: ipoFields, into: &changes)
        diff(old.events, new.events, record: .event, companyId: { _ in nil }, fields: eventFields, into: &changes)
        let oldScores = Dictionary(old.riskSummaries().map { ($0.companyId, $0.score) }, uniquingKeysWith: { a, _ in a })
        for score in new.riskSummaries() {
            if let before = oldScores[score.companyId], abs(before - score.score) >= 0.05 {
                changes.append(SnapshotChange(kind: .changed, record: .risk, id: score.companyId, companyId: score.companyId,
                                              field: "score", old: String(format: "%.1f", before), new: String(format: "%.1f", score.score)))
            }
        }
        return changes
    }

    private static func diff<R: Identifiable & Equatable>(_ old: [R], _ new: [R], record: SnapshotChange.Record, companyId: (R) -> String?,
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
                changes.append(SnapshotChange(kind: .added, record: record, id: item.id, companyId: companyId(item)))
                continue
            }
            let previous = old[index]
            if previous == item { continue }
            let oldFields = Dictionary(fields(previous), uniquingKeysWith: { a, _ in a })
            for (name, value) in fields(item) where oldFields[name] != value {
                changes.append(SnapshotChange(kind: .changed, record: record, id: item.id, companyId: companyId(item),
                                              field: name, old: oldFields[name], new: value))
            }
        }
        for item in old where !after.contains(item.id) {
            changes.append(SnapshotChange(kind: .removed, record: record, id: item.id, companyId: companyId(item)))
        }
    }

    private static func money(_ m: Money?) -> String { m.map { "\($0.currency.code) \($0.amount)" } ?? "—" }
    private static func number(_ d: Decimal?) -> String { d.map { "\($0)" } ?? "—" }

    static func companyFields(_ c: Company) -> [(String, String)] {
        [("name", c.name), ("nameZh", c.nameZh ?? "—"), ("status", c.status.rawValue),
         ("listings", c.listings.map(\.code).joined(separator: ",")),
         ("entityList", c.entityList.status.rawValue + (c.entityList.dateAdded.map { " \($0)" } ?? "")),
         ("latestValuation", c.latestValuation.map { money($0.value.value) + " (\($0.date))" } ?? "—"),
         ("fundingRounds", String(c.fundingRounds.count))]
    }

    static func ipoFields(_ i: IPO) -> [(String, String)] {
        let latest = i.latestKnownPrice
        return [("offerPrice", number(i.offerPrice?.value.price)), ("amountRaised", money(i.amountRaised?.value)),
                ("firstDayClose", number(i.firstDayClose?.value.price)), ("status", i.status.rawValue),
                ("listingDate", i.listingDate?.description ?? "—"),
                ("latestPrice", latest.map { "\($0.price)" + ($0.date.map { " (\($0))" } ?? "") } ?? "—"),
                ("pricePoints", String(i.pricePoints.count))]
    }

    static func eventFields(_ e: PolicyEvent) -> [(String, String)] {
        [("date", e.date.description), ("title", e.title), ("amount", money(e.amount?.value)),
         ("companyIds", e.companyIds.joined(separator: ","))]
    }
}
