import Foundation

/// Collects problems while one file is decoded; decoding never stops at the first.
final class DecodingContext {
    let file: String
    private let lines: LineIndex
    private(set) var problems: [SnapshotProblem] = []

    init(file: String, bytes: [UInt8]) {
        self.file = file
        self.lines = LineIndex(bytes)
    }

    func report(_ kind: SnapshotProblem.Kind, _ message: String, record: String?, field: String, at node: JSONNode?) {
        let position = node.map { lines.position(of: $0.offset) }
        problems.append(SnapshotProblem(file: file, record: record, field: field, kind: kind, message: message,
                                        line: position?.line, column: position?.column))
    }
}

/// Reads the fields of one JSON object, reporting wrong types, missing and unknown
/// fields and control characters against a record id and a field path.
final class ObjectReader {
    let context: DecodingContext
    let node: JSONNode
    /// The record id used in messages (updated once the `id` field is read).
    var record: String?
    let path: String
    /// The object's members in file order and which keys were asked for. Arrays, not
    /// dictionaries: objects have a handful of keys and there are millions of them.
    private var members: [JSONMember] = []
    private var used: [Bool] = []

    /// nil (and a `wrong-type` problem) when `node` is not an object.
    init?(_ node: JSONNode, context: DecodingContext, record: String?, path: String) {
        self.context = context
        self.node = node
        self.record = record
        self.path = path
        guard case .object(let list) = node.value else {
            context.report(.wrongType, "expected an object, found \(node.value.typeName)", record: record, field: path, at: node)
            return nil
        }
        members = list
        used = Array(repeating: false, count: list.count)
        for i in Self.repeatedKeyIndexes(list) {
            context.report(.invalidValue, "duplicate key \"\(Text.escaped(list[i].key))\"", record: record,
                           field: fieldPath(list[i].key), at: list[i].node)
        }
    }

    /// Indexes of members whose key appeared earlier: a scan for the usual handful of
    /// keys, a set for large (hostile) objects so they stay linear.
    static func repeatedKeyIndexes(_ list: [JSONMember]) -> [Int] {
        if list.count <= 16 {
            return list.indices.filter { i in list[..<i].contains { $0.key == list[i].key } }
        }
        var seen: Set<String> = []
        return list.indices.filter { !seen.insert(list[$0].key).inserted }
    }

    /// The last member with this key (the value JSON parsers keep for duplicates).
    private func member(_ key: String) -> JSONNode? {
        members.last { $0.key == key }?.node
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func report(_ kind: SnapshotProblem.Kind, _ message: String, field key: String, at node: JSONNode? = nil) {
        context.report(kind, message, record: record, field: fieldPath(key), at: node ?? member(key) ?? self.node)
    }

    /// The raw node of a key, nil when missing or null. Reports a missing required key.
    @discardableResult
    func node(_ key: String, required: Bool) -> JSONNode? {
        for i in members.indices where members[i].key == key { used[i] = true }
        guard let found = member(key) else {
            if required { report(.missingField, "required field is missing", field: key, at: node) }
            return nil
        }
        if case .null = found.value {
            if required { report(.missingField, "required field is null", field: key, at: found) }
            return nil
        }
        return found
    }

    func has(_ key: String) -> Bool { members.contains { $0.key == key } }

    /// Reports every key that no accessor asked for.
    func finish() {
        let repeated = Set(Self.repeatedKeyIndexes(members))
        for (i, member) in members.enumerated() where !used[i] && !repeated.contains(i) {
            report(.unknownField, "unknown field (not in the schema; a typo?)", field: member.key, at: member.node)
        }
    }

    // MARK: Typed accessors

    func string(_ key: String, required: Bool = false) -> String? {
        guard let found = node(key, required: required) else { return nil }
        return Self.string(found, context: context, record: record, field: fieldPath(key))
    }

    static func string(_ node: JSONNode, context: DecodingContext, record: String?, field: String) -> String? {
        guard case .string(let text) = node.value else {
            context.report(.wrongType, "expected a string, found \(node.value.typeName)", record: record, field: field, at: node)
            return nil
        }
        if Text.containsControlCharacters(text) {
            context.report(.controlCharacter, "contains control characters: \"\(Text.escaped(text, limit: 60))\"",
                           record: record, field: field, at: node)
        }
        return text
    }

    func bool(_ key: String) -> Bool? {
        guard let found = node(key, required: false) else { return nil }
        guard case .bool(let value) = found.value else {
            report(.wrongType, "expected true or false, found \(found.value.typeName)", field: key, at: found)
            return nil
        }
        return value
    }

    func int(_ key: String, required: Bool = false) -> Int? {
        guard let found = node(key, required: required) else { return nil }
        guard case .number(let text) = found.value else {
            report(.wrongType, "expected an integer, found \(found.value.typeName)", field: key, at: found)
            return nil
        }
        guard let value = Int(text) else {
            report(.invalidValue, "expected an integer, found \(text)", field: key, at: found)
            return nil
        }
        return value
    }

    func double(_ key: String, required: Bool = false) -> Double? {
        guard let found = node(key, required: required) else { return nil }
        guard case .number(let text) = found.value else {
            report(.wrongType, "expected a number, found \(found.value.typeName)", field: key, at: found)
            return nil
        }
        guard let value = Double(text), value.isFinite else {
            report(.outOfRange, "number \(text) is out of range", field: key, at: found)
            return nil
        }
        return value
    }

    /// An exact decimal; `nonNegative` reports a `negative-amount` problem.
    func decimal(_ key: String, required: Bool = false, nonNegative: Bool = true) -> Decimal? {
        guard let found = node(key, required: required) else { return nil }
        guard case .number(let text) = found.value else {
            report(.wrongType, "expected a number, found \(found.value.typeName)", field: key, at: found)
            return nil
        }
        guard let value = Self.decimal(text) else {
            report(.outOfRange, "number \(text) is out of range", field: key, at: found)
            return nil
        }
        if nonNegative && value < 0 {
            report(.negativeAmount, "must not be negative (found \(text))", field: key, at: found)
            return nil
        }
        return value
    }

    static func decimal(_ text: String) -> Decimal? {
        // Decimal's exponent range is about ±127; reject what it cannot hold exactly.
        let exponentPart = text.split(whereSeparator: { $0 == "e" || $0 == "E" }).dropFirst().first
        if let exponentPart, let exponent = Int(exponentPart), abs(exponent) > 100 { return nil }
        if text.count > 40 { return nil }
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), !value.isNaN else { return nil }
        return value
    }

