import SinoAIViewModel

/// Turns what `get_wch` produced into keys, parsing the escape sequences ncurses did
/// not recognise. Pure (no curses calls), so it is unit-tested directly.
///
/// With `keypad` on, ncurses decodes the sequences its terminfo entry lists. Anything
/// else (tmux sends Home and End as `ESC [ 1 ~` and `ESC [ 4 ~`, which xterm-256color
/// does not list) comes back as ESC followed by the raw bytes, and must not be read as
/// the digits and letters inside it. So after ESC, the characters already read are
/// parsed as a CSI (`ESC [`, parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F,
/// a final byte 0x40–0x7E) or SS3 (`ESC O` and one byte) sequence: the known ones become
/// keys, other complete ones are dropped. An ESC with nothing after it (ncurses has
/// already waited the escape delay) is the Esc key; ESC and any other character is Esc
/// and then that character, as before. A sequence cut off at the end of a read is kept
/// and finished by the next read, if that comes soon; a read later than `sequenceTimeout`
/// means it was typed (Alt-[ is `ESC [`): Esc, then its characters as keys.
public struct InputDecoder: Sendable {
    /// One result of `get_wch`: a character, or an input ncurses already decoded.
    public enum Unit: Equatable, Sendable {
        case character(UInt32)
        case event(TerminalInput)
    }

    /// The start of a sequence still waiting for its end (from `ESC` on), and when.
    private var pending: [UInt32] = []
    private var pendingSince: Double = 0

    /// How long a cut-off sequence waits for its end (seconds): longer than a terminal
    /// takes to send one, far shorter than a person takes to press the next key.
    static let sequenceTimeout = 0.1

    /// Longer than this, a sequence is garbage: dropped rather than kept waiting.
    static let maximumSequenceLength = 64

    public init() {}

    /// The inputs these units make, in order; `now` is a monotonic time in seconds.
    public mutating func decode(_ units: [Unit], now: Double = 0) -> [TerminalInput] {
        var output: [TerminalInput] = []
        var characters = pending
        if !pending.isEmpty && now - pendingSince > Self.sequenceTimeout {
            // Nothing finished it in time: it was typed, not cut off.
            output.append(.key(.escape))
            characters = Array(pending.dropFirst())
        }
        pending = []
        func flush(final: Bool) {
            var i = 0
            while i < characters.count {
                guard characters[i] == Self.escape else {
                    if let key = CursesTerminal.decodeCharacter(characters[i]) { output.append(.key(key)) }
                    i += 1
                    continue
                }
                switch Self.parseEscape(characters, from: i) {
                case .incomplete:
                    if final {
                        // Wait for the rest, unless the sequence is already absurdly long.
                        if characters.count - i <= Self.maximumSequenceLength {
                            pending = Array(characters[i...])
                            pendingSince = now
                        }
                    }
                    // Interrupted by an ncurses-decoded event: the partial sequence is dropped.
                    i = characters.count
                case .escapeKey:
                    output.append(.key(.escape))
                    i += 1
                case .sequence(let input, let end):
                    if let input { output.append(input) }
                    i = end
                }
            }
            characters = []
        }
        for unit in units {
            switch unit {
            case .character(let raw):
                characters.append(raw)
            case .event(let event):
                flush(final: false)
                output.append(event)
            }
        }
        flush(final: true)
        return output
    }

    // MARK: Parsing

    static let escape: UInt32 = 0x1B

    enum EscapeResult: Equatable {
        /// The characters end before the sequence does.
        case incomplete
        /// ESC on its own (or followed by something that starts no sequence).
        case escapeKey
        /// A whole sequence up to (not including) `end`: its input, or nil to drop it.
        case sequence(TerminalInput?, end: Int)
    }

    /// Parses the sequence starting with the ESC at `start`.
    static func parseEscape(_ c: [UInt32], from start: Int) -> EscapeResult {
        let next = start + 1
        guard next < c.count else { return .escapeKey }
        switch c[next] {
        case 0x5B: // "[": CSI
            var i = next + 1
            var parameters = ""
            var intermediates = ""
            while i < c.count {
                let byte = c[i]
                switch byte {
                case 0x30...0x3F where intermediates.isEmpty:
                    parameters.unicodeScalars.append(Unicode.Scalar(UInt8(byte)))
                case 0x20...0x2F:
                    intermediates.unicodeScalars.append(Unicode.Scalar(UInt8(byte)))
                case 0x40...0x7E:
                    // X10 mouse report: ESC [ M and three raw bytes (button, x, y).
                    if byte == 0x4D && parameters.isEmpty && intermediates.isEmpty {
                        return i + 3 < c.count ? .sequence(nil, end: i + 4) : .incomplete
                    }
                    // SGR mouse report (mode 1006): ESC [ < button ; x ; y M (press) or m (release).
                    if parameters.hasPrefix("<") && intermediates.isEmpty && (byte == 0x4D || byte == 0x6D) {
                        return .sequence(sgrMouse(parameters.dropFirst(), pressed: byte == 0x4D).map(TerminalInput.mouse), end: i + 1)
                    }
                    let key = intermediates.isEmpty ? csiKey(parameters: parameters, final: UInt8(byte)) : nil
                    return .sequence(key.map(TerminalInput.key), end: i + 1)
                default:
                    // Not part of a sequence (a control character, another ESC, text):
                    // drop what came before it and read it normally.
                    return .sequence(nil, end: i)
                }
                i += 1
            }
            return .incomplete
        case 0x4F: // "O": SS3
            let i = next + 1
            guard i < c.count else { return .incomplete }
            guard (0x20...0x7E).contains(c[i]) else { return .sequence(nil, end: i) }
            return .sequence(ss3Key(UInt8(c[i])).map(TerminalInput.key), end: i + 1)
        default:
            return .escapeKey
        }
    }

