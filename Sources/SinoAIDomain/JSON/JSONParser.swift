/// A strict RFC 8259 parser over UTF-8 bytes that returns a tree (for tools that edit
/// a document, such as the price import). The rules live in `JSONTapeBuilder`; the
/// snapshot loader reads the tape directly instead of building a tree.
public enum JSONParser {
    /// Why parsing stopped, with the byte offset of the offending input.
    public struct Failure: Error, Equatable, Sendable {
        public var message: String
        public var offset: Int
    }

    /// Parses a whole document; trailing content other than whitespace is an error.
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> JSONNode {
        let result: Result<JSONNode, Failure> = bytes.withUnsafeBufferPointer { buffer in
            do throws(Failure) {
                return .success(try JSONTapeBuilder.withTape(buffer) { node($0, 0) })
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func node(_ tape: JSONTape, _ i: Int) -> JSONNode {
        let value: JSONValue
        switch tape.kind(i) {
        case .null: value = .null
        case .bool: value = .bool(tape.bool(i))
        case .number: value = .number(tape.numberText(i))
        case .string: value = .string(tape.string(i))
        case .array: value = .array(tape.elements(i).map { node(tape, $0) })
        case .object: value = .object(tape.members(i).map { JSONMember(key: tape.string($0.key), node: node(tape, $0.value)) })
        }
        return JSONNode(value, offset: tape.offset(i))
    }
}
