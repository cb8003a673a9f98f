/// Checks that span records and files: duplicate ids, references to unknown firms,
/// the risk model's weights, coverage and scenarios.
enum SnapshotValidator {
    static func validate(companies: [Company], ipos: [IPO], events: [PolicyEvent], risk: RiskModel?) -> [SnapshotProblem] {
        var problems: [SnapshotProblem] = []
        func duplicates(_ ids: [String], file: String, kind: String) {
            var seen: Set<String> = []
            for id in ids where !seen.insert(id).inserted {
                problems.append(SnapshotProblem(file: file, record: id, field: "id", kind: .duplicateId,
                                                message: "duplicate \(kind) id \"\(id)\""))
            }
        }
        duplicates(companies.map(\.id), file: SnapshotFile.companies.rawValue, kind: "company")
        duplicates(ipos.map(\.id), file: SnapshotFile.ipos.rawValue, kind: "IPO")
        duplicates(events.map(\.id), file: SnapshotFile.policies.rawValue, kind: "event")

        let known = Set(companies.map(\.id))
        func reference(_ id: String, file: SnapshotFile, record: String, field: String) {
            if !known.contains(id) {
                problems.append(SnapshotProblem(file: file.rawValue, record: record, field: field, kind: .unknownReference,
                                                message: "unknown company id \"\(Text.escaped(id, limit: 40))\""))
            }
        }
        for ipo in ipos { reference(ipo.companyId, file: .ipos, record: ipo.id, field: "companyId") }
        for event in events {
            for (i, id) in event.companyIds.enumerated() { reference(id, file: .policies, record: event.id, field: "companyIds[\(i)]") }
        }
        if let risk { problems += validateRisk(risk, known: known, order: companies.map(\.id)) }
        return problems
    }

    static func validateRisk(_ model: RiskModel, known: Set<String>, order: [String]) -> [SnapshotProblem] {
        let file = SnapshotFile.risk.rawValue
        var problems: [SnapshotProblem] = []
        func add(_ record: String?, _ field: String, _ kind: SnapshotProblem.Kind, _ message: String) {
            problems.append(SnapshotProblem(file: file, record: record, field: field, kind: kind, message: message))
        }
        let factorIds = model.factors.map(\.id)
        var seen: Set<String> = []
        for id in factorIds where !seen.insert(id).inserted { add("factor \(id)", "id", .duplicateId, "duplicate factor id \"\(id)\"") }
        let total = model.factors.reduce(0) { $0 + $1.weight }
        if !model.factors.isEmpty && abs(total - 1) > 1e-6 {
            add(nil, "factors[].weight", .invalidValue, "weights must sum to 1 (they sum to \(String(format: "%.4f", total)))")
        }
        let factorSet = Set(factorIds)
        var assessed: Set<String> = []
        for assessment in model.assessments {
            let record = assessment.companyId
            if !known.contains(record) { add(record, "companyId", .unknownReference, "unknown company id \"\(Text.escaped(record, limit: 40))\"") }
            if !assessed.insert(record).inserted { add(record, "companyId", .duplicateId, "firm assessed twice") }
            for key in assessment.values.keys.sorted() where !factorSet.contains(key) {
                add(record, "values.\(key)", .unknownReference, "unknown factor \"\(Text.escaped(key, limit: 40))\"")
            }
            for factor in factorIds where assessment.values[factor] == nil {
                add(record, "values.\(factor)", .missingField, "no value for factor \"\(factor)\" (use null for unknown)")
            }
        }
        for id in order where !assessed.contains(id) {
            add(id, "assessments", .missingField, "no risk assessment for this firm (every firm needs one; use null values for unknowns)")
        }
        var scenarioIds: Set<String> = []
        for scenario in model.scenarios {
            let record = "scenario \(scenario.id)"
            if !scenarioIds.insert(scenario.id).inserted { add(record, "id", .duplicateId, "duplicate scenario id \"\(scenario.id)\"") }
            for (i, adjustment) in scenario.adjustments.enumerated() {
                if !factorSet.contains(adjustment.factor) {
                    add(record, "adjustments[\(i)].factor", .unknownReference, "unknown factor \"\(Text.escaped(adjustment.factor, limit: 40))\"")
                }
                for (j, id) in (adjustment.companyIds ?? []).enumerated() where !known.contains(id) {
                    add(record, "adjustments[\(i)].companyIds[\(j)]", .unknownReference, "unknown company id \"\(Text.escaped(id, limit: 40))\"")
                }
            }
        }
        if !model.scenarios.isEmpty && !scenarioIds.contains(RiskScenario.baselineID) {
            add(nil, "scenarios", .missingField, "no \"baseline\" scenario")
        }
        return problems
    }
}
