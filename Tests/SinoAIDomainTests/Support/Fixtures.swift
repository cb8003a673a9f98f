import Foundation
import XCTest
@testable import SinoAIDomain

/// Where the test snapshots live.
enum Fixtures {
    /// `Fixtures/minimal`: a small, valid, synthetic snapshot (copied into the test bundle).
    static var minimal: URL {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("the Fixtures resource is missing from the test bundle")
        }
        return root.appendingPathComponent("minimal")
    }

    /// The real snapshot shipped with the package: `<checkout>/Data`.
    static var realData: URL {
        // #filePath is <checkout>/Tests/SinoAIDomainTests/Support/Fixtures.swift.
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Data")
    }

    /// Loads a snapshot that must be valid, failing the test with every problem if not.
    static func loadValid(_ directory: URL, file: StaticString = #filePath, line: UInt = #line) throws -> Snapshot {
        switch SnapshotLoader.load(from: directory) {
        case .success(let snapshot):
            return snapshot
        case .failure(let error):
            XCTFail("expected \(directory.path) to load, got \(error.problems.count) problem(s):\n\(error)", file: file, line: line)
            throw error
        }
    }
}

/// A throwaway copy of the minimal fixture that a test mutates, then loads.
final class MutableSnapshot {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sinoai-domain-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.copyItem(at: Fixtures.minimal, to: directory)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func url(_ file: SnapshotFile) -> URL { directory.appendingPathComponent(file.rawValue) }

    func text(_ file: SnapshotFile) throws -> String {
        try String(contentsOf: url(file), encoding: .utf8)
    }

    func write(_ file: SnapshotFile, _ text: String) throws {
        try Data(text.utf8).write(to: url(file))
    }

    func writeBytes(_ file: SnapshotFile, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: url(file))
    }

    /// Replaces the one occurrence of `old`; a missing or repeated `old` is a broken test.
    func replace(_ file: SnapshotFile, _ old: String, with new: String,
                 sourceFile: StaticString = #filePath, line: UInt = #line) throws {
        let text = try self.text(file)
        let count = text.components(separatedBy: old).count - 1
        guard count == 1 else {
            XCTFail("expected exactly one \"\(old)\" in \(file.rawValue), found \(count)", file: sourceFile, line: line)
            throw FixtureEditError.noUniqueMatch(old)
        }
        try write(file, text.replacingOccurrences(of: old, with: new))
    }

    /// Rewrites one value of a file; setting it to nil removes the key or element.
    func edit(_ file: SnapshotFile, at path: [JSONPathComponent], _ body: (inout JSONValue?) -> Void) throws {
        let root = try JSONParser.parse(Array(try Data(contentsOf: url(file))))
        guard let edited = try JSONPathComponent.edit(root.value, path[...], body) else {
            throw FixtureEditError.removedRoot
        }
        try write(file, JSONWriter.write(edited))
    }

    func set(_ file: SnapshotFile, _ path: [JSONPathComponent], to value: JSONValue) throws {
        try edit(file, at: path) { $0 = value }
    }

    func remove(_ file: SnapshotFile, _ path: [JSONPathComponent]) throws {
        try edit(file, at: path) { $0 = nil }
    }

    func delete(_ file: SnapshotFile) throws {
        try FileManager.default.removeItem(at: url(file))
    }

    /// Loads the copy, which must fail; returns every problem.
    func problems(file: StaticString = #filePath, line: UInt = #line) -> [SnapshotProblem] {
        switch SnapshotLoader.load(from: directory) {
        case .success:
            XCTFail("expected the mutated snapshot to be rejected, but it loaded", file: file, line: line)
            return []
        case .failure(let error):
            XCTAssertFalse(error.problems.isEmpty, "a failed load must name at least one problem", file: file, line: line)
            return error.problems
        }
    }
}

enum FixtureEditError: Error {
    case noUniqueMatch(String)
    case pathMismatch(String)
    case removedRoot
}

/// A step into a JSON document: an object key or an array index.
enum JSONPathComponent: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible {
    case key(String)
    case index(Int)

    init(stringLiteral value: String) { self = .key(value) }
    init(integerLiteral value: Int) { self = .index(value) }

    var description: String {
        switch self {
        case .key(let key): key
        case .index(let index): "[\(index)]"
        }
    }

    /// The value with `body` applied at `path` (nil in and out means missing / removed).
    static func edit(_ value: JSONValue?, _ path: ArraySlice<JSONPathComponent>,
                     _ body: (inout JSONValue?) -> Void) throws -> JSONValue? {
        guard let first = path.first else {
            var copy = value
            body(&copy)
            return copy
        }
        switch (value, first) {
        case (.object(var members)?, .key(let key)):
            let index = members.firstIndex { $0.key == key }
            let edited = try edit(index.map { members[$0].node.value }, path.dropFirst(), body)
            switch (index, edited) {
            case let (index?, edited?): members[index].node = JSONNode(edited)
            case let (index?, nil): members.remove(at: index)
            case let (nil, edited?): members.append(JSONMember(key: key, node: JSONNode(edited)))
            case (nil, nil): break
            }
            return .object(members)
        case (.array(var elements)?, .index(let index)) where elements.indices.contains(index):
            if let edited = try edit(elements[index].value, path.dropFirst(), body) {
                elements[index] = JSONNode(edited)
            } else {
                elements.remove(at: index)
            }
            return .array(elements)
        default:
            throw FixtureEditError.pathMismatch("\(path.map(\.description)) does not match the document")
        }
    }
}

/// Asserts that `problems` has one matching every given property; returns it.
@discardableResult
func assertProblem(
    _ problems: [SnapshotProblem], kind: SnapshotProblem.Kind, file: String, record: String?, field: String?,
    line: Int? = nil, column: Int? = nil, messageContains: String? = nil,
    sourceFile: StaticString = #filePath, sourceLine: UInt = #line
) -> SnapshotProblem? {
    let match = problems.first { p in
        p.kind == kind && p.file == file && p.record == record && p.field == field
            && (line == nil || p.line == line) && (column == nil || p.column == column)
            && (messageContains.map { p.message.contains($0) } ?? true)
    }
    if match == nil {
        var wanted = "\(kind.rawValue) in \(file), record \(record ?? "nil"), field \(field ?? "nil")"
        if let line { wanted += ", line \(line)" }
        if let column { wanted += ", column \(column)" }
        if let messageContains { wanted += ", message containing \"\(messageContains)\"" }
        let found = problems.map { "  [\($0.kind.rawValue)] record=\($0.record ?? "nil") field=\($0.field ?? "nil") \($0.description)" }
        XCTFail("no problem: \(wanted). Problems:\n" + found.joined(separator: "\n"), file: sourceFile, line: sourceLine)
    }
    return match
}
