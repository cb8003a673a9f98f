import Foundation
import SinoAIDomain

/// A snapshot watch mode refused, kept so the changes page can list every problem
/// (the banner has room for the first one only).
public struct RejectedSnapshot: Hashable, Sendable {
    public var at: Date
    /// Problems as shown, escaped; at most `kept` of them.
    public var problems: [String]
    public var total: Int

    public static let kept = 200

    public init(at: Date, problems: [SnapshotProblem]) {
        self.at = at
        self.problems = problems.prefix(Self.kept).map { Text.escaped($0.description, limit: 300) }
        total = problems.count
    }
}
