/// Checks that span records and files: duplicate ids, references to unknown firms,
/// the risk model's weights, coverage and scenarios.
enum SnapshotValidator {
    /// `companies` nil: companies.json could not be read, so references to firms are not
    /// checked (every one would be reported, burying the one problem that matters).
    static func validate(companies: [Company]?, ipos: [IPO], events: [PolicyEvent], risk: RiskModel?) -> [SnapshotProblem] {
        var problems: [SnapshotProblem] = []
        // By index, not `map(\.id)`: that copies every whole record to read one field.
        func ids(_ count: Int, file: String, kind: String, _ id: (Int) -> String) -> Set<String> {
            var seen: Set<String> = []
            seen.reserveCapacity(count)
            for i in 0..<count where !seen.insert(id(i)).inserted {
                problems.append(SnapshotProblem(file: file, record: id(i), field: "id", kind: .duplicateId,
                                                message: "duplicate \(kind) id \"\(id(i))\""))
            }
            return seen
        }
        _ = ids(ipos.count, file: SnapshotFile.ipos.rawValue, kind: "IPO") { ipos[$0].id }
        _ = ids(events.count, file: SnapshotFile.policies.rawValue, kind: "event") { events[$0].id }
        guard let companies else {
            if let risk { problems += validateRisk(risk, known: nil, companies: []) }
            return problems
        }
        let known = ids(companies.count, file: SnapshotFile.companies.rawValue, kind: "company") { companies[$0].id }

        func reference(_ id: String, file: SnapshotFile, record: String, field: String) {
            if !known.contains(id) {
                problems.append(SnapshotProblem(file: file.rawValue, record: record, field: field, kind: .unknownReference,
                                                message: "unknown company id \"\(Text.escaped(id, limit: 40))\""))
            }
        }
        for i in ipos.indices { reference(ipos[i].companyId, file: .ipos, record: ipos[i].id, field: "companyId") }
        for i in events.indices {
            for (j, id) in events[i].companyIds.enumerated() { reference(id, file: .policies, record: events[i].id, field: "companyIds[\(j)]") }
        }
        if let risk { problems += validateRisk(risk, known: known, companies: companies) }
        return problems
    }

    /// `known` nil: the firms are unknown (companies.json could not be read); firm
    /// references and coverage are not checked.
    static func validateRisk(_ model: RiskModel, known: Set<String>?, companies: [Company]) -> [SnapshotProblem] {
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
        if model.factors.count > RiskModel.maximumFactors {
            add(nil, "factors", .outOfRange, "\(model.factors.count) factors; a model has at most \(RiskModel.maximumFactors)")
        }
        let factorSet = Set(factorIds)
        var assessed: Set<String> = []
        assessed.reserveCapacity(model.assessments.count)
        for i in model.assessments.indices {
            let record = model.assessments[i].companyId
            let values = model.assessments[i].values
            if let known, !known.contains(record) {
                add(record, "companyId", .unknownReference, "unknown company id \"\(Text.escaped(record, limit: 40))\"")
            }
            if !assessed.insert(record).inserted { add(record, "companyId", .duplicateId, "firm assessed twice") }
            // Usually the factors in the model's own order: nothing to look up.
            if values.hasKeys(exactly: factorIds) { continue }
            // A few of each per firm, then a count: a broken file must not become millions of lines.
            let unknown = values.keys.filter { !factorSet.contains($0) }.sorted()
            for key in unknown.prefix(5) {
                add(record, "values.\(key)", .unknownReference, "unknown factor \"\(Text.escaped(key, limit: 40))\"")
            }
            if unknown.count > 5 { add(record, "values", .unknownReference, "and \(unknown.count - 5) more unknown factors") }
            let present = Set(values.keys)
            let missing = factorIds.filter { !present.contains($0) }
            for factor in missing.prefix(5) {
                add(record, "values.\(factor)", .missingField, "no value for factor \"\(factor)\" (use null for unknown)")
            }
            if missing.count > 5 { add(record, "values", .missingField, "and values for \(missing.count - 5) more factors are missing") }
        }
        for i in companies.indices where !assessed.contains(companies[i].id) {
            add(companies[i].id, "assessments", .missingField, "no risk assessment for this firm (every firm needs one; use null values for unknowns)")
        }
        var scenarioIds: Set<String> = []
        for scenario in model.scenarios {
            let record = "scenario \(scenario.id)"
            if !scenarioIds.insert(scenario.id).inserted { add(record, "id", .duplicateId, "duplicate scenario id \"\(scenario.id)\"") }
            if scenario.adjustments.count > RiskModel.maximumAdjustments {
                add(record, "adjustments", .outOfRange,
                    "\(scenario.adjustments.count) adjustments; a scenario has at most \(RiskModel.maximumAdjustments)")
            }
            for (i, adjustment) in scenario.adjustments.enumerated() {
                if !factorSet.contains(adjustment.factor) {
                    add(record, "adjustments[\(i)].factor", .unknownReference, "unknown factor \"\(Text.escaped(adjustment.factor, limit: 40))\"")
                }
                for (j, id) in (adjustment.companyIds ?? []).enumerated() where !(known?.contains(id) ?? true) {
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
