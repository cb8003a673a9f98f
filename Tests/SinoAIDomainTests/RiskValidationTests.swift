import XCTest
@testable import SinoAIDomain

/// The risk model's checks, through the loader on a broken copy of the minimal fixture.
final class RiskValidationTests: XCTestCase {
    private let risk = "risk.json"

    func testWeightsMustSumToOne() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.risk, #""weight": 0.2"#, with: #""weight": 0.25"#)
        let problems = copy.problems()
        assertProblem(problems, kind: .invalidValue, file: risk, record: nil, field: "factors[].weight", messageContains: "1.0500")
        XCTAssertEqual(problems.count, 1, "\(problems)")
    }

    func testWeightMustBePositive() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.risk, #""weight": 0.2"#, with: #""weight": 0"#)
        assertProblem(copy.problems(), kind: .outOfRange, file: risk, record: "factor f-hbm", field: "weight")
        let negative = try MutableSnapshot()
        try negative.replace(.risk, #""weight": 0.2"#, with: #""weight": -0.2"#)
        assertProblem(negative.problems(), kind: .outOfRange, file: risk, record: "factor f-hbm", field: "weight",
                      messageContains: "positive")
    }

    func testFactorValueMustBeWithinZeroOne() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.risk, #""f-el": {"value": 1,"#, with: #""f-el": {"value": 1.5,"#)
        assertProblem(copy.problems(), kind: .outOfRange, file: risk, record: "test-lab-a", field: "values.f-el.value",
                      messageContains: "1.5")
        let negative = try MutableSnapshot()
        try negative.replace(.risk, #""f-gpu": {"value": 0.6,"#, with: #""f-gpu": {"value": -0.1,"#)
        assertProblem(negative.problems(), kind: .outOfRange, file: risk, record: "test-app-c", field: "values.f-gpu.value")
    }

    func testUnknownValueMustBeWithinZeroOne() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.risk, #""unknownValue": 0.5"#, with: #""unknownValue": 2"#)
        assertProblem(copy.problems(), kind: .outOfRange, file: risk, record: nil, field: "unknownValue")
    }

    func testUnknownFactorInValues() throws {
        let copy = try MutableSnapshot()
        try copy.set(.risk, ["assessments", 1, "values", "f-tpu"],
                     to: .object(["value": .null, "rationale": .string("typo of a factor id")]))
        assertProblem(copy.problems(), kind: .unknownReference, file: risk, record: "test-chip-b", field: "values.f-tpu",
                      messageContains: "f-tpu")
    }

    func testUnknownCompanyInAssessments() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.risk, #""companyId": "test-app-c""#, with: #""companyId": "ghost-firm""#)
        assertProblem(copy.problems(), kind: .unknownReference, file: risk, record: "ghost-firm", field: "companyId",
                      messageContains: "ghost-firm")
    }

    func testFirmAssessedTwice() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.risk, #""companyId": "test-app-c""#, with: #""companyId": "test-lab-a""#)
        assertProblem(copy.problems(), kind: .duplicateId, file: risk, record: "test-lab-a", field: "companyId")
    }

    func testScenarioNamingAnUnknownFactor() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.risk, #"{"factor": "f-hbm", "op": "add""#, with: #"{"factor": "f-hmb", "op": "add""#)
        assertProblem(copy.problems(), kind: .unknownReference, file: risk, record: "scenario tighten",
                      field: "adjustments[1].factor", messageContains: "f-hmb")
    }

    func testScenarioNamingAnUnknownCompany() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.risk, #""companyIds": ["test-app-c"]"#, with: #""companyIds": ["test-app-c", "ghost-firm"]"#)
        assertProblem(copy.problems(), kind: .unknownReference, file: risk, record: "scenario tighten",
                      field: "adjustments[0].companyIds[1]", messageContains: "ghost-firm")
    }

    func testScenarioValueOutOfRangeForItsOperation() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.risk, #""op": "set", "value": 0.7"#, with: #""op": "set", "value": 1.2"#)
        assertProblem(copy.problems(), kind: .outOfRange, file: risk, record: "scenario tighten", field: "adjustments[0].value")
    }

    func testUnknownScenarioOperation() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.risk, #""op": "set""#, with: #""op": "multiply""#)
        assertProblem(copy.problems(), kind: .unknownEnumValue, file: risk, record: "scenario tighten", field: "adjustments[0].op")
    }

    func testMissingFactorValue() throws {
        let copy = try MutableSnapshot()
        try copy.remove(.risk, ["assessments", 0, "values", "f-hbm"])
        assertProblem(copy.problems(), kind: .missingField, file: risk, record: "test-lab-a", field: "values.f-hbm",
                      messageContains: "null for unknown")
    }

    func testFactorValueWithoutTheValueKey() throws {
        let copy = try MutableSnapshot()
        try copy.remove(.risk, ["assessments", 2, "values", "f-hbm", "value"])
        assertProblem(copy.problems(), kind: .missingField, file: risk, record: "test-app-c", field: "values.f-hbm.value")
    }

    func testKnownValueNeedsSources() throws {
        let copy = try MutableSnapshot()
        try copy.remove(.risk, ["assessments", 0, "values", "f-gpu", "sources"])
        assertProblem(copy.problems(), kind: .missingSources, file: risk, record: "test-lab-a", field: "values.f-gpu.sources")
    }

    func testMissingBaselineScenario() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.risk, #""id": "baseline""#, with: #""id": "base""#)
        assertProblem(copy.problems(), kind: .missingField, file: risk, record: nil, field: "scenarios", messageContains: "baseline")
    }

    func testDuplicateFactorAndScenarioIds() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.risk, #""id": "loosen""#, with: #""id": "tighten""#)
        try copy.replace(.risk, #"{"id": "f-hbm""#, with: #"{"id": "f-gpu""#)
        let problems = copy.problems()
        assertProblem(problems, kind: .duplicateId, file: risk, record: "scenario tighten", field: "id")
        assertProblem(problems, kind: .duplicateId, file: risk, record: "factor f-gpu", field: "id")
    }

    // MARK: Hostile sizes: bounded work and bounded reports

    /// 100 factors with no values for them: over the limit, and each firm's missing
    /// factors are listed five at a time with a count, not one line each.
    func testTooManyFactorsAndMissingValuesAreReportedCompactly() throws {
        let copy = try MutableSnapshot()
        let extra = (0..<97).map {
            #"{"id": "x\#($0)", "code": "X", "name": "X", "definition": "X", "scale": "X", "weight": 0.001}"#
        }.joined(separator: ",\n    ")
        try copy.replace(.risk, #""weight": 0.2}"#, with: #""weight": 0.2},\#n    "# + extra)
        let problems = copy.problems()
        assertProblem(problems, kind: .outOfRange, file: risk, record: nil, field: "factors", messageContains: "at most 64")
        let missing = problems.filter { $0.kind == .missingField && $0.record == "test-lab-a" }
        XCTAssertEqual(missing.count, 6, "five named and a count: \(missing)")
        XCTAssertTrue(missing.contains { $0.message.contains("92 more factors") }, "\(missing)")
    }

    /// A scenario with more adjustments than the limit is refused (scoring stays cheap).
    func testTooManyAdjustmentsInAScenario() throws {
        let copy = try MutableSnapshot()
        let many = Array(repeating: #"{"factor": "f-hbm", "op": "add", "value": 0, "rationale": "r"}"#, count: 1_001)
            .joined(separator: ", ")
        try copy.replace(.risk, #""description": "No change.", "adjustments": []"#,
                         with: #""description": "No change.", "adjustments": ["# + many + "]")
        assertProblem(copy.problems(), kind: .outOfRange, file: risk, record: "scenario baseline", field: "adjustments",
                      messageContains: "at most 1000")
    }

    /// 50 000 unknown factors in one firm's values: read in linear time, reported as five
    /// and a count.
    func testHugeValuesMapIsLinearAndReportedCompactly() throws {
        let copy = try MutableSnapshot()
        let keys = (0..<50_000).map { #""k\#($0)": {"value": null, "rationale": "r"}"# }.joined(separator: ", ")
        try copy.replace(.risk, #""f-el": {"value": 1, "rationale": "Listed (fake)""#,
                         with: keys + #", "f-el": {"value": 1, "rationale": "Listed (fake)""#)
        let problems = copy.problems().filter { $0.kind == .unknownReference && $0.record == "test-lab-a" }
        XCTAssertEqual(problems.count, 6, "\(problems.prefix(8))")
        XCTAssertTrue(problems.contains { $0.message.contains("49995 more unknown factors") })
    }
}
