import XCTest
@testable import SinoAIDomain

final class RiskScorerTests: XCTestCase {
    private let accuracy = 1e-9

    // MARK: A hand-built model

    private static let factors = [
        RiskFactor(id: "a", code: "A", name: "Factor A", definition: "", scale: "", weight: 0.5),
        RiskFactor(id: "b", code: "B", name: "Factor B", definition: "", scale: "", weight: 0.3),
        RiskFactor(id: "c", code: "C", name: "Factor C", definition: "", scale: "", weight: 0.2),
    ]

    private static func assessment(_ id: String, _ a: Double?, _ b: Double?, _ c: Double?) -> RiskAssessment {
        func value(_ v: Double?) -> FactorValue {
            FactorValue(value: v, rationale: "test", provenance: Provenance(confidence: .unverified, sources: []))
        }
        return RiskAssessment(companyId: id, values: ["a": value(a), "b": value(b), "c": value(c)])
    }

    private static func model(_ assessments: [RiskAssessment], unknownValue: Double = 0.5) -> RiskModel {
        RiskModel(description: "test", unknownValue: unknownValue, factors: factors, assessments: assessments, scenarios: [])
    }

    private static func scenario(_ adjustments: [RiskScenario.Adjustment]) -> RiskScenario {
        RiskScenario(id: "what-if", name: "What if", description: "", adjustments: adjustments)
    }

    private static func adjust(_ factor: String, _ op: RiskScenario.Adjustment.Operation, _ value: Double,
                               for ids: [String]? = nil) -> RiskScenario.Adjustment {
        RiskScenario.Adjustment(factor: factor, companyIds: ids, operation: op, value: value, rationale: "test")
    }

    private func score(_ id: String, in scores: [RiskScore], file: StaticString = #filePath, line: UInt = #line) throws -> RiskScore {
        try XCTUnwrap(scores.first { $0.companyId == id }, "no score for \(id)", file: file, line: line)
    }

    // MARK: Arithmetic

    func testScoreIsWeightedSumWithUnknownAtUnknownValue() throws {
        let model = Self.model([Self.assessment("x", 1, 0.5, nil)])
        let x = try score("x", in: RiskScorer.score(model))
        // 0.5 × 1 × 100 + 0.3 × 0.5 × 100 + 0.2 × 0.5 (unknown) × 100 = 50 + 15 + 10.
        XCTAssertEqual(x.score, 75, accuracy: accuracy)
        XCTAssertEqual(x.contributions.map(\.factorId), ["a", "b", "c"])
        XCTAssertEqual(x.contributions[0].points, 50, accuracy: accuracy)
        XCTAssertEqual(x.contributions[1].points, 15, accuracy: accuracy)
        XCTAssertEqual(x.contributions[2].points, 10, accuracy: accuracy)
        XCTAssertEqual(x.contributions.map(\.isUnknown), [false, false, true])
        XCTAssertNil(x.contributions[2].value)
        XCTAssertEqual(x.contributions[2].effectiveValue, 0.5)
        XCTAssertEqual(x.unknownShare, 0.2, accuracy: accuracy)
        XCTAssertEqual(x.deltaVsBaseline, 0)
        XCTAssertEqual(x.rank, 1)
    }

    func testUnknownValueOfTheModelIsUsed() throws {
        let model = Self.model([Self.assessment("x", nil, nil, 1)], unknownValue: 0.25)
        let x = try score("x", in: RiskScorer.score(model))
        XCTAssertEqual(x.score, 0.5 * 25 + 0.3 * 25 + 20, accuracy: accuracy)
        XCTAssertEqual(x.unknownShare, 0.8, accuracy: accuracy)
    }

    func testAMissingFactorValueCountsAsUnknown() throws {
        var assessment = Self.assessment("x", 1, 1, 1)
        assessment.values["b"] = nil
        let x = try score("x", in: RiskScorer.score(Self.model([assessment])))
        XCTAssertEqual(x.score, 50 + 15 + 20, accuracy: accuracy)
        XCTAssertEqual(x.unknownShare, 0.3, accuracy: accuracy)
    }

    func testContributionsSumToTheScore() {
        let model = Self.model([
            Self.assessment("p", 0.13, 0.77, nil), Self.assessment("q", nil, nil, nil),
            Self.assessment("r", 0.9, 0.05, 0.61), Self.assessment("s", 0, 0, 0),
        ])
        for s in RiskScorer.score(model) {
            XCTAssertEqual(s.contributions.reduce(0) { $0 + $1.points }, s.score, accuracy: accuracy, s.companyId)
            XCTAssertTrue((0...100).contains(s.score), s.companyId)
        }
        XCTAssertEqual(RiskScorer.score(model).first { $0.companyId == "q" }?.score ?? -1, 50, accuracy: accuracy)
        XCTAssertEqual(RiskScorer.score(model).first { $0.companyId == "s" }?.score ?? -1, 0, accuracy: accuracy)
    }