    func date(_ key: String, required: Bool = false) -> CalendarDate? {
        guard let found = node(key, required: required) else { return nil }
        return Self.date(found, context: context, record: record, field: fieldPath(key))
    }

    static func date(_ node: JSONNode, context: DecodingContext, record: String?, field: String) -> CalendarDate? {
        guard case .string(let text) = node.value else {
            context.report(.wrongType, "expected a date string (YYYY, YYYY-MM or YYYY-MM-DD), found \(node.value.typeName)",
                           record: record, field: field, at: node)
            return nil
        }
        guard let date = CalendarDate(iso: text) else {
            context.report(.invalidDate, "invalid date \"\(Text.escaped(text, limit: 40))\" (expected YYYY, YYYY-MM or YYYY-MM-DD)",
                           record: record, field: field, at: node)
            return nil
        }
        return date
    }

    func enumValue<E: RawRepresentable & CaseIterable>(_ key: String, required: Bool = false) -> E? where E.RawValue == String {
        guard let found = node(key, required: required) else { return nil }
        return Self.enumValue(found, context: context, record: record, field: fieldPath(key))
    }

    static func enumValue<E: RawRepresentable & CaseIterable>(_ node: JSONNode, context: DecodingContext, record: String?,
                                                             field: String) -> E? where E.RawValue == String {
        guard let text = string(node, context: context, record: record, field: field) else { return nil }
        guard let value = E(rawValue: text) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            context.report(.unknownEnumValue, "unknown value \"\(Text.escaped(text, limit: 40))\" (expected one of: \(allowed))",
                           record: record, field: field, at: node)
            return nil
        }
        return value
    }

    func currency(_ key: String, required: Bool = true) -> CurrencyCode? {
        guard let text = string(key, required: required) else { return nil }
        guard let code = CurrencyCode(text) else {
            report(.unknownCurrency, "unknown currency \"\(Text.escaped(text, limit: 20))\" (expected an ISO 4217 code such as CNY, HKD, USD)", field: key)
            return nil
        }
        return code
    }

    /// Elements of an array field with their paths; missing or null gives [].
    func array(_ key: String, required: Bool = false) -> [(node: JSONNode, path: String)] {
        guard let found = node(key, required: required) else { return [] }
        guard case .array(let elements) = found.value else {
            report(.wrongType, "expected an array, found \(found.value.typeName)", field: key, at: found)
            return []
        }
        return elements.enumerated().map { ($1, "\(fieldPath(key))[\($0)]") }
    }

    func strings(_ key: String) -> [String] {
        array(key).compactMap { Self.string($0.node, context: context, record: record, field: $0.path) }
    }

    func object(_ key: String, required: Bool = false) -> ObjectReader? {
        guard let found = node(key, required: required) else { return nil }
        return ObjectReader(found, context: context, record: record, path: fieldPath(key))
    }
}
