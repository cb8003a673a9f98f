/// One factor's share of a firm's score.
public struct FactorContribution: Sendable, Hashable {
    public var factorId: String
    /// The value after the scenario, nil when unknown (then `unknownValue` was used).
    public var value: Double?
    /// The value the score used (the known value, or the model's `unknownValue`).
    public var effectiveValue: Double
    /// weight × effectiveValue × 100.
    public var points: Double
    public var isUnknown: Bool { value == nil }
}

/// A firm's score under one scenario.
public struct RiskScore: Sendable, Hashable {
    public var companyId: String
    /// 0…100: Σ weight × value × 100.
    public var score: Double
    /// 1 = most exposed. Ties share a rank (1, 2, 2, 4).
    public var rank: Int
    public var contributions: [FactorContribution]
    /// Share of the total weight (0…1) whose value is unknown.
    public var unknownShare: Double
    /// Score minus the baseline score (0 under baseline).
    public var deltaVsBaseline: Double

    /// Contributions, largest first, known before unknown.
    public var topContributions: [FactorContribution] {
        contributions.sorted { ($0.isUnknown ? 1 : 0, -$0.points) < ($1.isUnknown ? 1 : 0, -$1.points) }
    }
}

/// Every assessed firm's score under one scenario, held compactly: figures in arrays by
/// assessment index (no per-firm objects), and the ranking as an order of indexes.
/// Contributions are recomputed for the few firms someone looks at.
public struct RiskTable: Sendable {
    let prepared: RiskScorer.PreparedScenario
    var scores: [Double]
    var unknownShares: [Double]
    var deltas: [Double]
    var ranks: [Int32]
    /// Assessment indexes, best rank first.
    var order: [Int32]
    /// Each firm's three largest known, positive contributions (`topCount` slots per firm,
    /// largest first; factor index `noFactor` marks an empty slot): what lists show,
    /// without computing every firm's breakdown.
    var topFactors: [UInt8]
    var topPoints: [Double]
    static let topCount = 3
    static let noFactor = UInt8.max

    /// A firm's largest known contributions, largest first (ties: factor order).
    public func topFactors(at index: Int) -> [(factor: Int, points: Double)] {
        (0..<Self.topCount).compactMap { slot in
            let k = index * Self.topCount + slot
            return topFactors[k] == Self.noFactor ? nil : (Int(topFactors[k]), topPoints[k])
        }
    }

    /// The firm's figures without contributions (cheap: for lists and diffs).
    public func summary(at index: Int, companyId: String) -> RiskSummary {
        RiskSummary(companyId: companyId, score: scores[index], rank: Int(ranks[index]),
                    unknownShare: unknownShares[index], deltaVsBaseline: deltas[index])
    }
}

/// What scoring needs of a model, computed once for all its scenarios: every firm's
/// known factor values as one dense matrix (NaN: unknown) and each firm's place in id
/// order (ties in score are ranked by id).
public struct RiskInputs: Sendable {
    let values: [Double]
    let idOrder: [Int32]
    /// Each firm's assessment index (the first, should a firm be assessed twice).
    public let firmIndex: [String: Int]

    public init(_ model: RiskModel) {
        var firmIndex: [String: Int] = [:]
        firmIndex.reserveCapacity(model.assessments.count)
        for i in model.assessments.indices where firmIndex[model.assessments[i].companyId] == nil {
            firmIndex[model.assessments[i].companyId] = i
        }
        self.firmIndex = firmIndex
        let ids = model.factors.map(\.id)
        let factorCount = ids.count
        var values = [Double](repeating: .nan, count: model.assessments.count * factorCount)
        for i in model.assessments.indices {
            let assessed = model.assessments[i].values
            let inOrder = assessed.hasKeys(exactly: ids)
            for f in 0..<factorCount {
                if let value = inOrder ? assessed.number(at: f) : assessed[ids[f]]?.value { values[i * factorCount + f] = value }
            }
        }
        self.values = values
        let byId = model.assessments.indices.sorted { model.assessments[$0].companyId < model.assessments[$1].companyId }
        var idOrder = [Int32](repeating: 0, count: byId.count)
        for (position, index) in byId.enumerated() { idOrder[index] = Int32(position) }
        self.idOrder = idOrder
    }
}

/// A firm's score, rank and delta under a scenario, without the factor breakdown.
public struct RiskSummary: Sendable, Hashable {
    public var companyId: String
    public var score: Double
    public var rank: Int
    public var unknownShare: Double
    public var deltaVsBaseline: Double
}

/// Scores every assessed firm. Deterministic and pure.
public enum RiskScorer {
    /// Scores rounded to this step compare equal when ranking, so floating noise never
    /// splits a tie that the displayed figures show.
    static let tieResolution = 0.05

    /// A factor value after a scenario: `value` is nil when the base value is unknown
    /// (an `add` then moves the assumed `unknownValue`, and it still counts as unknown).
    struct AdjustedValue {
        var value: Double?
        var effective: Double

        /// Before any adjustment: the known value, or the model's assumption for unknowns.
        init(known: Double?, unknownValue: Double) {
            value = known
            effective = known ?? unknownValue
        }

        mutating func apply(_ adjustment: PreparedScenario.Adjustment) {
            switch adjustment.operation {
            case .set:
                let clamped = min(1, max(0, adjustment.value))
                value = clamped
                effective = clamped
            case .add:
                effective = min(1, max(0, effective + adjustment.value))
                if value != nil { value = effective }
            }
        }
    }

    /// A scenario's adjustments grouped by factor (in scenario order), with the firms
    /// each applies to as a set.
    struct PreparedScenario: Sendable {
        struct Adjustment: Sendable {
            var operation: RiskScenario.Adjustment.Operation
            var value: Double
            var companyIds: Set<String>?
        }
        /// By factor index.
        var adjustments: [[Adjustment]]

