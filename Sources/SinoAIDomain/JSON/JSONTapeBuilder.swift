/// Builds a `JSONTape` with a strict RFC 8259 parse over UTF-8 bytes. It rejects what
/// Foundation's parser tolerates and what a snapshot must not contain: NaN/Infinity,
/// comments, trailing commas, invalid UTF-8, lone surrogates, unescaped control
/// characters, nesting deeper than 256.
///
/// With a record handler it streams: each element of an array that is a member of the
/// top-level object (a file's records) is handed over as soon as it is complete and its
/// entries are then dropped. Reading from a file, it also keeps only a window of the
/// bytes (from the current record on) and copies the top-level object's own members
/// aside, so a file of any length needs memory for one record at a time.
struct JSONTapeBuilder {
    /// Called with the top-level key, the tape and the element's entry index.
    typealias RecordHandler = (_ key: String, _ tape: JSONTape, _ element: Int) -> Void

    /// The bytes in memory; `index` is relative to them, `base` is their file offset.
    private var bytes: UnsafeBufferPointer<UInt8>
    private var base = 0
    private var index = 0
    private let source: JSONByteSource?
    /// Bytes from this file offset on must stay in the window.
    private var keepFrom = 0
    private let pinned = PinnedBytes()
    /// The last copy's file offset and position.
    private var lastPin: (offset: Int, position: TextPosition)?
    private var depth = 0
    private var entries: [JSONTape.Entry] = []
    private let onRecord: RecordHandler?
    private var currentTopLevelKey = ""
    private static let maximumDepth = 256
    /// Values in one record (or in a top level that is not streamed): 512 MB of tape.
    static let maximumEntries = 16 << 20

    private init(bytes: UnsafeBufferPointer<UInt8>, source: JSONByteSource?, onRecord: RecordHandler?) {
        self.bytes = bytes
        self.source = source
        self.onRecord = onRecord
        entries.reserveCapacity(256)
    }

    /// Parses a whole document in memory and calls `body` with its tape; trailing
    /// content other than whitespace is an error. With `onRecord`, the tape no longer
    /// holds the streamed records (their arrays keep their count).
    static func withTape<T>(_ bytes: UnsafeBufferPointer<UInt8>, onRecord: RecordHandler? = nil,
                            _ body: (JSONTape) -> T) throws(JSONParser.Failure) -> T {
        var builder = JSONTapeBuilder(bytes: bytes, source: nil, onRecord: onRecord)
        return try builder.run(body)
    }

    /// The same, reading a file a window at a time.
    static func withTape<T>(reading source: JSONByteSource, onRecord: RecordHandler? = nil,
                            _ body: (JSONTape) -> T) throws(JSONParser.Failure) -> T {
        var builder = JSONTapeBuilder(bytes: source.window, source: source, onRecord: onRecord)
        return try builder.run(body)
    }

    private mutating func run<T>(_ body: (JSONTape) -> T) throws(JSONParser.Failure) -> T {
        if ensure(3), bytes[index] == 0xEF, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF { index = 3 }
        skipWhitespace()
        guard hasByte() else { throw JSONParser.Failure(message: "file is empty", offset: 0) }
        try parseValue()
        skipWhitespace()
        if hasByte() {
            throw JSONParser.Failure(message: "unexpected content after the top-level value", offset: position)
        }
        return entries.withUnsafeBufferPointer { body(tape($0)) }
    }

    private func tape(_ entries: UnsafeBufferPointer<JSONTape.Entry>) -> JSONTape {
        JSONTape(bytes: bytes, base: base, basePosition: source?.basePosition ?? TextPosition(),
                 pinned: Unmanaged.passUnretained(pinned), entries: entries)
    }

    /// The file offset of the next byte.
    @inline(__always) private var position: Int { base + index }

    /// Whether a byte is available at `index`, reading more of the file if needed.
    @inline(__always) private mutating func hasByte() -> Bool { index < bytes.count || refill(need: 1) }

    /// Whether `n` bytes are available from `index`.
    @inline(__always) private mutating func ensure(_ n: Int) -> Bool { index + n <= bytes.count || refill(need: n) }

