/// One thing wrong with a snapshot, precise enough to fix without searching:
/// the file, the record (its id, or its index when it has none), the field path.
public struct SnapshotProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case unreadableFile = "unreadable-file"
        case malformedJSON = "malformed-json"
        case unsupportedSchema = "unsupported-schema"
        case wrongType = "wrong-type"
        case missingField = "missing-field"
        case unknownField = "unknown-field"
        case unknownEnumValue = "unknown-enum-value"
        case invalidDate = "invalid-date"
        case unknownCurrency = "unknown-currency"
        case negativeAmount = "negative-amount"
        case outOfRange = "out-of-range"
        case invalidValue = "invalid-value"
        case duplicateId = "duplicate-id"
        case unknownReference = "unknown-reference"
        case missingSources = "missing-sources"
        case controlCharacter = "control-character"
    }

    public var file: String
    public var record: String?
    public var field: String?
    public var kind: Kind
    public var message: String
    public var line: Int?
    public var column: Int?

    public init(file: String, record: String? = nil, field: String? = nil, kind: Kind, message: String,
                line: Int? = nil, column: Int? = nil) {
        // Ids, keys and messages may quote untrusted data: escape once, here, so no
        // output format (table, JSON, CSV, the banner) can carry a raw escape sequence.
        self.file = Text.escaped(file); self.record = record.map { Text.escaped($0) }
        self.field = field.map { Text.escaped($0) }; self.kind = kind
        self.message = Text.escaped(message); self.line = line; self.column = column
    }

    /// `companies.json:12:20: zhipu-ai: listings[0].currency: unknown currency "HKX"`.
    public var description: String {
        var text = file
        if let line, let column { text += ":\(line):\(column)" }
        text += ":"
        if let record { text += " \(record):" }
        if let field, !field.isEmpty { text += " \(field):" }
        return text + " " + message
    }
}
