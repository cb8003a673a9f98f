import Foundation
import XCTest
@testable import SinoAIDomain

/// Loading real and synthetic snapshots, and one test per class of problem the loader
/// reports, each on a copy of the minimal fixture with one thing broken.
final class SnapshotLoaderTests: XCTestCase {
    // MARK: The bundled real snapshot

    func testRealSnapshotLoadsWithoutProblems() throws {
        let snapshot = try Fixtures.loadValid(Fixtures.realData)
        XCTAssertGreaterThanOrEqual(snapshot.companies.count, 25)
        XCTAssertFalse(snapshot.ipos.isEmpty)
        XCTAssertFalse(snapshot.events.isEmpty)
        XCTAssertEqual(snapshot.manifest.schemaVersion, 1)
        XCTAssertTrue(snapshot.scenarioIDs.contains("baseline"))
    }

    func testEveryRealRecordHasAnHTTPSource() throws {
        let snapshot = try Fixtures.loadValid(Fixtures.realData)
        func check(_ provenance: Provenance, _ what: String) {
            XCTAssertFalse(provenance.sources.isEmpty, "\(what) has no sources")
            for source in provenance.sources {
                XCTAssertTrue(source.url.hasPrefix("https://") || source.url.hasPrefix("http://"), "\(what): \(source.url)")
                XCTAssertFalse(source.title.isEmpty, "\(what): a source without a title")
            }
        }
        for company in snapshot.companies { check(company.provenance, "company \(company.id)") }
        for ipo in snapshot.ipos { check(ipo.provenance, "IPO \(ipo.id)") }
        for event in snapshot.events { check(event.provenance, "event \(event.id)") }
    }

    func testRealSnapshotKnownFacts() throws {
        let snapshot = try Fixtures.loadValid(Fixtures.realData)
        let zhipu = try XCTUnwrap(snapshot.company("zhipu-ai"))
        XCTAssertEqual(zhipu.status, .listed)
        XCTAssertTrue(zhipu.listings.contains { $0.ticker == "2513" && $0.exchange == .hkex }, "\(zhipu.listings)")

        let moore = try XCTUnwrap(snapshot.ipos(of: "moore-threads").first)
        let offer = try XCTUnwrap(moore.offerPrice?.value.price)
        XCTAssertEqual(offer, Decimal(string: "114.28", locale: Locale(identifier: "en_US_POSIX")))
        XCTAssertEqual(offer, Decimal(sign: .plus, exponent: -2, significand: 11428), "read as an exact decimal")
        XCTAssertEqual("\(offer)", "114.28")
        XCTAssertEqual(moore.currency.code, "CNY")
    }

    // MARK: The minimal fixture

    func testMinimalFixtureLoads() throws {
        let snapshot = try Fixtures.loadValid(Fixtures.minimal)
        XCTAssertEqual(snapshot.manifest.asOf, CalendarDate(iso: "2026-01-31"))
        XCTAssertEqual(snapshot.companies.map(\.id), ["test-lab-a", "test-chip-b", "test-app-c"])
        XCTAssertEqual(snapshot.ipos.map(\.id), ["test-lab-a-hk", "test-chip-b-star"])
        XCTAssertEqual(snapshot.events.map(\.id), ["us-test-tool-rule", "us-test-listing", "cn-test-fund"], "events sorted by date")
        XCTAssertEqual(snapshot.riskModel.factors.map(\.weight), [0.5, 0.3, 0.2])
        XCTAssertEqual(snapshot.scenarioIDs, ["baseline", "tighten", "loosen"])
    }