    private mutating func refill(need: Int) -> Bool {
        guard let source else { return false }
        while index + need > bytes.count {
            let absolute = position
            let more = source.refill(keep: min(keepFrom, absolute))
            // The window may have moved even when the file has ended.
            bytes = source.window
            base = source.base
            index = absolute - base
            if !more { return false }
        }
        return true
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while hasByte() {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func fail(_ message: String, at offset: Int? = nil) -> JSONParser.Failure {
        JSONParser.Failure(message: message, offset: offset ?? position)
    }

    @inline(__always)
    private mutating func append(_ kind: JSONTape.Kind, start: Int, flags: UInt8 = 0) -> Int {
        entries.append(JSONTape.Entry(start: start, end: position, next: Int32(entries.count + 1), count: 0, kind: kind, flags: flags))
        return entries.count - 1
    }

    private mutating func parseValue() throws(JSONParser.Failure) {
        guard hasByte() else { throw fail("unexpected end of file") }
        let start = position
        switch bytes[index] {
        case UInt8(ascii: "{"): try parseObject()
        case UInt8(ascii: "["): try parseArray()
        case UInt8(ascii: "\""):
            let flags = try scanString()
            _ = append(.string, start: start, flags: flags)
        case UInt8(ascii: "t"): try expectLiteral("true"); _ = append(.bool, start: start, flags: 1)
        case UInt8(ascii: "f"): try expectLiteral("false"); _ = append(.bool, start: start)
        case UInt8(ascii: "n"): try expectLiteral("null"); _ = append(.null, start: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try scanNumber()
            _ = append(.number, start: start)
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw fail("NaN and Infinity are not JSON numbers")
        default:
            throw fail("unexpected character \(Self.describe(bytes[index]))")
        }
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "0x" + String(byte, radix: 16, uppercase: true)
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParser.Failure) {
        let start = position
        let text = literal.utf8Start
        for i in 0..<literal.utf8CodeUnitCount {
            guard hasByte(), bytes[index] == text[i] else {
                throw fail("invalid literal", at: start)
            }
            index += 1
        }
    }

    private mutating func enter() throws(JSONParser.Failure) {
        depth += 1
        if depth > Self.maximumDepth { throw fail("nesting deeper than \(Self.maximumDepth) levels") }
    }

    /// Checked once per member or element: the tape of one record (or of a top level
    /// that is not streamed) stays bounded whatever a file holds.
    @inline(__always)
    private func checkSize() throws(JSONParser.Failure) {
        if entries.count > Self.maximumEntries { throw fail("more than \(Self.maximumEntries) values in one record") }
    }

    /// Fills in a container's end, count and next once its contents are parsed.
    private mutating func close(_ container: Int, count: Int) {
        entries[container].end = position
        entries[container].count = Int32(count)
        entries[container].next = Int32(entries.count)
        depth -= 1
    }

    private mutating func parseObject() throws(JSONParser.Failure) {
        try enter()
        // Reading a file with records: the window moves on past the top-level object's
        // own members, so what the final checks need of them is copied aside.
        let windowedTopLevel = depth == 1 && onRecord != nil && source != nil
        if windowedTopLevel { pin(position, position + 1) }
        let container = append(.object, start: position)
        index += 1
        var count = 0
        skipWhitespace()
        if hasByte(), bytes[index] == UInt8(ascii: "}") {
            index += 1
            close(container, count: 0)
            return
        }
        while true {
            skipWhitespace()
            guard hasByte() else { throw fail("unexpected end of file inside an object") }
            guard bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
            let keyStart = position
            if windowedTopLevel { keepFrom = keyStart }
            let flags = try scanString()
            let key = append(.string, start: keyStart, flags: flags)
            if depth == 1, onRecord != nil {
                currentTopLevelKey = entries.withUnsafeBufferPointer { tape($0).string(key) }
            }
            skipWhitespace()
            guard hasByte(), bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
            index += 1
            skipWhitespace()
            // A records array: keep its key (and the bracket) before the window moves on.
            let records = windowedTopLevel && hasByte() && bytes[index] == UInt8(ascii: "[")
            if records { pin(keyStart, position + 1) }
            try parseValue()
            try checkSize()
            if windowedTopLevel {
                if !records { pin(keyStart, position) }
                keepFrom = position
            }
            count += 1
            skipWhitespace()
            guard hasByte() else { throw fail("unexpected end of file inside an object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; break }
            throw fail("expected ',' or '}' in an object")
        }
        close(container, count: count)
    }

    private mutating func parseArray() throws(JSONParser.Failure) {
        try enter()
        let container = append(.array, start: position)
        // The elements of a top-level member's array are records: stream them.
        let streaming = depth == 2 && onRecord != nil && entries.first?.kind == .object
        index += 1
        var count = 0
        skipWhitespace()
        if hasByte(), bytes[index] == UInt8(ascii: "]") {
            index += 1
            close(container, count: 0)
            return
        }
        while true {
            skipWhitespace()
            let element = entries.count
            if streaming { keepFrom = position }
            try parseValue()
            try checkSize()
            count += 1
            if streaming, let onRecord {
                entries.withUnsafeBufferPointer { onRecord(currentTopLevelKey, tape($0), element) }
                entries.removeSubrange(element...)
            }
            skipWhitespace()
            guard hasByte() else { throw fail("unexpected end of file inside an array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; break }
            throw fail("expected ',' or ']' in an array")
        }
        close(container, count: count)
    }

    /// Copies file offsets `start..<end` (in the window) aside with their position,
    /// counted on from the previous copy's when that is still in the window (a top level
    /// with many keys must not rescan the window for each).
    private mutating func pin(_ start: Int, _ end: Int) {
        var from = (offset: base, position: source?.basePosition ?? TextPosition())
        if let last = lastPin, last.offset >= base, last.offset <= start { from = last }
        let position = from.position.advanced(over: UnsafeBufferPointer(rebasing: bytes[(from.offset - base)..<(start - base)]))
        lastPin = (start, position)
        pinned.pin(UnsafeBufferPointer(rebasing: bytes[(start - base)..<(end - base)]), at: start, position: position)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private mutating func scanNumber() throws(JSONParser.Failure) {
        let start = position
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard hasByte(), isDigit(bytes[index]) else { throw fail("invalid number", at: start) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if hasByte(), isDigit(bytes[index]) { throw fail("leading zeros are not allowed", at: start) }
        } else {
            while hasByte(), isDigit(bytes[index]) { index += 1 }
        }
        if hasByte(), bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard hasByte(), isDigit(bytes[index]) else { throw fail("invalid number", at: start) }
            while hasByte(), isDigit(bytes[index]) { index += 1 }
        }
        if hasByte(), bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if hasByte(), bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard hasByte(), isDigit(bytes[index]) else { throw fail("invalid number", at: start) }
            while hasByte(), isDigit(bytes[index]) { index += 1 }
        }
        if position - start > 64 { throw fail("number literal longer than 64 characters", at: start) }
    }

    /// Scans a string from its opening quote to just past the closing one, validating
    /// escapes and UTF-8; returns the tape flags.
    private mutating func scanString() throws(JSONParser.Failure) -> UInt8 {
        let start = position
        index += 1
        var flags: UInt8 = 0
        // Where invalid UTF-8 is reported: the contents, or just past the last escape.
        var segmentStart = position
        while hasByte() {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return flags
            }
            if byte < 0x20 { throw fail("unescaped control character in a string") }
            if byte == UInt8(ascii: "\\") {
                flags |= JSONTape.hasEscapes | JSONTape.maySurprise
                try scanEscape(stringStart: start)
                segmentStart = position
                continue
            }
            if byte >= 0x7F {
                // DEL, and the lead bytes of C1 controls (0xC2) and bidi overrides (0xE2).
                if byte == 0x7F || byte == 0xC2 || byte == 0xE2 { flags |= JSONTape.maySurprise }
                if byte >= 0x80 { try scanUTF8Sequence(reportingAt: segmentStart); continue }
            }
            index += 1
        }
        throw fail("unterminated string", at: start)
    }

    private mutating func scanEscape(stringStart: Int) throws(JSONParser.Failure) {
        index += 1
        guard hasByte() else { throw fail("unterminated string", at: stringStart) }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "u"):
            let code = try hex4()
            if (0xD800...0xDBFF).contains(code) {
                guard ensure(2), bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw fail("unpaired surrogate in \\u escape")
                }
                index += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate in \\u escape") }
            } else if (0xDC00...0xDFFF).contains(code) {
                throw fail("unpaired surrogate in \\u escape")
            }
        default:
            throw fail("invalid escape sequence", at: position - 2)
        }
    }

    private mutating func hex4() throws(JSONParser.Failure) -> UInt32 {
        guard ensure(4) else { throw fail("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw fail("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence (no overlongs, surrogates or values past
    /// U+10FFFF).
    private mutating func scanUTF8Sequence(reportingAt offset: Int) throws(JSONParser.Failure) {
        func invalidUTF8() -> JSONParser.Failure { JSONParser.Failure(message: "invalid UTF-8 in a string", offset: offset) }
        let lead = bytes[index]
        var length = 0
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw invalidUTF8()
        }
        guard ensure(length) else { throw invalidUTF8() }
        let second = bytes[index + 1]
        guard second >= low && second <= high else { throw invalidUTF8() }
        for k in 2..<max(2, length) where bytes[index + k] & 0xC0 != 0x80 { throw invalidUTF8() }
        index += length
    }
}