    func testTopContributionsAreLargestKnownFirst() throws {
        let x = try score("x", in: RiskScorer.score(Self.model([Self.assessment("x", 0.1, 1, nil)])))
        // a = 5, b = 30, c = 10 (unknown): known before unknown, largest first.
        XCTAssertEqual(x.topContributions.map(\.factorId), ["b", "a", "c"])
    }

    // MARK: Ranking

    func testTiesShareARankAndAreOrderedById() {
        let model = Self.model([
            Self.assessment("zeta", 1, 0, 0.5),   // 50 + 0 + 10 = 60
            Self.assessment("low", 0, 1, 0.5),    // 0 + 30 + 10 = 40
            Self.assessment("top", 1, 1, 0.5),    // 50 + 30 + 10 = 90
            Self.assessment("alpha", 0.6, 1, 0),  // 30 + 30 + 0 = 60
        ])
        let scores = RiskScorer.score(model)
        XCTAssertEqual(scores.map(\.companyId), ["top", "alpha", "zeta", "low"])
        XCTAssertEqual(scores.map(\.rank), [1, 2, 2, 4])
    }

    func testFloatingNoiseDoesNotSplitATie() {
        // 0.1 + 0.2 style noise: both are 30 when shown, so they tie.
        let model = Self.model([Self.assessment("b-firm", 0.6, 0, 0), Self.assessment("a-firm", 0.2, 0.6, 0.1)])
        let scores = RiskScorer.score(model)
        XCTAssertEqual(scores.map(\.rank), [1, 1])
        XCTAssertEqual(scores.map(\.companyId), ["a-firm", "b-firm"])
    }

    func testScoresOneStepApartAreNotTied() {
        let model = Self.model([Self.assessment("a", 0.5, 0, 0), Self.assessment("b", 0.502, 0, 0)])
        let scores = RiskScorer.score(model)
        XCTAssertEqual(scores.map(\.companyId), ["b", "a"])
        XCTAssertEqual(scores.map(\.rank), [1, 2])
    }

    // MARK: Scenarios

    func testSetReplacesTheValueForNamedFirmsOnly() throws {
        let model = Self.model([Self.assessment("x", 1, 0.5, nil), Self.assessment("y", 1, 0.5, nil)])
        let scores = RiskScorer.score(model, scenario: Self.scenario([Self.adjust("a", .set, 0.2, for: ["x"])]))
        let x = try score("x", in: scores), y = try score("y", in: scores)
        XCTAssertEqual(x.score, 10 + 15 + 10, accuracy: accuracy)
        XCTAssertEqual(x.contributions[0].value ?? -1, 0.2, accuracy: accuracy)
        XCTAssertEqual(x.deltaVsBaseline, -40, accuracy: accuracy)
        XCTAssertEqual(y.score, 75, accuracy: accuracy, "adjustments are limited to companyIds")
        XCTAssertEqual(y.deltaVsBaseline, 0, accuracy: accuracy)
        XCTAssertEqual(scores.map(\.companyId), ["y", "x"], "re-ranked under the scenario")
    }

    func testAddWithoutCompanyIdsAppliesToEveryFirm() throws {
        let model = Self.model([Self.assessment("x", 0.2, 0, 0), Self.assessment("y", 0.4, 0, 0)])
        let scores = RiskScorer.score(model, scenario: Self.scenario([Self.adjust("a", .add, 0.3)]))
        XCTAssertEqual(try score("x", in: scores).score, 25, accuracy: accuracy)
        XCTAssertEqual(try score("y", in: scores).score, 35, accuracy: accuracy)
        XCTAssertEqual(try score("x", in: scores).deltaVsBaseline, 15, accuracy: accuracy)
        XCTAssertEqual(try score("y", in: scores).deltaVsBaseline, 15, accuracy: accuracy)
    }

    func testValuesAreClampedToZeroOne() throws {
        let model = Self.model([Self.assessment("x", 0.8, 0.3, 0.5)])
        let scenario = Self.scenario([Self.adjust("a", .add, 0.5), Self.adjust("b", .add, -0.9), Self.adjust("c", .set, 1.7)])
        let x = try score("x", in: RiskScorer.score(model, scenario: scenario))
        XCTAssertEqual(x.contributions.map(\.effectiveValue), [1, 0, 1])
        XCTAssertEqual(x.score, 50 + 0 + 20, accuracy: accuracy)
        XCTAssertEqual(x.contributions.map(\.value), [1, 0, 1])
    }

