import Foundation
import SinoAIDomain

/// The session's history of snapshot changes, newest first.
public enum ChangesPage {
    public static func sections(_ log: [SnapshotChangeSet]) -> [PageSection] {
        guard !log.isEmpty else {
            return [PageSection("Changes", [PageLine("", "No changes since this session started. In watch mode, each new snapshot's differences are listed here.", tone: .dim)])]
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return log.reversed().map { set in
            let title = "Reload at \(formatter.string(from: set.at)) — snapshot \(set.fromAsOf) → \(set.toAsOf), \(set.changes.count) change\(set.changes.count == 1 ? "" : "s")"
            let lines = set.changes.isEmpty ? [PageLine("", "No differences in the watched figures.", tone: .dim)] : set.changes.map { change in
                let link: PageLink? = switch change.record {
                case .event: .event(change.id)
                default: change.companyId.map { PageLink.company($0) }
                }
                let tone: Tone = change.kind == .added ? .positive : (change.kind == .removed ? .negative : .changed)
                return PageLine(change.kind.rawValue, change.summary, tone: tone, link: change.kind == .removed ? nil : link)
            }
            return PageSection(title, lines)
        }
    }
}
