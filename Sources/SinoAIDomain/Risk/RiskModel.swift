/// The export-control risk model: documented factors with weights, per-firm values
/// (analyst judgements anchored on sourced facts) and scenarios that adjust them.
public struct RiskModel: Sendable, Hashable {
    public var description: String
    /// The value assumed for an unknown factor; the score reports how much rests on it.
    public var unknownValue: Double
    public var factors: [RiskFactor]
    public var assessments: [RiskAssessment]
    public var scenarios: [RiskScenario]

    public init(description: String, unknownValue: Double, factors: [RiskFactor], assessments: [RiskAssessment],
                scenarios: [RiskScenario]) {
        self.description = description; self.unknownValue = unknownValue; self.factors = factors
        self.assessments = assessments; self.scenarios = scenarios
    }

    /// Limits that keep scoring cheap whatever a file says (the real model has 7
    /// factors and a few adjustments per scenario).
    public static let maximumFactors = 64
    public static let maximumAdjustments = 1_000

    /// Whether scoring is bounded by what the file holds: within the limits, and every
    /// firm's values present (so a firms × factors table is no larger than the values
    /// read). Scores may then be built before the cross-file checks finish.
    var isBoundedForScoring: Bool {
        guard factors.count <= Self.maximumFactors,
              scenarios.allSatisfy({ $0.adjustments.count <= Self.maximumAdjustments }) else { return false }
        let (cells, overflow) = assessments.count.multipliedReportingOverflow(by: factors.count)
        return !overflow && cells <= assessments.reduce(0) { $0 + $1.values.count }
    }

    public static let empty = RiskModel(description: "", unknownValue: 0.5, factors: [], assessments: [], scenarios: [])

    public func scenario(named id: String) -> RiskScenario? { scenarios.first { $0.id == id } }
}

/// One named factor of exposure to US controls.
public struct RiskFactor: Sendable, Hashable, Identifiable {
    public var id: String
    public var code: String
    public var name: String
    public var definition: String
    public var scale: String
    public var weight: Double

    public init(id: String, code: String, name: String, definition: String, scale: String, weight: Double) {
        self.id = id; self.code = code; self.name = name; self.definition = definition; self.scale = scale; self.weight = weight
    }
}

/// A firm's value for one factor, with the reason for it.
public struct FactorValue: Sendable, Hashable {
    /// 0…1, or nil when unknown.
    public var value: Double?
    public var rationale: String
    public var provenance: Provenance

    public init(value: Double?, rationale: String, provenance: Provenance) {
        self.value = value; self.rationale = rationale; self.provenance = provenance
    }
}

/// A firm's values for every factor.
public struct RiskAssessment: Sendable, Hashable {
    public var companyId: String
    public var values: FactorValues

    public init(companyId: String, values: FactorValues) {
        self.companyId = companyId; self.values = values
    }
}

/// A firm's factor values by factor id, in file order. A short array rather than a
/// dictionary: a model has a handful of factors and a snapshot may assess 100 000
/// firms, where a hash table per firm costs several times the values it holds.
public struct FactorValues: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    private struct Entry: Sendable, Hashable {
        var id: String
        var value: FactorValue
    }

    private var entries: [Entry] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, FactorValue)...) {
        for (id, value) in elements { self[id] = value }
    }

    /// The value for a factor id; setting replaces an existing one in place.
    public subscript(id: String) -> FactorValue? {
        get { entries.first { $0.id == id }?.value }
        set {
            if let i = entries.firstIndex(where: { $0.id == id }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append(Entry(id: id, value: newValue))
            }
        }
    }

    /// Factor ids in file order.
    public var keys: [String] { entries.map(\.id) }
    public var count: Int { entries.count }

    /// Whether the ids are exactly `ids`, in that order (the usual case, checked
    /// without hashing: the factors' own ids compare as stored).
    func hasKeys(exactly ids: [String]) -> Bool {
        entries.count == ids.count && entries.indices.allSatisfy { entries[$0].id == ids[$0] }
    }

    /// The number at a position (file order); nil when unknown.
    func number(at position: Int) -> Double? { entries[position].value.value }

    /// Adds a value without looking for an earlier one with the same id (the decoder
    /// has reported repeated keys already; a map may be huge in a hostile file).
    mutating func append(id: String, value: FactorValue) { entries.append(Entry(id: id, value: value)) }
}

/// A what-if: adjustments applied to factor values.
public struct RiskScenario: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var description: String
    public var adjustments: [Adjustment]

    public static let baselineID = "baseline"

    public struct Adjustment: Sendable, Hashable {
        public enum Operation: String, Sendable, CaseIterable { case add, set }
        public var factor: String
        /// nil: every firm.
        public var companyIds: [String]?
        public var operation: Operation
        public var value: Double
        public var rationale: String

        public init(factor: String, companyIds: [String]?, operation: Operation, value: Double, rationale: String) {
            self.factor = factor; self.companyIds = companyIds; self.operation = operation
            self.value = value; self.rationale = rationale
        }

        public func applies(to companyId: String) -> Bool { companyIds?.contains(companyId) ?? true }
    }

    public init(id: String, name: String, description: String, adjustments: [Adjustment]) {
        self.id = id; self.name = name; self.description = description; self.adjustments = adjustments
    }
}