        init(_ scenario: RiskScenario?, factors: [RiskFactor]) {
            adjustments = factors.map { factor in
                (scenario?.adjustments ?? []).filter { $0.factor == factor.id }.map {
                    Adjustment(operation: $0.operation, value: $0.value, companyIds: $0.companyIds.map(Set.init))
                }
            }
        }
    }

    /// One factor's value for a firm after the scenario, clamped to 0…1.
    static func adjusted(_ assessment: RiskAssessment, factor: Int, model: RiskModel, prepared: PreparedScenario) -> AdjustedValue {
        let known = assessment.values[model.factors[factor].id]?.value
        var current = AdjustedValue(known: known, unknownValue: model.unknownValue)
        for adjustment in prepared.adjustments[factor] where adjustment.companyIds?.contains(assessment.companyId) ?? true {
            current.apply(adjustment)
        }
        return current
    }

    /// Scores all firms under `scenario` (nil or baseline: no adjustments), ranked.
    public static func score(_ model: RiskModel, scenario: RiskScenario? = nil) -> [RiskScore] {
        let baseline = table(model, scenario: nil, baseline: nil)
        let scored = scenario.map { table(model, scenario: $0, baseline: baseline.scores) } ?? baseline
        return scored.order.map { riskScore(at: Int($0), in: scored, model: model) }
    }

    /// The table of every firm under `scenario`; `baseline` scores give the deltas.
    public static func table(_ model: RiskModel, scenario: RiskScenario?, baseline: [Double]?,
                             inputs: RiskInputs? = nil) -> RiskTable {
        let inputs = inputs ?? RiskInputs(model)
        let prepared = PreparedScenario(scenario, factors: model.factors)
        let count = model.assessments.count
        let factorCount = model.factors.count
        var scores = [Double](repeating: 0, count: count)
        var unknownShares = [Double](repeating: 0, count: count)
        // Factor by factor: start from the known values, apply the scenario's adjustments
        // in order (to every firm, or only to the firms named), then add up. Work is
        // firms × (factors + adjustments for all firms) + firms named.
        var column = [AdjustedValue](repeating: AdjustedValue(known: nil, unknownValue: 0), count: count)
        let slots = RiskTable.topCount
        var topFactors = [UInt8](repeating: RiskTable.noFactor, count: count * slots)
        var topPoints = [Double](repeating: 0, count: count * slots)
        for f in 0..<factorCount {
            for i in 0..<count {
                let known = inputs.values[i * factorCount + f]
                column[i] = AdjustedValue(known: known.isNaN ? nil : known, unknownValue: model.unknownValue)
            }
            for adjustment in prepared.adjustments[f] {
                if let ids = adjustment.companyIds {
                    for id in ids { if let i = inputs.firmIndex[id] { column[i].apply(adjustment) } }
                } else {
                    for i in 0..<count { column[i].apply(adjustment) }
                }
            }
            let weight = model.factors[f].weight
            for i in 0..<count {
                if column[i].value == nil { unknownShares[i] += weight }
                let points = weight * column[i].effective * 100
                scores[i] += points
                // Keep the three largest known, positive contributions; an earlier factor
                // keeps its place on a tie (as a stable sort of the breakdown would).
                guard column[i].value != nil, points > 0 else { continue }
                let base = i * slots
                guard var slot = (0..<slots).first(where: { topFactors[base + $0] == RiskTable.noFactor || points > topPoints[base + $0] })
                else { continue }
                var (factor, value) = (UInt8(f), points)
                while slot < slots {
                    swap(&factor, &topFactors[base + slot])
                    swap(&value, &topPoints[base + slot])
                    if factor == RiskTable.noFactor { break }
                    slot += 1
                }
            }
        }
        let deltas = baseline.map { base in scores.indices.map { scores[$0] - base[$0] } } ?? Array(repeating: 0, count: count)
        // Competition ranking ("1, 2, 2, 4") by descending score; ties ordered by id.
        let keys = scores.map { ($0 / tieResolution).rounded() }
        let order = (0..<Int32(count)).sorted { a, b in
            let (x, y) = (Int(a), Int(b))
            return keys[x] != keys[y] ? keys[x] > keys[y] : inputs.idOrder[x] < inputs.idOrder[y]
        }
        var ranks = [Int32](repeating: 0, count: count)
        for position in order.indices {
            let index = Int(order[position])
            if position > 0, keys[Int(order[position - 1])] == keys[index] {
                ranks[index] = ranks[Int(order[position - 1])]
            } else {
                ranks[index] = Int32(position + 1)
            }
        }
        return RiskTable(prepared: prepared, scores: scores, unknownShares: unknownShares, deltas: deltas, ranks: ranks, order: order,
                         topFactors: topFactors, topPoints: topPoints)
    }

    /// One firm's full score, contributions included, from a table.
    public static func riskScore(at index: Int, in table: RiskTable, model: RiskModel) -> RiskScore {
        let assessment = model.assessments[index]
        // By index: a copy of each factor (six strings) per firm showed up in profiles.
        let contributions = model.factors.indices.map { f in
            let value = adjusted(assessment, factor: f, model: model, prepared: table.prepared)
            return FactorContribution(factorId: model.factors[f].id, value: value.value, effectiveValue: value.effective,
                                      points: model.factors[f].weight * value.effective * 100)
        }
        let summary = table.summary(at: index, companyId: assessment.companyId)
        return RiskScore(companyId: summary.companyId, score: summary.score, rank: summary.rank, contributions: contributions,
                         unknownShare: summary.unknownShare, deltaVsBaseline: summary.deltaVsBaseline)
    }
}