    func testMinimalFixtureRecordsAreDecodedFaithfully() throws {
        let snapshot = try Fixtures.loadValid(Fixtures.minimal)
        let a = try XCTUnwrap(snapshot.company("test-lab-a"))
        XCTAssertEqual(a.nameZh, "测试实验室甲")
        XCTAssertEqual(a.segment, .foundationModels)
        XCTAssertEqual(a.founded, CalendarDate(iso: "2019-03"))
        XCTAssertEqual(a.listings.first?.code, "HK:9001")
        XCTAssertEqual(a.fundingRounds.first?.alternatives.first?.amount?.amount, 350_000_000)
        XCTAssertEqual(a.valuations.first?.value.alternatives.count, 1)
        XCTAssertTrue(a.valuations.first?.value.isQuestionable == true)
        XCTAssertTrue(a.entityList.isListed)
        XCTAssertEqual(a.entityList.dateAdded, CalendarDate(iso: "2025-01-15"))
        XCTAssertEqual(a.provenance.sources.count, 2)

        let b = try XCTUnwrap(snapshot.company("test-chip-b"))
        XCTAssertEqual(b.confidence(of: "nameZh"), .unverified)
        XCTAssertEqual(b.confidence(of: "name"), .singleSource)
        XCTAssertFalse(b.entityList.isListed)

        let c = try XCTUnwrap(snapshot.company("test-app-c"))
        XCTAssertNil(c.nameZh)
        XCTAssertEqual(c.latestValuation?.value.value.amount, 800_000_000)
        XCTAssertEqual(c.latestValuation?.value.value.currency.code, "CNY")

        let ipo = try XCTUnwrap(snapshot.ipo("test-lab-a-hk"))
        XCTAssertEqual(ipo.offerPrice?.value.price, 100)
        XCTAssertEqual(ipo.offerPrice?.alternatives.first?.value.price, Decimal(string: "98.5"))
        XCTAssertEqual(ipo.offerPrice?.alternatives.first?.provenance.confidence, .lowConfidence)
        XCTAssertEqual(ipo.amountRaised?.value.amount, 1_500_000_000)
        XCTAssertEqual(ipo.pricePoints.map(\.date.description), ["2025-07-01", "2025-09-01", "2025-12-31"], "sorted by date")
        XCTAssertEqual(ipo.pricePoints.map(\.kind), [.close, .intradayHigh, .close])
        XCTAssertEqual(ipo.latestClose?.price, 250)
        XCTAssertEqual(ipo.percentVsOffer(ipo.firstDayClose?.value), 80)
        // A nested figure without sources inherits its record's.
        XCTAssertEqual(ipo.firstDayOpen?.provenance.sources, ipo.provenance.sources)
        XCTAssertEqual(ipo.pricePoints[1].provenance.sources.first?.url, "https://example.com/lab-a-high")

        let chipIPO = try XCTUnwrap(snapshot.ipo("test-chip-b-star"))
        XCTAssertNil(chipIPO.firstDayOpen?.value.price)
        XCTAssertEqual(chipIPO.percentVsOffer(chipIPO.firstDayOpen?.value), 250, "falls back to the stated change")
        XCTAssertNil(chipIPO.amountRaised)

        let fund = try XCTUnwrap(snapshot.event("cn-test-fund"))
        XCTAssertEqual(fund.jurisdiction, .cn)
        XCTAssertEqual(fund.amount?.value.amount, 300_000_000_000)
        XCTAssertEqual(fund.amount?.alternatives.first?.value.amount, 280_000_000_000)
        XCTAssertEqual(snapshot.events(touching: "test-lab-a").map(\.id), ["us-test-listing"])
        XCTAssertTrue(try XCTUnwrap(snapshot.event("us-test-tool-rule")).isUSControl)

        let unknown = snapshot.riskModel.assessments.first { $0.companyId == "test-chip-b" }?.values["f-gpu"]
        XCTAssertNotNil(unknown)
        XCTAssertNil(unknown?.value, "null is an unknown value")
    }

    // MARK: One test per problem class

