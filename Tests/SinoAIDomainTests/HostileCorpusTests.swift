import Foundation
import XCTest
@_spi(Testing) @testable import SinoAIDomain

/// The hostile-input corpus: `Fixtures/hostile/cases.json` (data: a mutation of the
/// minimal fixture and the problems it must produce), every text field with an escape
/// sequence, filesystem oddities made at test time (a 100 MB file, a file over the size
/// limit, symlink loops, a FIFO, a device, folders and sockets where files belong,
/// unreadable files), and the fuzzer's findings (`Fixtures/hostile/fuzz/`). Nothing may
/// crash or hang, every case names its problem, and no problem carries a raw control
/// character to a terminal.
final class HostileCorpusTests: XCTestCase {
    /// `Tests/SinoAIDomainTests/Fixtures/hostile` in the checkout.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/hostile")

    // MARK: The corpus (data)

    struct Case {
        var name: String
        var about: String
        var mutations: [[String: Any]]
        var expect: [[String: String]]
    }

    static func loadCases() throws -> [Case] {
        let data = try Data(contentsOf: folder.appendingPathComponent("cases.json"))
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let list = try XCTUnwrap(root["cases"] as? [[String: Any]])
        return try list.map { item in
            Case(name: try XCTUnwrap(item["name"] as? String), about: item["about"] as? String ?? "",
                 mutations: try XCTUnwrap(item["mutations"] as? [[String: Any]]),
                 expect: try XCTUnwrap(item["expect"] as? [[String: String]]))
        }
    }

    func testCorpusHasAtLeastFortyCasesWithUniqueNames() throws {
        let cases = try Self.loadCases()
        XCTAssertGreaterThanOrEqual(cases.count, 40)
        XCTAssertEqual(Set(cases.map(\.name)).count, cases.count, "case names must be unique")
        for c in cases {
            XCTAssertFalse(c.expect.isEmpty, "\(c.name): every case names its expected problem")
            for e in c.expect {
                XCTAssertNotNil(e["kind"].flatMap(SnapshotProblem.Kind.init(rawValue:)), "\(c.name): unknown kind \(e["kind"] ?? "nil")")
                XCTAssertNotNil(e["file"].flatMap(SnapshotFile.init(rawValue:)), "\(c.name): unknown file \(e["file"] ?? "nil")")
            }
        }
    }

    func testEveryCaseReportsItsExpectedProblem() throws {
        for c in try Self.loadCases() {
            let copy = try MutableSnapshot()
            for mutation in c.mutations { try apply(mutation, to: copy, case: c.name) }
            guard case .failure(let error) = SnapshotLoader.load(from: copy.directory) else {
                XCTFail("\(c.name) (\(c.about)): the snapshot loaded; expected \(c.expect)")
                continue
            }
            let problems = error.problems
            for e in c.expect {
                let found = problems.contains { p in
                    p.kind.rawValue == e["kind"] && p.file == e["file"]
                        && (e["record"].map { p.record == $0 } ?? true)
                        && (e["field"].map { p.field == $0 } ?? true)
                        && (e["message"].map { p.message.contains($0) } ?? true)
                }
                XCTAssertTrue(found, "\(c.name) (\(c.about)): no problem matching \(e); got:\n"
                              + problems.map { "  [\($0.kind.rawValue)] \($0.file) record=\($0.record ?? "nil") field=\($0.field ?? "nil"): \($0.message)" }
                                .joined(separator: "\n"))
            }
            let raw = problems.filter(Self.carriesRawControl)
            XCTAssertTrue(raw.isEmpty, "\(c.name): a problem carries a raw control character: \(raw.map { $0.description.debugDescription })")
        }
    }