    func testAddOnAnUnknownValueMovesItButKeepsItUnknown() throws {
        let model = Self.model([Self.assessment("x", 1, 0.5, nil)])
        let x = try score("x", in: RiskScorer.score(model, scenario: Self.scenario([Self.adjust("c", .add, 0.3)])))
        XCTAssertNil(x.contributions[2].value, "still unknown")
        XCTAssertTrue(x.contributions[2].isUnknown)
        XCTAssertEqual(x.contributions[2].effectiveValue, 0.8, accuracy: accuracy)
        XCTAssertEqual(x.contributions[2].points, 16, accuracy: accuracy)
        XCTAssertEqual(x.unknownShare, 0.2, accuracy: accuracy, "the factor still counts as unknown")
        XCTAssertEqual(x.score, 81, accuracy: accuracy)
        XCTAssertEqual(x.deltaVsBaseline, 6, accuracy: accuracy)
    }

    func testSetOnAnUnknownValueMakesItKnown() throws {
        let model = Self.model([Self.assessment("x", 1, 0.5, nil)])
        let x = try score("x", in: RiskScorer.score(model, scenario: Self.scenario([Self.adjust("c", .set, 1)])))
        XCTAssertEqual(x.contributions[2].value, 1)
        XCTAssertEqual(x.unknownShare, 0, accuracy: accuracy)
        XCTAssertEqual(x.score, 85, accuracy: accuracy)
    }

    func testAdjustmentsApplyInOrder() throws {
        let model = Self.model([Self.assessment("x", 0, 0, 0)])
        let setThenAdd = Self.scenario([Self.adjust("a", .set, 0.5), Self.adjust("a", .add, 0.2)])
        let addThenSet = Self.scenario([Self.adjust("a", .add, 0.2), Self.adjust("a", .set, 0.5)])
        XCTAssertEqual(try score("x", in: RiskScorer.score(model, scenario: setThenAdd)).score, 35, accuracy: accuracy)
        XCTAssertEqual(try score("x", in: RiskScorer.score(model, scenario: addThenSet)).score, 25, accuracy: accuracy)
    }

    func testAdjustmentOfAnUnknownFactorIsIgnored() throws {
        let model = Self.model([Self.assessment("x", 1, 0.5, nil)])
        let x = try score("x", in: RiskScorer.score(model, scenario: Self.scenario([Self.adjust("zz", .set, 1)])))
        XCTAssertEqual(x.score, 75, accuracy: accuracy)
        XCTAssertEqual(x.contributions.count, 3)
    }

    func testBaselineAndEmptyScenariosHaveNoDelta() {
        let model = Self.model([Self.assessment("x", 1, 0.5, nil)])
        let baseline = RiskScenario(id: RiskScenario.baselineID, name: "Baseline", description: "", adjustments: [])
        for scores in [RiskScorer.score(model), RiskScorer.score(model, scenario: baseline)] {
            XCTAssertEqual(scores.map(\.deltaVsBaseline), [0])
            XCTAssertEqual(scores.first?.score ?? -1, 75, accuracy: accuracy)
        }
    }

    // MARK: Through a loaded snapshot

    func testFixtureScenarioScores() throws {
        let snapshot = try Fixtures.loadValid(Fixtures.minimal)
        func summary(_ scenario: String) -> [String] {
            snapshot.riskScores(scenario: scenario).map {
                "\($0.rank) \($0.companyId) \(String(format: "%.2f", $0.score)) \(String(format: "%+.2f", $0.deltaVsBaseline))"
            }
        }
        XCTAssertEqual(summary("baseline"), ["1 test-lab-a 75.00 +0.00", "2 test-chip-b 66.00 +0.00", "3 test-app-c 28.00 +0.00"])
        XCTAssertEqual(summary("tighten"), ["1 test-lab-a 77.00 +2.00", "2 test-chip-b 68.00 +2.00", "3 test-app-c 65.00 +37.00"])
        XCTAssertEqual(summary("loosen"), ["1 test-lab-a 69.00 -6.00", "2 test-chip-b 60.00 -6.00", "3 test-app-c 22.00 -6.00"])
        XCTAssertEqual(snapshot.riskScore("test-chip-b")?.unknownShare ?? -1, 0.3, accuracy: accuracy)
        XCTAssertNil(snapshot.riskScore("test-lab-a", scenario: "no-such-scenario"))
        // test-chip-b's GPU value is unknown; loosen moves it from 0.5 to 0.3 and it stays unknown.
        let loosened = try XCTUnwrap(snapshot.riskScore("test-chip-b", scenario: "loosen"))
        XCTAssertTrue(loosened.contributions[1].isUnknown)
        XCTAssertEqual(loosened.contributions[1].effectiveValue, 0.3, accuracy: accuracy)
    }
}

