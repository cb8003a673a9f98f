import Foundation
import SinoAIDomain

/// The session's history of snapshot changes, newest first.
public enum ChangesPage {
    /// The reloads and the last refused snapshot, newest first.
    public static func sections(_ log: [SnapshotChangeSet], rejected: RejectedSnapshot? = nil, lastReload: Date? = nil) -> [PageSection] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        var dated: [(at: Date, section: PageSection)] = log.map { set in
            let title = "Reload at \(formatter.string(from: set.at)) — snapshot \(set.fromAsOf) → \(set.toAsOf), \(set.changes.count) change\(set.changes.count == 1 ? "" : "s")"
            let lines = set.changes.isEmpty ? [PageLine("", "No differences in the watched figures.", tone: .dim)] : set.changes.map { change in
                let link: PageLink? = switch change.record {
                case .event: .event(change.id)
                default: change.companyId.map { PageLink.company($0) }
                }
                let tone: Tone = change.kind == .added ? .positive : (change.kind == .removed ? .negative : .changed)
                return PageLine(change.kind.rawValue, describe(change), tone: tone, link: change.kind == .removed ? nil : link)
            }
            return (set.at, PageSection(title, lines))
        }
        if let rejected {
            let later = lastReload.map { $0 > rejected.at } ?? false
            let count = rejected.total == 1 ? "1 problem" : "\(rejected.total) problems"
            let title = "Snapshot rejected at \(formatter.string(from: rejected.at)) — \(count)"
                + (later ? " (a later snapshot loaded)" : "; the last good one stays on screen")
            var lines = rejected.problems.map { PageLine("", $0, tone: .negative) }
            if rejected.total > rejected.problems.count {
                lines.append(PageLine("", "… and \(rejected.total - rejected.problems.count) more: `sinoai validate` lists them all", tone: .dim))
            }
            dated.append((rejected.at, PageSection(title, lines)))
        }
        guard !dated.isEmpty else {
            return [PageSection("", [PageLine("", "No changes since this session started. In watch mode, each new snapshot's differences are listed here.", tone: .dim)])]
        }
        // Newest first; a reload and a rejection at the same moment keep log order.
        return dated.enumerated().sorted { ($0.element.at, $0.offset) > ($1.element.at, $1.offset) }.map(\.element.section)
    }

    /// "Zhipu AI (Z.ai) · latest valuation: US$29.00bn (2026-02) → US$31.00bn (2026-02)".
    static func describe(_ change: SnapshotChange) -> String {
        let what = change.name + " · " + recordLabel[change.record, default: change.record.rawValue]
        switch change.kind {
        case .added, .removed: return what
        case .changed where change.field == SnapshotDiff.detailsField:
            return change.name + " · also changed: " + (change.new ?? "details")
        case .changed:
            let field = change.field.map { fieldLabel[$0] ?? $0 } ?? ""
            return change.name + " · " + field + ": " + (change.old ?? Format.unknown) + " → " + (change.new ?? Format.unknown)
        }
    }

    static let recordLabel: [SnapshotChange.Record: String] = [
        .company: "firm", .ipo: "IPO", .event: "policy event", .risk: "risk assessment", .manifest: "snapshot",
    ]

    static let fieldLabel = [
        "asOf": "as-of date", "name": "name", "nameZh": "Chinese name", "legalName": "legal name", "hq": "HQ", "founded": "founded",
        "status": "status", "listings": "listings",
        "entityList": "Entity List", "latestValuation": "latest valuation", "fundingRounds": "funding rounds",
        "offerPrice": "offer price", "amountRaised": "amount raised", "firstDayClose": "first-day close",
        "listingDate": "listing date", "ticker": "ticker", "price": "price", "latestPrice": "latest price", "pricePoints": "price points", "date": "date",
        "title": "title", "amount": "amount", "companyIds": "firms named", "score": "baseline risk score",
    ]
}