    /// Reading files a few bytes at a time (every token straddles reads, the window
    /// moves on past every record) on parallel threads finds exactly the same problems, in
    /// the same order, at the same lines and columns, as reading them a megabyte at a time
    /// on one thread; and the intact snapshot, read a byte at a time, loads the same.
    func testSmallReadsFindTheSameProblemsAtTheSamePositions() throws {
        for c in try Self.loadCases() {
            let copy = try MutableSnapshot()
            for mutation in c.mutations { try apply(mutation, to: copy, case: c.name) }
            let whole = SnapshotLoader.load(from: copy.directory, overriding: [:], readChunkSize: 1 << 20)
            // Small reads, and every file on its own thread as large snapshots are.
            let small = SnapshotLoader.load(from: copy.directory, overriding: [:], readChunkSize: 5, parallel: true)
            guard case .failure(let expected) = whole, case .failure(let found) = small else {
                XCTFail("\(c.name): both loads should fail")
                continue
            }
            XCTAssertEqual(found.problems, expected.problems, c.name)
        }
        let intact = try MutableSnapshot()
        let whole = try SnapshotLoader.load(from: intact.directory, overriding: [:], readChunkSize: 1 << 20).get()
        let small = try SnapshotLoader.load(from: intact.directory, overriding: [:], readChunkSize: 1, parallel: true).get()
        XCTAssertEqual(small.companies, whole.companies)
        XCTAssertEqual(small.ipos, whole.ipos)
        XCTAssertEqual(small.events, whole.events)
        XCTAssertEqual(small.riskModel, whole.riskModel)
        XCTAssertEqual(small.manifest, whole.manifest)
    }

    /// The same problems whether a file is read from disk or given in memory
    /// (`overriding`, as the price import validates a change before writing it).
    func testInMemoryBytesFindTheSameProblemsAsTheFile() throws {
        for c in try Self.loadCases() {
            let copy = try MutableSnapshot()
            for mutation in c.mutations { try apply(mutation, to: copy, case: c.name) }
            var overriding: [SnapshotFile: [UInt8]] = [:]
            for file in SnapshotFile.allCases {
                if let data = try? Data(contentsOf: copy.url(file)) { overriding[file] = Array(data) }
            }
            guard overriding.count == SnapshotFile.allCases.count,
                  case .failure(let fromDisk) = SnapshotLoader.load(from: copy.directory),
                  case .failure(let inMemory) = SnapshotLoader.load(from: copy.directory, overriding: overriding) else { continue }
            XCTAssertEqual(inMemory.problems, fromDisk.problems, c.name)
        }
    }

    /// A control character in the text a problem prints (a terminal would obey it).
    static func carriesRawControl(_ problem: SnapshotProblem) -> Bool {
        [problem.description, problem.record ?? "", problem.field ?? "", problem.message]
            .contains { $0.unicodeScalars.contains(where: Text.isControl) }
    }

    // MARK: Mutations

    func apply(_ mutation: [String: Any], to copy: MutableSnapshot, case name: String) throws {
        let op = try XCTUnwrap(mutation["op"] as? String, "\(name): a mutation without op")
        let file = try XCTUnwrap((mutation["file"] as? String).flatMap(SnapshotFile.init(rawValue:)), "\(name): bad file")
        func text(_ key: String) throws -> String { Self.expand(try XCTUnwrap(mutation[key] as? String, "\(name): \(op) needs \(key)")) }
        func path() throws -> [JSONPathComponent] {
            try XCTUnwrap(mutation["path"] as? [Any], "\(name): \(op) needs a path").map { step in
                if let key = step as? String { return .key(key) }
                return .index(try XCTUnwrap(step as? Int, "\(name): a path step is a key or an index"))
            }
        }
        switch op {
        case "replace":
            try copy.replace(file, try text("old"), with: try text("new"))
        case "replaceBytes":
            let oldText = try text("old")
            let old = Array(oldText.utf8)
            let bytes = Array(try Data(contentsOf: copy.url(file)))
            let starts = (0...(bytes.count - old.count)).filter { bytes[$0..<($0 + old.count)].elementsEqual(old) }
            XCTAssertEqual(starts.count, 1, "\(name): expected exactly one \(oldText) in \(file.rawValue)")
            guard let start = starts.first else { return }
            try copy.writeBytes(file, Array(bytes[..<start]) + (try Self.hex(try text("hex")))
                                + Array(bytes[(start + old.count)...]))
        case "set":
            try copy.set(file, try path(), to: .string(try text("value")))
        case "setRaw":
            let value = try JSONParser.parse(Array(try text("json").utf8))
            try copy.set(file, try path(), to: value.value)
        case "write":
            try copy.write(file, try text("text"))
        case "writeHex":
            try copy.writeBytes(file, try Self.hex(try text("hex")))
        case "truncate":
            let fraction = try XCTUnwrap(mutation["keepFraction"] as? Double, "\(name): truncate needs keepFraction")
            let bytes = Array(try Data(contentsOf: copy.url(file)))
            try copy.writeBytes(file, Array(bytes.prefix(Int(Double(bytes.count) * fraction))))
        case "delete":
            try copy.delete(file)
        default:
            XCTFail("\(name): unknown op \(op)")
        }
    }