final class RiskScoreAllTests: XCTestCase {
    /// The snapshot's compact tables agree with scoring each scenario on its own, and
    /// summaries with full scores.
    func testSnapshotScoresMatchPerScenarioScoring() {
        let snapshot: Snapshot
        switch SnapshotLoader.load(from: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Data")) {
        case .success(let loaded): snapshot = loaded
        case .failure(let error): return XCTFail("\(error)")
        }
        XCTAssertFalse(snapshot.riskModel.scenarios.isEmpty)
        for scenario in snapshot.riskModel.scenarios {
            let scores = Array(snapshot.riskScores(scenario: scenario.id))
            XCTAssertEqual(scores, RiskScorer.score(snapshot.riskModel, scenario: scenario), scenario.id)
            XCTAssertEqual(snapshot.riskSummaries(scenario: scenario.id).map(\.score), scores.map(\.score), scenario.id)
            XCTAssertEqual(snapshot.riskSummaries(scenario: scenario.id).map(\.rank), scores.map(\.rank), scenario.id)
            for score in scores {
                XCTAssertEqual(snapshot.riskScore(score.companyId, scenario: scenario.id), score)
            }
        }
        XCTAssertTrue(Array(snapshot.riskScores(scenario: "no-such-scenario")).isEmpty)
    }

    /// The listing's top factors, kept while scoring, are the breakdown's largest known,
    /// positive contributions in its order, for every firm under every scenario.
    func testListingTopFactorsMatchTheBreakdowns() {
        guard case .success(let snapshot) = SnapshotLoader.load(from: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Data")) else { return XCTFail("load") }
        let factorIndex = Dictionary(uniqueKeysWithValues: snapshot.riskModel.factors.enumerated().map { ($1.id, $0) })
        var compared = 0
        for scenario in snapshot.scenarioIDs {
            let listing = snapshot.riskListing(scenario: scenario)
            let scores = Array(snapshot.riskScores(scenario: scenario))
            XCTAssertEqual(listing.map(\.summary.companyId), scores.map(\.companyId), scenario)
            for (entry, score) in zip(listing, scores) {
                let expected = score.topContributions.filter { !$0.isUnknown && $0.points > 0 }.prefix(3)
                XCTAssertEqual(entry.topFactors.map(\.factor), expected.map { factorIndex[$0.factorId]! }, "\(scenario) \(score.companyId)")
                XCTAssertEqual(entry.topFactors.map(\.points), expected.map(\.points), "\(scenario) \(score.companyId)")
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 50)
    }

    /// Ties keep factor order and a fourth contribution never displaces a larger one.
    func testTopFactorsKeepTheLargestThreeWithTiesInFactorOrder() {
        let factors = (0..<5).map { RiskFactor(id: "f\($0)", code: "F\($0)", name: "", definition: "", scale: "", weight: 0.2) }
        var values = FactorValues()
        for (f, v) in zip(factors, [0.5, 0.9, 0.5, 0.0, 0.7]) {
            values[f.id] = FactorValue(value: v, rationale: "", provenance: Provenance(confidence: .confirmed, sources: []))
        }
        let model = RiskModel(description: "", unknownValue: 0.5, factors: factors,
                              assessments: [RiskAssessment(companyId: "a", values: values)], scenarios: [])
        let table = RiskScorer.table(model, scenario: nil, baseline: nil)
        XCTAssertEqual(table.topFactors(at: 0).map(\.factor), [1, 4, 0], "18, 14, then the first of two 10s; 0 points never")
    }
}

final class FactorValuesTests: XCTestCase {
    private func value(_ v: Double?) -> FactorValue {
        FactorValue(value: v, rationale: "r", provenance: Provenance(confidence: .unverified, sources: []))
    }

    func testKeepsFileOrderAndReplacesInPlace() {
        var values: FactorValues = ["b": value(0.2), "a": value(0.1)]
        values["c"] = value(0.3)
        values["b"] = value(0.9)
        XCTAssertEqual(values.keys, ["b", "a", "c"])
        XCTAssertEqual(values["b"]?.value, 0.9)
        XCTAssertNil(values["z"])
        values["a"] = nil
        XCTAssertEqual(values.keys, ["b", "c"])
        XCTAssertEqual(values.count, 2)
    }
}