    func testMalformedJSONReportsLineAndColumn() throws {
        let copy = try MutableSnapshot()
        // A stray value after a Chinese name: the parser stops at `"oops"`.
        try copy.replace(.companies, #""nameZh": "测试芯片乙","#, with: #""nameZh": "测试芯片乙" "oops","#)
        let text = try copy.text(.companies)
        let lines = text.components(separatedBy: "\n")
        let lineIndex = try XCTUnwrap(lines.firstIndex { $0.contains("\"oops\"") })
        let column = try XCTUnwrap(lines[lineIndex].range(of: "\"oops\"")).lowerBound
        let expectedColumn = lines[lineIndex].distance(from: lines[lineIndex].startIndex, to: column) + 1
        XCTAssertEqual(expectedColumn, 25, "6 spaces + `\"nameZh\": \"测试芯片乙\" ` counted in characters")

        let problems = copy.problems()
        let problem = assertProblem(problems, kind: .malformedJSON, file: "companies.json", record: nil, field: "",
                                    line: lineIndex + 1, column: expectedColumn, messageContains: "expected ',' or '}'")
        XCTAssertEqual(problem?.description.hasPrefix("companies.json:\(lineIndex + 1):25: "), true, problem?.description ?? "")
        XCTAssertEqual(problems.filter { $0.file == "companies.json" }.count, 1, "a malformed file yields one problem, not a cascade")
        XCTAssertEqual(problems.count, 1, "nor a cascade in the files that name its firms: \(problems)")
    }

    func testEmptyFileIsMalformed() throws {
        let copy = try MutableSnapshot()
        try copy.write(.policies, "")
        assertProblem(copy.problems(), kind: .malformedJSON, file: "policies.json", record: nil, field: "",
                      line: 1, column: 1, messageContains: "empty")
    }

    func testInvalidUTF8IsMalformed() throws {
        let copy = try MutableSnapshot()
        var bytes = Array(try copy.text(.manifest).utf8)
        let at = try XCTUnwrap(bytes.firstIndex(of: UInt8(ascii: "S")))  // "Synthetic…" in the description
        bytes[at] = 0xFF
        try copy.writeBytes(.manifest, bytes)
        assertProblem(copy.problems(), kind: .malformedJSON, file: "manifest.json", record: nil, field: "",
                      line: 4, messageContains: "UTF-8")
    }

    func testWrongType() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.companies, #""name": "Test Chip B","#, with: #""name": 42,"#)
        let problem = assertProblem(copy.problems(), kind: .wrongType, file: "companies.json", record: "test-chip-b",
                                    field: "name", messageContains: "expected a string, found number")
        XCTAssertNotNil(problem?.line)
    }

    func testWrongTypeForARecord() throws {
        let copy = try MutableSnapshot()
        try copy.set(.ipos, ["ipos", 1], to: .string("not an object"))
        assertProblem(copy.problems(), kind: .wrongType, file: "ipos.json", record: "#1", field: "",
                      messageContains: "expected an object, found string")
    }

    func testMissingRequiredField() throws {
        let copy = try MutableSnapshot()
        try copy.remove(.companies, ["companies", 2, "segment"])
        assertProblem(copy.problems(), kind: .missingField, file: "companies.json", record: "test-app-c", field: "segment")
    }

    func testRequiredFieldSetToNull() throws {
        let copy = try MutableSnapshot()
        try copy.set(.policies, ["events", 0, "summary"], to: .null)
        assertProblem(copy.problems(), kind: .missingField, file: "policies.json", record: "cn-test-fund", field: "summary",
                      messageContains: "null")
    }