    /// `{{repeat N TEXT}}` → TEXT repeated N times.
    static func expand(_ text: String) -> String {
        var out = text
        while let open = out.range(of: "{{repeat "), let close = out.range(of: "}}", range: open.upperBound..<out.endIndex) {
            let body = out[open.upperBound..<close.lowerBound]
            let count = Int(body.prefix { $0.isNumber }) ?? 0
            let unit = body.drop { $0.isNumber }.dropFirst()
            out.replaceSubrange(open.lowerBound..<close.upperBound, with: String(repeating: String(unit), count: count))
        }
        return out
    }

    static func hex(_ text: String) throws -> [UInt8] {
        let digits = Array(text.filter { !$0.isWhitespace })
        guard digits.count % 2 == 0 else { throw FixtureEditError.pathMismatch("odd hex length") }
        return try stride(from: 0, to: digits.count, by: 2).map { i in
            guard let byte = UInt8(String(digits[i...i + 1]), radix: 16) else { throw FixtureEditError.pathMismatch("bad hex") }
            return byte
        }
    }

    // MARK: Escape sequences in every text field

    /// Every string value of every file (keys aside) gets an escape sequence appended,
    /// one field at a time: the load must fail, name that file and field, and print no
    /// raw control character.
    func testEscapeSequenceInEveryTextField() throws {
        let payloads = ["\u{1B}[2J", "\u{1B}]52;c;ZXZpbA==\u{07}", "\u{9B}31m", "\u{202E}", "\u{00}", "\n", "\u{7F}", "\u{1B}[?1049h"]
        var checked = 0
        for file in SnapshotFile.allCases {
            let root = try JSONParser.parse(Array(try Data(contentsOf: Fixtures.minimal.appendingPathComponent(file.rawValue))))
            for (path, original) in Self.stringLeaves(root.value, []) {
                let payload = payloads[checked % payloads.count]
                checked += 1
                let copy = try MutableSnapshot()
                try copy.set(file, path, to: .string(original + payload))
                let label = "\(file.rawValue) \(path.map(\.description).joined(separator: "."))"
                guard case .failure(let error) = SnapshotLoader.load(from: copy.directory) else {
                    XCTFail("\(label): a value ending in \(payload.debugDescription) was accepted")
                    continue
                }
                // The leaf's own name as the decoder spells the end of a field path:
                // `name`, `products[0]`, `values.f-el.rationale`.
                let leaf: String = switch path.last! {
                case .key(let key): key
                case .index(let index): "[\(index)]"
                }
                let named = error.problems.contains { $0.file == file.rawValue && ($0.field ?? "").hasSuffix(leaf) }
                XCTAssertTrue(named, "\(label): no problem names the field; got \(error.problems.map(\.description))")
                let raw = error.problems.filter(Self.carriesRawControl)
                XCTAssertTrue(raw.isEmpty, "\(label): raw control character in \(raw.map { $0.description.debugDescription })")
            }
        }
        XCTAssertGreaterThan(checked, 150, "the sweep should reach every text field of the fixture")
    }

