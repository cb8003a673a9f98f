import Foundation
import SinoAIDomain

/// Lower-cased UTF-8 search text of every row of a panel, built once per snapshot, so
/// a search keystroke is a byte scan rather than a Unicode string search per row.
public struct SearchIndex: Sendable, Equatable {
    let keys: [[UInt8]]

    public init<R: TableRowModel>(_ rows: [R], in snapshot: Snapshot) {
        keys = rows.map { Array($0.searchKey(in: snapshot).utf8) }
    }

    /// Keys already folded and encoded (shared with another index: arrays are not copied).
    init(keys: [[UInt8]]) {
        self.keys = keys
    }

    /// Each firm's key, in `snapshot.companies` order: the company list's index.
    static func firms(_ snapshot: Snapshot) -> SearchIndex {
        SearchIndex(keys: snapshot.companies.map { Array(SearchTerms.key(SearchTerms.firm($0)).utf8) })
    }

    /// The risk panel's index: each row shares its firm's key from the company index
    /// (the same words; at 100 000 firms, no second copy and no second pass over them).
    static func risk(_ rows: [RiskRow], firms: SearchIndex, in snapshot: Snapshot) -> SearchIndex {
        SearchIndex(keys: rows.map { row in
            snapshot.companyPosition(row.id).map { firms.keys[$0] } ?? Array(row.searchKey(in: snapshot).utf8)
        })
    }

    /// Whether row `index` contains `query` (already lower-cased UTF-8).
    @inline(__always)
    public func matches(_ index: Int, _ query: [UInt8]) -> Bool {
        Self.contains(keys[index], query)
    }

    /// Substring search on bytes: `memchr` for the first byte, then compare the rest.
    /// UTF-8 is self-synchronising, so a byte match of valid UTF-8 is a character match.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        let last = haystack.count - needle.count
        guard last >= 0 else { return false }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                guard let base = hay.baseAddress else { return false }
                var i = 0
                while i <= last {
                    guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return false }
                    i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + i + 1, pin.baseAddress! + 1, pin.count - 1) == 0 { return true }
                    i += 1
                }
                return false
            }
        }
    }
}
