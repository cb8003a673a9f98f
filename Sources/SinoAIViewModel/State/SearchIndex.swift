import Foundation
import SinoAIDomain

/// Lower-cased UTF-8 search text of every row of a panel, built once per snapshot, so
/// a search keystroke is a byte scan rather than a Unicode string search per row.
public struct SearchIndex: Sendable {
    private let keys: [[UInt8]]

    public init<R: TableRowModel>(_ rows: [R], in snapshot: Snapshot) {
        keys = rows.map { Array($0.searchKey(in: snapshot).utf8) }
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