    static func stringLeaves(_ value: JSONValue, _ path: [JSONPathComponent]) -> [([JSONPathComponent], String)] {
        switch value {
        case .string(let text): return [(path, text)]
        case .array(let items): return items.enumerated().flatMap { stringLeaves($1.value, path + [.index($0)]) }
        case .object(let members): return members.flatMap { stringLeaves($0.node.value, path + [.key($0.key)]) }
        default: return []
        }
    }

    // MARK: Big files

    /// A 100 MB companies.json (a 100 MB note ending in an escape): loaded in bounded
    /// time, one precise problem, a short message.
    func testHundredMegabyteFile() throws {
        let copy = try MutableSnapshot()
        let text = try copy.text(.companies)
        let anchor = "\"notes\": [],\n      \"confidence\": \"low-confidence\""
        XCTAssertEqual(text.components(separatedBy: anchor).count, 2, "the anchor is test-app-c's notes")
        let head = Array(text.components(separatedBy: anchor)[0].utf8) + Array("\"notes\": [\"".utf8)
        let tail = Array("\\u001b[2J\"],\n      \"confidence\": \"low-confidence\"".utf8) + Array(text.components(separatedBy: anchor)[1].utf8)
        var bytes = head
        bytes.reserveCapacity(100 * 1_048_576 + tail.count + head.count)
        let chunk = Array(String(repeating: "Synthetic padding 合成 ", count: 64).utf8)
        while bytes.count < 100 * 1_048_576 { bytes += chunk }
        bytes += tail
        try copy.writeBytes(.companies, bytes)
        let problems = copy.problems()
        let problem = assertProblem(problems, kind: .controlCharacter, file: "companies.json", record: "test-app-c", field: "notes[0]")
        XCTAssertLessThan(problem?.message.count ?? 0, 200, "the message quotes a bounded excerpt, not 100 MB")
    }

    /// Over the 512 MB limit: refused from its size alone (a sparse file, so the test
    /// writes nothing), without reading it.
    func testFileOverTheSizeLimitIsRefusedUnread() throws {
        let copy = try MutableSnapshot()
        let path = copy.url(.risk).path
        XCTAssertEqual(truncate(path, off_t(SnapshotLoader.maximumFileSize + 1)), 0)
        let start = Date()
        assertProblem(copy.problems(), kind: .unreadableFile, file: "risk.json", record: nil, field: nil, messageContains: "limit")
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }

    // MARK: Quadratic blow-ups (small files, long loads)

    // Both were quadratic once (found by this corpus); the decoder is now linear in
    // keys and in problems per line. Speed is measured by sinoai-bench, not here.

    /// One object with 4 000 distinct keys (a 70 KB manifest.json): each is reported as
    /// unknown, in time linear in the keys. A per-key scan of the keys before it makes this
    /// quadratic (8 million key comparisons here; a 5 MB file would take minutes).
    func testManyDistinctKeysInOneObject() throws {
        let copy = try MutableSnapshot()
        let keys = (0..<4_000).map { "\"unknown-key-\($0)\": \($0)" }.joined(separator: ",\n")
        try copy.replace(.manifest, "\"schemaVersion\": 1,", with: "\"schemaVersion\": 1,\n" + keys + ",")
        let problems = copy.problems()
        XCTAssertEqual(problems.filter { $0.kind == .unknownField && $0.file == "manifest.json" }.count, 4_000)
    }

