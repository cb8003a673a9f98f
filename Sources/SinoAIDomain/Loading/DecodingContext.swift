import Foundation

/// Collects problems while one file is decoded; decoding never stops at the first.
/// Holds the tape of the record being decoded.
final class DecodingContext {
    let file: String
    private(set) var problems: [SnapshotProblem] = []
    /// The record (or top-level object) being read; replaced for each record.
    var tape: JSONTape
    /// The last position worked out, to count on from it (problems of later records
    /// come later in the file).
    private var lastPosition: (offset: Int, position: TextPosition)?
    /// Problems of the current record waiting for their line and column, worked out
    /// together when the record ends: in file order, in one pass over its bytes (they are
    /// reported in the order fields are read, which is not file order).
    private var pending: [(index: Int, offset: Int)] = []

    init(file: String, tape: JSONTape) {
        self.file = file
        self.tape = tape
    }

    func report(_ kind: SnapshotProblem.Kind, _ message: String, record: String?, field: String, at ref: Int?) {
        report(kind, message, record: record, field: field, offset: ref.map { tape.offset($0) })
    }

    func report(_ kind: SnapshotProblem.Kind, _ message: String, record: String?, field: String, offset: Int?) {
        problems.append(SnapshotProblem(file: file, record: record, field: field, kind: kind, message: message))
        if let offset { pending.append((problems.count - 1, offset)) }
    }

