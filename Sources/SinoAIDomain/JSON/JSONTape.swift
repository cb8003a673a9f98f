import Foundation

/// A validated JSON value laid out flat, one entry per value in document order, over
/// the bytes it was read from. Nothing is decoded until asked for: strings stay byte
/// ranges and keys are compared as bytes, so reading a record allocates only what the
/// record keeps. The loader builds one tape per record and reuses its storage.
///
/// A view, not an owner: valid only while the bytes and entries it points to are (the
/// scope of `JSONTapeBuilder.withTape` or a record handler). Made of pointers and offsets, it
/// costs no reference counting wherever it is passed.
struct JSONTape {
    enum Kind: UInt8 {
        case null, bool, number, string, array, object

        /// The JSON type name used in messages ("string", "number", …).
        var typeName: String {
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

    /// One value. Objects are followed by their members (a key entry, then the value's
    /// entries); arrays by their elements.
    struct Entry {
        /// Byte offset where the value starts (a string's opening quote).
        var start: Int
        /// Byte offset just past the value.
        var end: Int
        /// The index of the entry after this value and everything inside it.
        var next: Int32
        /// Members of an object, elements of an array.
        var count: Int32
        var kind: Kind
        /// Strings: `hasEscapes`, `maySurprise`; booleans: 1 for true.
        var flags: UInt8
    }

    /// The string holds backslash escapes and must be unescaped to be read.
    static let hasEscapes: UInt8 = 1
    /// The string holds an escape or a byte that may start a control character (DEL,
    /// a C1 control, a bidirectional override), so it needs the full control check.
    static let maySurprise: UInt8 = 2

    /// The bytes in memory: the whole document, or the window the parser is reading.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The file offset of `bytes[0]` (entries hold file offsets).
    let base: Int
    /// The line and column of `bytes[0]`.
    let basePosition: TextPosition
    /// The top-level object's own keys and values once the window has moved past them.
    let pinned: Unmanaged<PinnedBytes>?
    let entries: UnsafeBufferPointer<Entry>

    init(bytes: UnsafeBufferPointer<UInt8>, base: Int = 0, basePosition: TextPosition = TextPosition(),
         pinned: Unmanaged<PinnedBytes>? = nil, entries: UnsafeBufferPointer<Entry>) {
        self.bytes = bytes
        self.base = base
        self.basePosition = basePosition
        self.pinned = pinned
        self.entries = entries
    }

    /// The bytes at file offsets `start..<end`, from the window or the pinned copies.
    func slice(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        if start >= base && end <= base + bytes.count {
            return UnsafeBufferPointer(rebasing: bytes[(start - base)..<(end - base)])
        }
        guard let segment = pinned?.takeUnretainedValue().segment(containing: start, end) else {
            preconditionFailure("tape entry \(start)..<\(end) is no longer in memory")
        }
        return UnsafeBufferPointer(rebasing: UnsafeBufferPointer(segment.bytes)[(start - segment.start)..<(end - segment.start)])
    }

    /// The line and column of a file offset, counted on from `from` (a known earlier
    /// position in the same window) when given.
    func position(of offset: Int, from: (offset: Int, position: TextPosition)? = nil) -> TextPosition? {
        if offset >= base && offset <= base + bytes.count {
            let start = from.map { $0.offset >= base && $0.offset <= offset ? $0 : (base, basePosition) } ?? (base, basePosition)
            return start.1.advanced(over: UnsafeBufferPointer(rebasing: bytes[(start.0 - base)..<(offset - base)]))
        }
        guard let segment = pinned?.takeUnretainedValue().segment(containing: offset, offset) else { return nil }
        return segment.position.advanced(over: UnsafeBufferPointer(rebasing: UnsafeBufferPointer(segment.bytes)[..<(offset - segment.start)]))
    }

    @inline(__always) func kind(_ i: Int) -> Kind { entries[i].kind }
    @inline(__always) func offset(_ i: Int) -> Int { entries[i].start }
    @inline(__always) func next(_ i: Int) -> Int { Int(entries[i].next) }
    func bool(_ i: Int) -> Bool { entries[i].flags == 1 }

    /// The raw bytes of a string's contents (escapes not undone) or a number's literal.
    func rawContents(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let entry = entries[i]
        return entry.kind == .string ? slice(entry.start + 1, entry.end - 1) : slice(entry.start, entry.end)
    }

    /// The members of an object as (key entry, value entry) pairs.
    func members(_ i: Int) -> MemberSequence { MemberSequence(tape: self, first: i + 1, end: next(i)) }

    /// The elements of an array, as entry indexes.
    func elements(_ i: Int) -> ElementSequence { ElementSequence(tape: self, first: i + 1, end: next(i)) }

    struct MemberSequence: Sequence, IteratorProtocol {
        let tape: JSONTape
        var first: Int
        let end: Int
        mutating func next() -> (key: Int, value: Int)? {
            guard first < end else { return nil }
            let key = first
            first = tape.next(key + 1)
            return (key, key + 1)
        }
    }

    struct ElementSequence: Sequence, IteratorProtocol {
        let tape: JSONTape
        var first: Int
        let end: Int
        mutating func next() -> Int? {
            guard first < end else { return nil }
            defer { first = tape.next(first) }
            return first
        }
    }

    /// Whether a key (or string) entry equals `key`, compared as bytes.
    func stringEquals(_ i: Int, _ key: String) -> Bool {
        let entry = entries[i]
        if entry.flags & Self.hasEscapes != 0 { return string(i) == key }
        let contents = rawContents(i)
        guard key.utf8.count == contents.count else { return false }
        guard let first = contents.first else { return true }
        return key.utf8.withContiguousStorageIfAvailable { utf8 in
            utf8[0] == first && memcmp(utf8.baseAddress!, contents.baseAddress!, utf8.count) == 0
        } ?? key.utf8.elementsEqual(contents)
    }

    /// A string entry's text, escapes undone. The bytes were validated when the tape
    /// was built, so this cannot fail.
    func string(_ i: Int) -> String {
        let entry = entries[i]
        let contents = rawContents(i)
        guard entry.flags & Self.hasEscapes != 0 else { return String(decoding: contents, as: UTF8.self) }
        return Self.unescape(contents)
    }

    /// Whether the string may hold a control character (a quick, conservative test).
    func stringMaySurprise(_ i: Int) -> Bool { entries[i].flags & Self.maySurprise != 0 }

    /// A number entry's literal text.
    func numberText(_ i: Int) -> String { String(decoding: rawContents(i), as: UTF8.self) }

    private static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        func hex4(_ at: Int) -> UInt32 {
            var value: UInt32 = 0
            for k in at..<(at + 4) {
                let b = raw[k]
                value = value << 4 | UInt32(b <= 0x39 ? b - 0x30 : (b | 0x20) - 0x61 + 10)
            }
            return value
        }
        while i < raw.count {
            let byte = raw[i]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                i += 1
                continue
            }
            let escape = raw[i + 1]
            i += 2
            switch escape {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = hex4(i)
                i += 4
                if (0xD800...0xDBFF).contains(code) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (hex4(i + 2) - 0xDC00)
                    i += 6
                }
                out.append(contentsOf: String(Unicode.Scalar(code)!).utf8)
            default: out.append(escape) // \" \\ \/
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