    /// The event of an SGR mouse report's `button;x;y` (1-based cells): a left press or
    /// a wheel step; nil for releases, motion, other buttons and malformed reports.
    /// ncurses decodes these itself only where the terminfo entry says so (`kmous` is
    /// `ESC [ <`, as in xterm-256color); `CursesTerminal` asks for them everywhere,
    /// because the older X10 form cannot report columns past 223.
    static func sgrMouse(_ parameters: Substring, pressed: Bool) -> MouseEvent? {
        let fields = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        guard pressed, fields.count == 3, let button = fields[0], let x = fields[1], let y = fields[2], x >= 1, y >= 1,
              button & 32 == 0 else { return nil }  // 32: motion
        let kind: MouseEvent.Kind
        switch button & ~(4 | 8 | 16) {  // Shift, Meta and Ctrl do not matter here
        case 0: kind = .press
        case 64: kind = .wheelUp
        case 65: kind = .wheelDown
        default: return nil
        }
        return MouseEvent(kind, x: x - 1, y: y - 1)
    }

    /// The key of `CSI parameters final`, or nil for sequences the dashboard ignores.
    static func csiKey(parameters: String, final: UInt8) -> Key? {
        // Private sequences (`<`, `=`, `>`, `?` first: mouse, focus, replies) are never keys.
        if let first = parameters.unicodeScalars.first, (0x3C...0x3F).contains(first.value) { return nil }
        let fields = parameters.split(separator: ";", omittingEmptySubsequences: false)
        guard fields.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return nil }
        let number = fields.first.flatMap { Int($0) }
        if let key = letterKey(final) { return key }
        switch final {
        case UInt8(ascii: "Z"): return .backTab
        case UInt8(ascii: "~"):
            switch number ?? 0 {
            case 1, 7: return .home
            case 4, 8: return .end
            case 5: return .pageUp
            case 6: return .pageDown
            case 3: return .delete
            case let n where (11...15).contains(n): return .function(n - 10)
            case let n where (17...21).contains(n): return .function(n - 11)
            case let n where (23...24).contains(n): return .function(n - 12)
            default: return nil // 2~ Insert, 200~/201~ paste brackets, unknown
            }
        default: return nil
        }
    }

    /// The final letters CSI and SS3 share: arrows, Home, End, F1–F4.
    static func letterKey(_ final: UInt8) -> Key? {
        switch final {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        case UInt8(ascii: "H"): .home
        case UInt8(ascii: "F"): .end
        case UInt8(ascii: "P"): .function(1)
        case UInt8(ascii: "Q"): .function(2)
        case UInt8(ascii: "R"): .function(3)
        case UInt8(ascii: "S"): .function(4)
        default: nil
        }
    }

    /// The key of `SS3 final` (`ESC O x`), or nil.
    static func ss3Key(_ final: UInt8) -> Key? {
        if let key = letterKey(final) { return key }
        switch final {
        case UInt8(ascii: "M"): return .enter
        // Keypad digits in application mode.
        case UInt8(ascii: "p")...UInt8(ascii: "y"): return .char(Character(Unicode.Scalar(final - UInt8(ascii: "p") + UInt8(ascii: "0"))))
        default: return nil
        }
    }

    /// A key from ncurses' name for an extended key code (codes above KEY_MAX, which
    /// ncurses assigns to modified keys its terminfo lists: `kUP5` is Ctrl-Up), or nil.
    public static func key(extendedKeyName name: String) -> Key? {
        let prefixes: [(String, Key?)] = [("kUP", .up), ("kDN", .down), ("kLFT", .left), ("kRIT", .right), ("kHOM", .home),
                                          ("kEND", .end), ("kPRV", .pageUp), ("kNXT", .pageDown), ("kDC", .delete)]
        for (prefix, key) in prefixes where name.hasPrefix(prefix) {
            let modifier = name.dropFirst(prefix.count)
            guard !modifier.isEmpty, modifier.allSatisfy({ ("2"..."8").contains($0) }) else { return nil }
            return key
        }
        return nil
    }
}