    /// A top-level object of 2 MB with 60 000 unknown keys: larger than the read window,
    /// so each key is copied aside as the window moves on; finding them again for the
    /// checks at the end must not scan every copy (a linear search made this minutes).
    func testManyKeysInATopLevelObjectLargerThanTheReadWindow() throws {
        let copy = try MutableSnapshot()
        let keys = (0..<60_000).map { "\"unknown-key-\($0)\": \($0)" }.joined(separator: ",\n")
        try copy.replace(.manifest, "\"schemaVersion\": 1,", with: "\"schemaVersion\": 1,\n" + keys + ",")
        let problems = copy.problems()
        let unknown = problems.filter { $0.kind == .unknownField && $0.file == "manifest.json" }
        XCTAssertEqual(unknown.count, 60_000)
        XCTAssertEqual(unknown.last?.field, "unknown-key-59999")
        XCTAssertEqual(unknown.last?.line, 60_002, "positions come from the copies")
    }

    /// 6 000 records on one 1.8 MB line, each with a problem inside it and then one at
    /// its start (a missing field): the second must count on from the record's start, not
    /// from the start of the read window (up to a megabyte back, for every record).
    func testProblemsOutOfOrderWithinRecordsOnALongLine() throws {
        let copy = try MutableSnapshot()
        let record = #"{"id": "firm-ID", "name": 7, "status": "private", "listings": [], "products": ["Product ID"], "#
            + #""entityList": {"status": "none-found"}, "notes": ["Padding to make the record a few hundred bytes long."], "#
            + #""confidence": "unverified", "sources": [{"title": "Firm ID", "publisher": "Example News", "url": "https://example.com/ID"}]}"#
        var text = "{\"companies\": ["
        var starts: [Int] = []
        for i in 0..<6_000 {
            if i > 0 { text += ", " }
            starts.append(text.utf8.count)
            text += record.replacingOccurrences(of: "ID", with: String(i))
        }
        try copy.write(.companies, text + "]}")
        let problems = copy.problems().filter { $0.file == "companies.json" }
        let missing = problems.filter { $0.kind == .missingField && $0.field == "segment" }
        XCTAssertEqual(missing.count, 6_000)
        XCTAssertEqual(problems.filter { $0.kind == .wrongType && $0.field == "name" }.count, 6_000)
        // ASCII on one line: column = byte offset + 1.
        XCTAssertEqual(missing.map { [$0.line ?? 0, $0.column ?? 0] }, starts.map { [1, $0 + 1] })
    }

