/// A parsed JSON value that remembers where it came from, so problems can name a line
/// and column. Numbers keep their literal text so money is read as an exact decimal.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONNode])
    case object([JSONMember])

    /// The JSON type name used in messages ("string", "number", …).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// A value and the byte offset in its file where it starts.
public struct JSONNode: Sendable, Equatable {
    public var value: JSONValue
    public var offset: Int

    public init(_ value: JSONValue, offset: Int = 0) {
        self.value = value
        self.offset = offset
    }
}

/// One key of an object, in file order (duplicates are kept so they can be reported).
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var node: JSONNode

    public init(key: String, node: JSONNode) {
        self.key = key
        self.node = node
    }
}