    /// Gives the current record's problems their lines and columns; call while its tape
    /// (and bytes) are still in memory.
    func endRecord() {
        guard !pending.isEmpty else { return }
        pending.sort { $0.offset < $1.offset }
        for (index, offset) in pending {
            guard let position = tape.position(of: offset, from: lastPosition) else { continue }
            problems[index].line = position.line
            problems[index].column = position.column
            lastPosition = (offset, position)
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Texts that recur across records (publishers, rationales, factor keys), stored
    /// once: later copies share the first one's storage.
    private var shared: Set<String> = []

    /// The stored copy of `text` (texts of up to 15 bytes live inline and are kept).
    func intern(_ text: String) -> String {
        guard text.utf8.count > 15 else { return text }
        return shared.insert(text).memberAfterInsert
    }

    /// Drops what was reported (a malformed file is reported once, not as a cascade).
    func discardProblems() {
        problems = []
        pending = []
    }
}

/// Reads the fields of one JSON object on the tape, reporting wrong types, missing,
/// duplicate and unknown fields and control characters against a record id and a
/// field path. The path is only spelled out when a problem is reported.
final class ObjectReader {
    let context: DecodingContext
    /// The object's tape entry.
    let ref: Int
    /// The record id used in messages (updated once the `id` field is read).
    var record: String?
    private let parent: ObjectReader?
    private let keyInParent: String?
    private let indexInParent: Int?
    /// Which members were asked for.
    private var marks: MemberMarks
    /// The record's tape (a few words of pointers and offsets: no reference counting per access).
    let tape: JSONTape
    /// Where the next lookup starts (an entry and its member number): keys are mostly
    /// asked for in file order, so the key wanted is usually the next member.
    private var hintEntry: Int
    private var hintPosition = 0

    /// nil (and a `wrong-type` problem) when `ref` is not an object.
    init?(_ ref: Int, context: DecodingContext, record: String?, parent: ObjectReader? = nil, key: String? = nil, index: Int? = nil) {
        self.context = context
        self.ref = ref
        self.record = record
        self.parent = parent
        self.keyInParent = key
        self.indexInParent = index
        marks = MemberMarks(count: Int(context.tape.entries[ref].count))
        hintEntry = ref + 1
        tape = context.tape
        guard tape.kind(ref) == .object else {
            context.report(.wrongType, "expected an object, found \(tape.kind(ref).typeName)", record: record,
                           field: Self.path(parent: parent, key: key, index: index), at: ref)
            return nil
        }
    }

    /// This object's field path ("" for a record itself).
    var path: String { Self.path(parent: parent, key: keyInParent, index: indexInParent) }

    private static func path(parent: ObjectReader?, key: String?, index: Int?) -> String {
        var text = parent?.path ?? ""
        if let key { text = text.isEmpty ? key : "\(text).\(key)" }
        if let index { text += "[\(index)]" }
        return text
    }

    func fieldPath(_ key: String) -> String { Self.path(parent: self, key: key, index: nil) }


    func report(_ kind: SnapshotProblem.Kind, _ message: String, field key: String, at ref: Int? = nil) {
        context.report(kind, message, record: record, field: fieldPath(key), at: ref ?? lastMember(key) ?? self.ref)
    }

    /// The last member with this key (the value JSON parsers keep for duplicates).
    private func lastMember(_ key: String) -> Int? {
        var found: Int?
        for member in tape.members(ref) where tape.stringEquals(member.key, key) { found = member.value }
        return found
    }

    /// The raw entry of a key, nil when missing or null. Marks the key as read and
    /// reports a missing required key.
    @discardableResult
    func node(_ key: String, required: Bool) -> Int? {
        let found = lookUp(key)
        guard let found else {
            if required { report(.missingField, "required field is missing", field: key, at: ref) }
            return nil
        }
        if tape.kind(found) == .null {
            if required { report(.missingField, "required field is null", field: key, at: found) }
            return nil
        }
        return found
    }

    /// The member with `key`, searched from the hint on and wrapping around; marks it
    /// asked for and moves the hint past it. (A repeated key is reported by `finish`,
    /// and any problem fails the load, so which of the repeats is read does not matter.)
    private func lookUp(_ key: String) -> Int? {
        let end = tape.next(ref)
        let count = Int(tape.entries[ref].count)
        var entry = hintEntry
        var position = hintPosition
        for _ in 0..<count {
            if entry >= end {
                entry = ref + 1
                position = 0
            }
            let value = entry + 1
            if tape.stringEquals(entry, key) {
                marks.markAsked(position)
                hintEntry = tape.next(value)
                hintPosition = position + 1
                return value
            }
            entry = tape.next(value)
            position += 1
        }
        return nil
    }

    /// Whether the key is there with a value other than null.
    func hasValue(_ key: String) -> Bool {
        tape.members(ref).contains { tape.stringEquals($0.key, key) && tape.kind($0.value) != .null }
    }

    func has(_ key: String) -> Bool { tape.members(ref).contains { tape.stringEquals($0.key, key) } }

    /// Reports every member no accessor asked for: a repeat of a key that was read, or
    /// a key not in the schema.
    func finish() {
        if marks.askedCount == Int(tape.entries[ref].count) { return }
        var unasked: [(key: String, value: Int)] = []
        var asked: [Int] = []
        var position = 0
        for member in tape.members(ref) {
            if marks.isAsked(position) { asked.append(member.key) } else { unasked.append((tape.string(member.key), member.value)) }
            position += 1
        }
        guard !unasked.isEmpty else { return }
        // A set when there are many (a hostile object must stay linear).
        let askedKeys = unasked.count > 16 ? Set(asked.map { tape.string($0) }) : nil
        var seen: Set<String> = []
        for member in unasked {
            let repeatsAsked = askedKeys?.contains(member.key) ?? asked.contains { tape.stringEquals($0, member.key) }
            if repeatsAsked || !seen.insert(member.key).inserted {
                context.report(.invalidValue, "duplicate key \"\(Text.escaped(member.key))\"", record: record,
                               field: fieldPath(member.key), at: member.value)
            } else {
                context.report(.unknownField, "unknown field (not in the schema; a typo?)", record: record,
                               field: fieldPath(member.key), at: member.value)
            }
        }
    }

    // MARK: Typed accessors

    func string(_ key: String, required: Bool = false) -> String? {
        guard let found = node(key, required: required) else { return nil }
        return Self.string(found, context: context, record: record, field: fieldPath(key))
    }

    static func string(_ ref: Int, context: DecodingContext, record: String?, field: @autoclosure () -> String) -> String? {
        let tape = context.tape
        guard tape.kind(ref) == .string else {
            context.report(.wrongType, "expected a string, found \(tape.kind(ref).typeName)", record: record, field: field(), at: ref)
            return nil
        }
        let text = tape.string(ref)
        if tape.stringMaySurprise(ref) && Text.containsControlCharacters(text) {
            context.report(.controlCharacter, "contains control characters: \"\(Text.escaped(text, limit: 60))\"",
                           record: record, field: field(), at: ref)
        }
        return text
    }

    /// A string that many records repeat (a publisher, a rationale), stored once.
    func sharedString(_ key: String, required: Bool = false) -> String? {
        string(key, required: required).map(context.intern)
    }

    func bool(_ key: String) -> Bool? {
        guard let found = node(key, required: false) else { return nil }
        guard tape.kind(found) == .bool else {
            report(.wrongType, "expected true or false, found \(tape.kind(found).typeName)", field: key, at: found)
            return nil
        }
        return tape.bool(found)
    }

    /// A number's entry, or nil with a `wrong-type` problem.
    private func number(_ key: String, required: Bool, expected: String) -> Int? {
        guard let found = node(key, required: required) else { return nil }
        guard tape.kind(found) == .number else {
            report(.wrongType, "expected \(expected), found \(tape.kind(found).typeName)", field: key, at: found)
            return nil
        }
        return found
    }

    func int(_ key: String, required: Bool = false) -> Int? {
        guard let found = number(key, required: required, expected: "an integer") else { return nil }
        let text = tape.numberText(found)
        guard let value = Int(text) else {
            report(.invalidValue, "expected an integer, found \(text)", field: key, at: found)
            return nil
        }
        return value
    }

    func double(_ key: String, required: Bool = false) -> Double? {
        guard let found = number(key, required: required, expected: "a number") else { return nil }
        if let value = DecimalLiteral(tape.rawContents(found))?.double { return value }
        let text = tape.numberText(found)
        guard let value = Double(text), value.isFinite else {
            report(.outOfRange, "number \(text) is out of range", field: key, at: found)
            return nil
        }
        return value
    }

    /// An exact decimal; `nonNegative` reports a `negative-amount` problem.
    func decimal(_ key: String, required: Bool = false, nonNegative: Bool = true) -> Decimal? {
        guard let found = number(key, required: required, expected: "a number") else { return nil }
        let literal = DecimalLiteral(tape.rawContents(found))
        guard let value = literal?.decimal ?? Self.decimal(tape.numberText(found)) else {
            report(.outOfRange, "number \(tape.numberText(found)) is out of range", field: key, at: found)
            return nil
        }
        if nonNegative && value < 0 {
            report(.negativeAmount, "must not be negative (found \(tape.numberText(found)))", field: key, at: found)
            return nil
        }
        return value
    }

    /// The general (slow) path for number literals that `DecimalLiteral` does not take.
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

    static func date(_ ref: Int, context: DecodingContext, record: String?, field: @autoclosure () -> String) -> CalendarDate? {
        let tape = context.tape
        guard tape.kind(ref) == .string else {
            context.report(.wrongType, "expected a date string (YYYY, YYYY-MM or YYYY-MM-DD), found \(tape.kind(ref).typeName)",
                           record: record, field: field(), at: ref)
            return nil
        }
        if !tape.stringMaySurprise(ref), let date = CalendarDate(isoBytes: tape.rawContents(ref)) { return date }
        let text = tape.string(ref)
        guard let date = CalendarDate(iso: text) else {
            context.report(.invalidDate, "invalid date \"\(Text.escaped(text, limit: 40))\" (expected YYYY, YYYY-MM or YYYY-MM-DD)",
                           record: record, field: field(), at: ref)
            return nil
        }
        return date
    }

    func enumValue<E: RawRepresentable & CaseIterable>(_ key: String, required: Bool = false) -> E? where E.RawValue == String {
        guard let found = node(key, required: required) else { return nil }
        return Self.enumValue(found, context: context, record: record, field: fieldPath(key))
    }

    static func enumValue<E: RawRepresentable & CaseIterable>(_ ref: Int, context: DecodingContext, record: String?,
                                                             field: @autoclosure () -> String) -> E? where E.RawValue == String {
        guard let text = string(ref, context: context, record: record, field: field()) else { return nil }
        guard let value = E(rawValue: text) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            context.report(.unknownEnumValue, "unknown value \"\(Text.escaped(text, limit: 40))\" (expected one of: \(allowed))",
                           record: record, field: field(), at: ref)
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

    /// The elements of an array field; missing or null gives none.
    func array(_ key: String, required: Bool = false) -> Elements {
        guard let found = node(key, required: required) else { return Elements(tape: tape, first: 0, end: 0, key: key) }
        guard tape.kind(found) == .array else {
            report(.wrongType, "expected an array, found \(tape.kind(found).typeName)", field: key, at: found)
            return Elements(tape: tape, first: 0, end: 0, key: key)
        }
        return Elements(tape: tape, first: found + 1, end: tape.next(found), key: key)
    }

    /// Checks that a required array field is there and is an array (for the top-level
    /// arrays whose records were read as they streamed past).
    func requireArray(_ key: String) {
        _ = array(key, required: true)
    }

    /// An array field's elements with their positions; `path(in:)` names one in messages.
    struct Elements: Sequence, IteratorProtocol {
        let tape: JSONTape
        var first: Int
        let end: Int
        let key: String
        var position = 0

        init(tape: JSONTape, first: Int, end: Int, key: String) {
            self.tape = tape; self.first = first; self.end = end; self.key = key
        }

        mutating func next() -> Element? {
            guard first < end else { return nil }
            defer { first = tape.next(first); position += 1 }
            return Element(ref: first, key: key, index: position)
        }

        struct Element {
            let ref: Int
            let key: String
            let index: Int
            func path(in reader: ObjectReader) -> String { "\(reader.fieldPath(key))[\(index)]" }
        }
    }

    /// A reader for an array element (nil with a problem when it is not an object).
    func object(_ element: Elements.Element) -> ObjectReader? {
        ObjectReader(element.ref, context: context, record: record, parent: self, key: element.key, index: element.index)
    }

    func strings(_ key: String) -> [String] {
        array(key).compactMap { Self.string($0.ref, context: context, record: record, field: $0.path(in: self)) }
    }

    func object(_ key: String, required: Bool = false) -> ObjectReader? {
        guard let found = node(key, required: required) else { return nil }
        return ObjectReader(found, context: context, record: record, parent: self, key: key)
    }

    /// The members of this object as (key, value entry), for maps keyed by data;
    /// reports repeated keys (the last one counts).
    func mapMembers() -> [(key: String, ref: Int)] {
        var position = 0
        var result: [(key: String, ref: Int)] = []
        let count = Int(tape.entries[ref].count)
        result.reserveCapacity(count)
        // A set only for large (hostile) maps; a handful of keys are compared in place.
        let large = count > 16
        var seen: Set<String> = []
        for member in tape.members(ref) {
            marks.markAsked(position)
            position += 1
            let key = tape.string(member.key)
            if large ? !seen.insert(key).inserted : result.contains(where: { $0.key == key }) {
                context.report(.invalidValue, "duplicate key \"\(Text.escaped(key))\"", record: record, field: fieldPath(key), at: member.value)
            }
            result.append((context.intern(key), member.value))
        }
        return result
    }
}

/// Which members of an object were asked for: a bit each, inline for the usual
/// handful of members.
struct MemberMarks {
    private var bits: UInt64 = 0
    private var overflow: [Bool]

    /// How many members were asked for.
    var askedCount: Int { overflow.isEmpty ? bits.nonzeroBitCount : overflow.filter { $0 }.count }

    init(count: Int) { overflow = count > 64 ? Array(repeating: false, count: count) : [] }

    func isAsked(_ i: Int) -> Bool { overflow.isEmpty ? bits & (1 << UInt64(i)) != 0 : overflow[i] }

    mutating func markAsked(_ i: Int) {
        if overflow.isEmpty { bits |= 1 << UInt64(i) } else { overflow[i] = true }
    }
}
