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

/// Scores every assessed firm. Deterministic and pure.
public enum RiskScorer {
    /// Scores rounded to this step compare equal when ranking, so floating noise never
    /// splits a tie that the displayed figures show.
    static let tieResolution = 0.05

    /// A factor value after a scenario: `value` is nil when the base value is unknown
    /// (an `add` then moves the assumed `unknownValue`, and it still counts as unknown).
    public struct AdjustedValue: Sendable, Hashable {
        public var value: Double?
        public var effective: Double
    }

    /// The factor values of one firm after a scenario's adjustments, clamped to 0…1.
    public static func adjustedValues(_ assessment: RiskAssessment, model: RiskModel, scenario: RiskScenario?) -> [String: AdjustedValue] {
        var values: [String: AdjustedValue] = [:]
        for factor in model.factors {
            let known = assessment.values[factor.id]?.value
            values[factor.id] = AdjustedValue(value: known, effective: known ?? model.unknownValue)
        }
        for adjustment in scenario?.adjustments ?? [] where adjustment.applies(to: assessment.companyId) {
            guard var current = values[adjustment.factor] else { continue }
            switch adjustment.operation {
            case .set:
                current.value = min(1, max(0, adjustment.value))
                current.effective = current.value!
            case .add:
                current.effective = min(1, max(0, current.effective + adjustment.value))
                if current.value != nil { current.value = current.effective }
            }
            values[adjustment.factor] = current
        }
        return values
    }

    /// Scores all firms under `scenario` (nil or baseline: no adjustments), ranked.
    public static func score(_ model: RiskModel, scenario: RiskScenario? = nil) -> [RiskScore] {
        let baseline = raw(model, scenario: nil)
        guard let scenario, !scenario.adjustments.isEmpty else { return rank(baseline) }
        return rank(withDeltas(raw(model, scenario: scenario), baseline: baselineScores(baseline)))
    }

    /// Scores every scenario of the model (a baseline if it has none), ranked, keyed by
    /// scenario id; the baseline is computed once and shared for the deltas.
    public static func scoreAll(_ model: RiskModel) -> [String: [RiskScore]] {
        let baseline = raw(model, scenario: nil)
        let base = baselineScores(baseline)
        let scenarios = model.scenarios.isEmpty
            ? [RiskScenario(id: RiskScenario.baselineID, name: "Baseline", description: "", adjustments: [])] : model.scenarios
        var result: [String: [RiskScore]] = [:]
        for scenario in scenarios {
            guard !scenario.adjustments.isEmpty else {
                result[scenario.id] = rank(baseline)
                continue
            }
            result[scenario.id] = rank(withDeltas(raw(model, scenario: scenario), baseline: base))
        }
        return result
    }

    private static func baselineScores(_ baseline: [RiskScore]) -> [String: Double] {
        Dictionary(baseline.map { ($0.companyId, $0.score) }, uniquingKeysWith: { a, _ in a })
    }

    /// Sets each score's difference from the firm's baseline score.
    private static func withDeltas(_ scores: [RiskScore], baseline: [String: Double]) -> [RiskScore] {
        scores.map { score in
            var score = score
            score.deltaVsBaseline = score.score - (baseline[score.companyId] ?? score.score)
            return score
        }
    }

    private static func raw(_ model: RiskModel, scenario: RiskScenario?) -> [RiskScore] {
        model.assessments.map { assessment in
            let values = adjustedValues(assessment, model: model, scenario: scenario)
            var contributions: [FactorContribution] = []
            var unknownWeight = 0.0
            for factor in model.factors {
                let adjusted = values[factor.id] ?? AdjustedValue(value: nil, effective: model.unknownValue)
                if adjusted.value == nil { unknownWeight += factor.weight }
                contributions.append(FactorContribution(
                    factorId: factor.id, value: adjusted.value, effectiveValue: adjusted.effective,
                    points: factor.weight * adjusted.effective * 100))
            }
            let total = contributions.reduce(0) { $0 + $1.points }
            return RiskScore(companyId: assessment.companyId, score: total, rank: 0, contributions: contributions,
                             unknownShare: unknownWeight, deltaVsBaseline: 0)
        }
    }

    /// Competition ranking ("1, 2, 2, 4") by descending score; ties ordered by id.
    static func rank(_ scores: [RiskScore]) -> [RiskScore] {
        let key = { (s: RiskScore) in (s.score / tieResolution).rounded() }
        var sorted = scores.sorted { key($0) != key($1) ? key($0) > key($1) : $0.companyId < $1.companyId }
        for i in sorted.indices {
            sorted[i].rank = i > 0 && key(sorted[i]) == key(sorted[i - 1]) ? sorted[i - 1].rank : i + 1
        }
        return sorted
    }
}