    /// One firm with 20 000 listings, each with a problem inside and then one at its
    /// start: positions are worked out in file order once the record ends, not by
    /// counting from the record's start for each (a quadratic rescan of a huge record).
    func testManyOutOfOrderProblemsInOneHugeRecord() throws {
        let copy = try MutableSnapshot()
        let listings = Array(repeating: #"{"exchange": "NOPE"}"#, count: 20_000).joined(separator: ", ")
        try copy.replace(.companies, #""listings": []"#, with: #""listings": ["# + listings + "]")
        let problems = copy.problems().filter { $0.file == "companies.json" }
        let missing = problems.filter { $0.kind == .missingField && ($0.field ?? "").hasSuffix(".currency") }
        let unknown = problems.filter { $0.kind == .unknownEnumValue }
        XCTAssertEqual(missing.count, 20_000)
        XCTAssertEqual(unknown.count, 20_000)
        // Each listing's missing currency is reported at its `{`, 10 characters before the value.
        XCTAssertEqual(Set(zip(missing, unknown).map { ($1.column ?? 0) - ($0.column ?? 0) }), [13])
    }

    /// A minified file (one line) with a problem in each of 400 records: line and column
    /// for each problem must not rescan the line from its start (400 × 60 KB here; a
    /// minified 10 MB snapshot with a problem per record takes minutes).
    func testManyProblemsOnOneLongLine() throws {
        let copy = try MutableSnapshot()
        let record = #"{"id": "firm-ID", "name": "Firm ID", "nameZh": "公司ID", "segment": "ai-applications", "status": "private", "#
            + #""listings": [], "fundingRounds": [], "valuations": [], "products": ["Product ID"], "entityList": {"status": "none-found"}, "#
            + #""notes": ["A note about firm ID, long enough to make the line long."], "confidence": "unverified", "#
            + #""sources": [{"title": "Firm ID profile", "publisher": "Example News", "url": "https://example.com/firm-ID", "date": null}], "#
            + #""hqq": "typo"}"#
        let records = (0..<400).map { record.replacingOccurrences(of: "ID", with: String($0)) }
        try copy.write(.companies, "{\"companies\": [" + records.joined(separator: ", ") + "]}")
        let problems = copy.problems()
        XCTAssertEqual(problems.filter { $0.kind == .unknownField && $0.field == "hqq" }.count, 400)
        XCTAssertTrue(problems.allSatisfy { $0.file != "companies.json" || $0.line == 1 })
    }

    // MARK: The filesystem

    func testSymlinkLoop() throws {
        let copy = try MutableSnapshot()
        try copy.delete(.companies)
        let other = copy.directory.appendingPathComponent("loop.json")
        try FileManager.default.createSymbolicLink(atPath: copy.url(.companies).path, withDestinationPath: other.path)
        try FileManager.default.createSymbolicLink(atPath: other.path, withDestinationPath: copy.url(.companies).path)
        assertProblem(copy.problems(), kind: .unreadableFile, file: "companies.json", record: nil, field: nil)
    }

    func testSymlinkToItself() throws {
        let copy = try MutableSnapshot()
        try copy.delete(.manifest)
        try FileManager.default.createSymbolicLink(atPath: copy.url(.manifest).path, withDestinationPath: copy.url(.manifest).path)
        assertProblem(copy.problems(), kind: .unreadableFile, file: "manifest.json", record: nil, field: nil)
    }

    func testDanglingSymlink() throws {
        let copy = try MutableSnapshot()
        try copy.delete(.ipos)
        try FileManager.default.createSymbolicLink(atPath: copy.url(.ipos).path, withDestinationPath: "/nonexistent/sinoai/ipos.json")
        assertProblem(copy.problems(), kind: .unreadableFile, file: "ipos.json", record: nil, field: nil, messageContains: "missing")
    }

    func testSymlinkToADevice() throws {
        for device in ["/dev/zero", "/dev/urandom", "/dev/null"] where FileManager.default.fileExists(atPath: device) {
            let copy = try MutableSnapshot()
            try copy.delete(.policies)
            try FileManager.default.createSymbolicLink(atPath: copy.url(.policies).path, withDestinationPath: device)
            assertProblem(copy.problems(), kind: .unreadableFile, file: "policies.json", record: nil, field: nil,
                          messageContains: "not a regular file")
        }
    }

    func testSymlinkToAFolder() throws {
        let copy = try MutableSnapshot()
        try copy.delete(.risk)
        try FileManager.default.createSymbolicLink(atPath: copy.url(.risk).path, withDestinationPath: copy.directory.path)
        assertProblem(copy.problems(), kind: .unreadableFile, file: "risk.json", record: nil, field: nil, messageContains: "folder")
    }

    func testAFolderInsteadOfEachFile() throws {
        for file in SnapshotFile.allCases {
            let copy = try MutableSnapshot()
            try copy.delete(file)
            try FileManager.default.createDirectory(at: copy.url(file), withIntermediateDirectories: false)
            assertProblem(copy.problems(), kind: .unreadableFile, file: file.rawValue, record: nil, field: nil, messageContains: "folder")
        }
    }

    func testASocketInsteadOfAFile() throws {
        let copy = try MutableSnapshot()
        try copy.delete(.companies)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = copy.url(.companies).path
        guard path.utf8.count < MemoryLayout.size(ofValue: address.sun_path) else { throw XCTSkip("temporary path too long for a socket") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.enumerated() { raw[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        XCTAssertEqual(bound, 0, "bind: \(String(cString: strerror(errno)))")
        assertProblem(copy.problems(), kind: .unreadableFile, file: "companies.json", record: nil, field: nil)
    }

    /// A FIFO where a file belongs must be refused, not read: opening one for reading
    /// blocks until a writer appears. If the loader hangs, the test unblocks it and
    /// reports the known bug instead of hanging the suite.
    func testAFIFOInsteadOfAFile() throws {
        let copy = try MutableSnapshot()
        try copy.delete(.ipos)
        let path = copy.url(.ipos).path
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        final class Box: @unchecked Sendable { var problems: [SnapshotProblem]? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let directory = copy.directory
        Thread.detachNewThread {
            if case .failure(let error) = SnapshotLoader.load(from: directory) { box.problems = error.problems }
            done.signal()
        }
        if done.wait(timeout: .now() + 3) == .timedOut {
            // Open the write end and close it: the blocked reader sees end of file.
            let writer = open(path, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
            _ = done.wait(timeout: .now() + 10)
            XCTFail("SnapshotLoader blocked opening a FIFO; `sinoai watch` would hang its loader thread")
            return
        }
        assertProblem(box.problems ?? [], kind: .unreadableFile, file: "ipos.json", record: nil, field: nil)
    }

    func testUnreadableFile() throws {
        let copy = try MutableSnapshot()
        XCTAssertEqual(chmod(copy.url(.companies).path, 0), 0)
        defer { chmod(copy.url(.companies).path, 0o644) }
        if open(copy.url(.companies).path, O_RDONLY) >= 0 {
            throw XCTSkip("running as root (uid \(getuid())): permissions do not stop root from reading; "
                          + "the unreadable cases that work as root are the folder, FIFO, socket and device ones")
        }
        assertProblem(copy.problems(), kind: .unreadableFile, file: "companies.json", record: nil, field: nil, messageContains: "cannot open")
    }

    func testSnapshotPathIsAFile() throws {
        let copy = try MutableSnapshot()
        guard case .failure(let error) = SnapshotLoader.load(from: copy.url(.manifest)) else { return XCTFail("loaded a file as a folder") }
        XCTAssertEqual(error.problems.map(\.file), [copy.url(.manifest).path], "one problem for the folder")
        XCTAssertEqual(error.problems.first?.kind, .unreadableFile)
        XCTAssertEqual(error.problems.first?.message.contains("a file, not a folder"), true)
    }

    func testEmptyFolderAndEmptyFiles() throws {
        let copy = try MutableSnapshot()
        for file in SnapshotFile.allCases { try copy.write(file, "") }
        let problems = copy.problems()
        for file in SnapshotFile.allCases {
            assertProblem(problems, kind: .malformedJSON, file: file.rawValue, record: nil, field: "", messageContains: "empty")
        }
        for file in SnapshotFile.allCases { try copy.delete(file) }
        let missing = copy.problems()
        XCTAssertEqual(missing.count, 5)
        XCTAssertTrue(missing.allSatisfy { $0.kind == .unreadableFile })
    }

    // MARK: Fuzzer findings

    /// Each file in `Fixtures/hostile/fuzz/` is an input libFuzzer found (scripts/fuzz.sh
    /// copies crashes, timeouts and out-of-memory inputs there): byte 0 mod 5 picks the
    /// file in `SnapshotFile.allCases` order, the rest replaces it in the minimal
    /// fixture. Each must load or fail with problems, without crashing.
    func testFuzzerFindingsStayFixed() throws {
        let folder = Self.folder.appendingPathComponent("fuzz")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names.sorted() where !name.hasSuffix(".md") && !name.hasPrefix(".") {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            guard let selector = bytes.first else { continue }
            let copy = try MutableSnapshot()
            let file = SnapshotFile.allCases[Int(selector) % SnapshotFile.allCases.count]
            try copy.writeBytes(file, Array(bytes.dropFirst()))
            switch SnapshotLoader.load(from: copy.directory) {
            case .success: break
            case .failure(let error):
                XCTAssertFalse(error.problems.isEmpty, "\(name): a failed load names no problem")
            }
        }
    }
}