    func testDuplicateKeyInAnObject() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.companies, #""name": "Test Chip B","#, with: #""name": "Test Chip B", "name": "Test Chip B2","#)
        assertProblem(copy.problems(), kind: .invalidValue, file: "companies.json", record: "test-chip-b", field: "name",
                      messageContains: "duplicate key")
    }

    func testListedIPOWithoutListingDate() throws {
        let copy = try MutableSnapshot()
        try copy.remove(.ipos, ["ipos", 0, "listingDate"])
        assertProblem(copy.problems(), kind: .missingField, file: "ipos.json", record: "test-lab-a-hk", field: "listingDate")
    }

    func testUnknownField() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.companies, #""hq": "Sampletown","#, with: #""hq": "Sampletown", "hqq": "typo","#)
        assertProblem(copy.problems(), kind: .unknownField, file: "companies.json", record: "test-chip-b", field: "hqq")
    }

    func testUnknownNestedField() throws {
        let copy = try MutableSnapshot()
        try copy.set(.companies, ["companies", 0, "listings", 0, "tickr"], to: .string("9001"))
        assertProblem(copy.problems(), kind: .unknownField, file: "companies.json", record: "test-lab-a", field: "listings[0].tickr")
    }

    func testUnknownEnumValue() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.ipos, #""kind": "intraday-high""#, with: #""kind": "intraday-low""#)
        // Paths use file order (the high is the third point in the file).
        assertProblem(copy.problems(), kind: .unknownEnumValue, file: "ipos.json", record: "test-lab-a-hk",
                      field: "pricePoints[2].kind", messageContains: "intraday-high")
    }

    func testUnknownSegment() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.companies, #""segment": "ai-chips""#, with: #""segment": "robots""#)
        assertProblem(copy.problems(), kind: .unknownEnumValue, file: "companies.json", record: "test-chip-b", field: "segment",
                      messageContains: "\"robots\"")
    }

    func testInvalidDate() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.policies, #""date": "2025-01-15","#, with: #""date": "2025-02-30","#)
        assertProblem(copy.problems(), kind: .invalidDate, file: "policies.json", record: "us-test-listing", field: "date",
                      messageContains: "2025-02-30")
    }

    func testReducedAsOfDateIsInvalid() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.manifest, #""asOf": "2026-01-31""#, with: #""asOf": "2026-01""#)
        assertProblem(copy.problems(), kind: .invalidDate, file: "manifest.json", record: nil, field: "asOf")
    }

    func testUnknownCurrency() throws {
        let copy = try MutableSnapshot()
        try copy.set(.companies, ["companies", 0, "listings", 0, "currency"], to: .string("HKX"))
        assertProblem(copy.problems(), kind: .unknownCurrency, file: "companies.json", record: "test-lab-a",
                      field: "listings[0].currency", messageContains: "HKX")
    }

    func testNegativeAmount() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.ipos, #""amount": 1500000000"#, with: #""amount": -1500000000"#)
        assertProblem(copy.problems(), kind: .negativeAmount, file: "ipos.json", record: "test-lab-a-hk",
                      field: "amountRaised.amount", messageContains: "-1500000000")
    }

    func testNegativePrice() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.ipos, #""price": 88.88"#, with: #""price": -88.88"#)
        assertProblem(copy.problems(), kind: .negativeAmount, file: "ipos.json", record: "test-chip-b-star", field: "pricePoints[0].price")
    }

    func testDuplicateIds() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.policies, #""id": "us-test-tool-rule""#, with: #""id": "us-test-listing""#)
        try copy.replace(.companies, #""id": "test-app-c""#, with: #""id": "test-lab-a""#)
        let problems = copy.problems()
        assertProblem(problems, kind: .duplicateId, file: "policies.json", record: "us-test-listing", field: "id")
        assertProblem(problems, kind: .duplicateId, file: "companies.json", record: "test-lab-a", field: "id")
    }

    func testUnknownCompanyInIPO() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.ipos, #""companyId": "test-chip-b""#, with: #""companyId": "ghost-firm""#)
        assertProblem(copy.problems(), kind: .unknownReference, file: "ipos.json", record: "test-chip-b-star",
                      field: "companyId", messageContains: "ghost-firm")
    }

    func testUnknownCompanyInPolicy() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.policies, #""companyIds": ["test-lab-a"]"#, with: #""companyIds": ["test-lab-a", "ghost-firm"]"#)
        let problems = copy.problems()
        assertProblem(problems, kind: .unknownReference, file: "policies.json", record: "us-test-listing",
                      field: "companyIds[1]", messageContains: "ghost-firm")
        XCTAssertEqual(problems.count, 1, "the known id is not reported: \(problems)")
    }

    func testRecordWithoutSources() throws {
        let copy = try MutableSnapshot()
        try copy.remove(.policies, ["events", 1, "sources"])
        try copy.set(.companies, ["companies", 2, "sources"], to: .array([JSONNode]()))
        let problems = copy.problems()
        assertProblem(problems, kind: .missingSources, file: "policies.json", record: "us-test-tool-rule", field: "sources")
        assertProblem(problems, kind: .missingSources, file: "companies.json", record: "test-app-c", field: "sources")
    }

    func testAlternativeWithoutSources() throws {
        let copy = try MutableSnapshot()
        try copy.remove(.ipos, ["ipos", 0, "offerPrice", "alternatives", 0, "sources"])
        assertProblem(copy.problems(), kind: .missingSources, file: "ipos.json", record: "test-lab-a-hk",
                      field: "offerPrice.alternatives[0].sources")
    }

    func testListedEntityStatusNeedsSources() throws {
        let copy = try MutableSnapshot()
        try copy.remove(.companies, ["companies", 0, "entityList", "sources"])
        assertProblem(copy.problems(), kind: .missingSources, file: "companies.json", record: "test-lab-a", field: "entityList.sources")
    }

    func testNonHTTPSourceURL() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.companies, #""url": "https://example.com/test-chip-b""#, with: #""url": "javascript:alert(1)""#)
        assertProblem(copy.problems(), kind: .invalidValue, file: "companies.json", record: "test-chip-b",
                      field: "sources[0].url", messageContains: "http")
    }

    func testControlCharacterIsReportedEscaped() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.companies, #""name": "Test Lab A","#, with: #""name": "Test \u001b[31mLab A","#)
        let problems = copy.problems()
        let problem = try XCTUnwrap(assertProblem(problems, kind: .controlCharacter, file: "companies.json",
                                                  record: "test-lab-a", field: "name"))
        XCTAssertTrue(problem.message.contains(#"Test \e[31mLab A"#), problem.message)
        XCTAssertFalse(problem.message.unicodeScalars.contains("\u{1B}"), "the raw ESC must never reach a message")
        XCTAssertFalse(problem.description.unicodeScalars.contains("\u{1B}"))
    }

    func testC1AndBidiControlsAreReported() throws {
        let copy = try MutableSnapshot()
        try copy.set(.policies, ["events", 1, "title"], to: .string("Test \u{9B}2J rule"))
        try copy.replace(.ipos, #""note": "Fake proceeds""#, with: #""note": "evil \u202e txet""#)
        let problems = copy.problems()
        let csi = assertProblem(problems, kind: .controlCharacter, file: "policies.json", record: "us-test-tool-rule", field: "title")
        XCTAssertEqual(csi?.message.contains(#"\u{9B}2J"#), true, csi?.message ?? "")
        assertProblem(problems, kind: .controlCharacter, file: "ipos.json", record: "test-lab-a-hk", field: "amountRaised.note",
                      messageContains: #"\u{202E}"#)
    }

    func testControlCharacterInAnIdIsEscapedInTheRecordName() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.policies, #""id": "cn-test-fund""#, with: #""id": "cn-\u001bfund""#)
        let problems = copy.problems()
        XCTAssertTrue(problems.contains { $0.record == #"cn-\efund"# }, "\(problems)")
        for problem in problems {
            XCTAssertFalse(problem.description.unicodeScalars.contains("\u{1B}"), problem.description)
        }
    }

    func testUnsupportedSchemaVersion() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.manifest, #""schemaVersion": 1"#, with: #""schemaVersion": 2"#)
        assertProblem(copy.problems(), kind: .unsupportedSchema, file: "manifest.json", record: nil, field: "schemaVersion",
                      messageContains: "2")
    }

    func testMissingFile() throws {
        let copy = try MutableSnapshot()
        try copy.delete(.policies)
        let problems = copy.problems()
        assertProblem(problems, kind: .unreadableFile, file: "policies.json", record: nil, field: nil, messageContains: "missing")
        XCTAssertEqual(problems.count, 1, "\(problems)")
    }

    func testFolderInsteadOfFile() throws {
        let copy = try MutableSnapshot()
        try copy.delete(.risk)
        try FileManager.default.createDirectory(at: copy.url(.risk), withIntermediateDirectories: false)
        assertProblem(copy.problems(), kind: .unreadableFile, file: "risk.json", record: nil, field: nil, messageContains: "folder")
    }

    /// `validate` lists problems by file, then line; cross-file ones (no line) close their file.
    func testProblemsAreInFileAndLineOrder() {
        func problem(_ file: String, _ line: Int?, _ message: String) -> SnapshotProblem {
            SnapshotProblem(file: file, kind: .invalidValue, message: message, line: line, column: line.map { _ in 1 })
        }
        let found = [problem("risk.json", 9, "r9"), problem("companies.json", 48, "c48"), problem("companies.json", nil, "cross"),
                     problem("companies.json", 26, "c26"), problem("manifest.json", 3, "m3"), problem("ipos.json", nil, "i-cross")]
        XCTAssertEqual(SnapshotLoader.inFileOrder(found).map(\.message), ["m3", "c26", "c48", "cross", "i-cross", "r9"])
    }

    /// A folder that is gone (a watch's data deleted or moved away) is one problem that
    /// says so, not a missing file each.
    func testMissingFolderIsOneProblem() {
        let nowhere = FileManager.default.temporaryDirectory.appendingPathComponent("sinoai-no-such-\(UUID().uuidString)")
        guard case .failure(let error) = SnapshotLoader.load(from: nowhere) else { return XCTFail("loaded a missing folder") }
        XCTAssertEqual(error.problems.map(\.file), [nowhere.path])
        XCTAssertEqual(error.problems.first?.kind, .unreadableFile)
        XCTAssertEqual(error.problems.first?.message.contains("data folder is gone"), true)
    }

    /// A repeated key is reported once wherever it is (a nested object, a map keyed by
    /// data) and never also as unknown; the others in the object are still checked.
    func testRepeatedKeysInNestedObjectsAndMaps() throws {
        let copy = try MutableSnapshot()
        try copy.replace(.companies, #""exchange": "HKEX","#, with: #""exchange": "HKEX", "exchange": "HKEX", "tickr": "1","#)
        try copy.replace(.risk, #""f-gpu": {"value": 0.5, "rationale": "Half on fake GPUs""#,
                         with: #""f-gpu": {"value": 0.1, "rationale": "again"}, "f-gpu": {"value": 0.5, "rationale": "Half on fake GPUs""#)
        let problems = copy.problems()
        assertProblem(problems, kind: .invalidValue, file: "companies.json", record: "test-lab-a", field: "listings[0].exchange",
                      messageContains: "duplicate key")
        assertProblem(problems, kind: .unknownField, file: "companies.json", record: "test-lab-a", field: "listings[0].tickr")
        assertProblem(problems, kind: .invalidValue, file: "risk.json", record: "test-lab-a", field: "values.f-gpu",
                      messageContains: "duplicate key")
        XCTAssertEqual(problems.filter { $0.message.contains("duplicate key") }.count, 2, "\(problems)")
        XCTAssertFalse(problems.contains { $0.kind == .unknownField && $0.field == "listings[0].exchange" })
    }

    func testProblemsInDifferentFilesAreAllReportedInOneLoad() throws {
        let copy = try MutableSnapshot()
        try copy.remove(.manifest, ["description"])
        try copy.replace(.companies, #""hq": "Testville","#, with: #""hq": "Testville", "hqq": 1,"#)
        try copy.set(.ipos, ["ipos", 1, "currency"], to: .string("XXX"))
        try copy.replace(.policies, #""jurisdiction": "CN""#, with: #""jurisdiction": "EU""#)
        try copy.replace(.risk, #""weight": 0.2"#, with: #""weight": 0.25"#)
        let problems = copy.problems()
        assertProblem(problems, kind: .missingField, file: "manifest.json", record: nil, field: "description")
        assertProblem(problems, kind: .unknownField, file: "companies.json", record: "test-lab-a", field: "hqq")
        assertProblem(problems, kind: .unknownCurrency, file: "ipos.json", record: "test-chip-b-star", field: "currency")
        assertProblem(problems, kind: .unknownEnumValue, file: "policies.json", record: "cn-test-fund", field: "jurisdiction")
        assertProblem(problems, kind: .invalidValue, file: "risk.json", record: nil, field: "factors[].weight")
        XCTAssertEqual(Set(problems.map(\.file)), Set(SnapshotFile.allCases.map(\.rawValue)))
    }

    func testSeveralProblemsInOneFileAreAllReported() throws {
        let copy = try MutableSnapshot()
        try copy.set(.companies, ["companies", 0, "founded"], to: .string("2019-13"))
        try copy.set(.companies, ["companies", 1, "status"], to: .string("delisted"))
        try copy.set(.companies, ["companies", 2, "products"], to: .string("one product"))
        let problems = copy.problems()
        assertProblem(problems, kind: .invalidDate, file: "companies.json", record: "test-lab-a", field: "founded")
        assertProblem(problems, kind: .unknownEnumValue, file: "companies.json", record: "test-chip-b", field: "status")
        assertProblem(problems, kind: .wrongType, file: "companies.json", record: "test-app-c", field: "products")
    }

    func testProblemDescriptionFormat() {
        let problem = SnapshotProblem(file: "companies.json", record: "zhipu-ai", field: "listings[0].currency",
                                      kind: .unknownCurrency, message: "unknown currency \"HKX\"", line: 12, column: 20)
        XCTAssertEqual(problem.description, #"companies.json:12:20: zhipu-ai: listings[0].currency: unknown currency "HKX""#)
        let bare = SnapshotProblem(file: "risk.json", kind: .unreadableFile, message: "missing file")
        XCTAssertEqual(bare.description, "risk.json: missing file")
    }
}
