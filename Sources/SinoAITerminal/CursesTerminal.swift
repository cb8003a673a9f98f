import CNcursesw
import CSystemShims
import Foundation
import SinoAIRendering
import SinoAIViewModel

/// Input the terminal produced.
public enum TerminalInput: Equatable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
}

/// How many colours the terminal can show.
public enum ColorMode: String, Sendable {
    case none, eight, palette256, direct
}

/// The only code that talks to ncurses: starts and restores the terminal, flushes a
/// cell buffer with the wide-character API (one `doupdate` per frame), and decodes
/// keys and mouse events. Use from one thread.
public final class CursesTerminal {
    public enum StartError: Error, CustomStringConvertible {
        case notATerminal
        case unknownTerminal(String)
        case unsupportedTerminal(String)
        /// TERM is unset or empty (a cron job, `env -i`, some service managers).
        case noTerminalType

        public var description: String {
            switch self {
            case .notATerminal:
                "the dashboard needs a terminal (stdin and stdout must be a TTY); for scripts use a subcommand such as `sinoai companies --format csv`"
            case .unknownTerminal(let name):
                "unknown terminal type TERM=\"\(name)\" (no terminfo entry); try TERM=xterm-256color, or install ncurses-term"
            case .unsupportedTerminal(let name):
                "TERM=\"\(name)\" cannot position the cursor, so the dashboard cannot draw; try TERM=xterm-256color"
            case .noTerminalType:
                "TERM is not set, so the terminal type is unknown; set it (e.g. TERM=xterm-256color), or use the subcommands (sinoai companies, …) for plain output"
            }
        }
    }

    public private(set) var size: TerminalSize
    public let colorMode: ColorMode
    private var theme: Theme
    /// The theme's attributes per role as drawn in this colour mode (see `drawnAttributes`),
    /// worked out once per theme rather than per cell.
    private var roleAttributes: [ColorRole: Attributes] = [:]
    private var colorsEnabled: Bool
    private var screen: OpaquePointer?
    private var previous: Buffer?
    /// Running inside tmux, whose passthrough form a clipboard copy is also sent in.
    private let insideTmux: Bool
    private var pairs: [PairKey: Int32] = [:]
    private var needsFullRepaint = true
    private var ended = false
    /// Parses escape sequences ncurses passed through (see `InputDecoder`).
    private var decoder = InputDecoder()

    private struct PairKey: Hashable { var fg: ColorRole; var bg: ColorRole }

    /// Refuses a terminal the dashboard cannot use, before curses starts: stdin or stdout
    /// not a terminal, TERM unset, unknown or unable to position the cursor. Called before
    /// a long wait (watch mode on a broken snapshot) as well as by `init`.
    public static func checkCanStart(environment: [String: String]) throws {
        guard isatty(0) == 1, isatty(1) == 1 else { throw StartError.notATerminal }
        guard let term = environment["TERM"], !term.isEmpty else { throw StartError.noTerminalType }
        switch term.withCString({ sinoai_check_terminal_type($0) }) {
        case 1: throw StartError.unknownTerminal(term)
        case 2: throw StartError.unsupportedTerminal(term)
        default: break
        }
    }

    /// Starts curses on the controlling terminal. `colors: false` honours NO_COLOR.
    public init(theme: Theme, colors: Bool, mouse: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        insideTmux = environment["TMUX"] != nil
        try Self.checkCanStart(environment: environment)
        let termName = environment["TERM"]!
        var chosen = termName
        // COLORTERM=truecolor with an xterm-family TERM: use the direct-colour entry.
        if let colorterm = environment["COLORTERM"], ["truecolor", "24bit"].contains(colorterm.lowercased()),
           termName.hasPrefix("xterm"), !termName.hasSuffix("-direct") {
            chosen = "xterm-direct"
        }
        var screen = chosen.withCString { sinoai_newterm($0) }
        if screen == nil && chosen != termName {
            chosen = termName
            screen = termName.withCString { sinoai_newterm($0) }
        }
        guard let screen else { throw StartError.unknownTerminal(termName) }
        // A terminal that cannot address the cursor (TERM=dumb) would show a blank screen.
        guard sinoai_can_address_cursor() != 0 else {
            endwin()
            delscreen(screen)
            throw StartError.unsupportedTerminal(termName)
        }
        self.screen = screen
        self.theme = theme
        raw()
        noecho()
        nonl()
        keypad(sinoai_stdscr(), true)
        nodelay(sinoai_stdscr(), true)
        scrollok(sinoai_stdscr(), false)
        leaveok(sinoai_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        var mode = ColorMode.none
        if colors && has_colors() {
            start_color()
            use_default_colors()
            let count = sinoai_colors()
            mode = count >= 0x1000000 || sinoai_has_rgb() != 0 ? .direct : (count >= 256 ? .palette256 : (count >= 8 ? .eight : .none))
        }
        colorMode = mode
        roleAttributes = Self.drawnAttributes(theme, mode: mode)
        colorsEnabled = mode != .none
        size = TerminalSize(width: Int(sinoai_cols()), height: Int(sinoai_lines()))
        setMouse(mouse)
    }

    deinit { shutdown() }

    /// Restores the terminal. Safe to call more than once.
    public func shutdown() {
        guard !ended else { return }
        ended = true
        setMouse(false)
        curs_set(1)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
    }

    /// Ctrl-Z: gives the terminal back and stops the process group, as a shell's job
    /// control expects; returns after `fg` (SIGCONT) with the screen to be redrawn whole.
    /// false when there is no shell to return to (an orphaned process group, as under
    /// `sinoai serve`, where the stop would be discarded): nothing is done then.
    public func suspend(mouse: Bool) -> Bool {
        guard Self.hasJobControl() else { return false }
        setMouse(false)
        endwin()
        // The default action (stop), not ncurses' own SIGTSTP handler, which would run
        // endwin and doupdate again from inside the signal.
        var saved = sigaction(), stop = sigaction()
        stop.__sigaction_handler.sa_handler = SIG_DFL
        sigaction(SIGTSTP, &stop, &saved)
        kill(0, SIGTSTP)
        sigaction(SIGTSTP, &saved, nil)
        // Resumed: curses takes the terminal back on the next refresh.
        refresh()
        setMouse(mouse)
        _ = handleResize()
        previous = nil
        return true
    }

    /// Whether a shell in this session can resume this process group: going up from
    /// the parent past the processes of this group (`swift run`, a wrapper), the first
    /// one outside it is in the same session. Otherwise the group is orphaned (a pane's
    /// command without a shell, an SSH session child) and a stop would not be undone.
    static func hasJobControl() -> Bool {
        let group = getpgrp(), session = getsid(0)
        var pid = getppid()
        for _ in 0..<64 where pid > 1 {
            if getpgid(pid) != group { return getsid(pid) == session }
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")"),
                  let parent = stat[stat.index(after: close)...].split(separator: " ").dropFirst().first.flatMap({ pid_t($0) })
            else { return false }
            pid = parent
        }
        return false
    }

    /// Mouse reporting on or off. Where ncurses would get the X10 form (its terminfo
    /// entry's `kmous` is `ESC [ M`, as in tmux-256color and screen), the SGR form is
    /// asked for too: X10 cannot report a column past 223, so clicks on the right of a
    /// wide terminal were lost. `InputDecoder` reads the SGR reports ncurses passes on.
    public func setMouse(_ on: Bool) {
        let sgrBySelf = sinoai_mouse_reports_sgr() == 0
        if on {
            mouseinterval(0)
            mousemask(sinoai_button1_pressed() | sinoai_button4_pressed() | sinoai_button5_pressed(), nil)
            if sgrBySelf { writeToTerminal("\u{1B}[?1006h") }
        } else {
            if sgrBySelf { writeToTerminal("\u{1B}[?1006l") }
            mousemask(0, nil)
        }
    }

    /// Puts `text` on the clipboard of the terminal the user sits at with OSC 52, which
    /// travels over SSH; under tmux it is wrapped for tmux to pass on to the outer
    /// terminal (`allow-passthrough`, else tmux's own `set-clipboard`). Terminals that do
    /// not allow it ignore the sequence.
    public func copyToClipboard(_ text: String) {
        let osc52 = "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
        writeToTerminal(osc52)
        if insideTmux {
            // tmux's passthrough form: ESC P tmux; <sequence, each ESC doubled> ESC \.
            writeToTerminal("\u{1B}Ptmux;" + osc52.replacingOccurrences(of: "\u{1B}", with: "\u{1B}\u{1B}") + "\u{1B}\\")
        }
    }

    /// Writes a mode sequence straight to the terminal (ncurses has no call for it).
    private func writeToTerminal(_ sequence: String) {
        fflush(nil)
        _ = sequence.utf8CString.withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count - 1) }
    }

    public func setTheme(_ theme: Theme) {
        guard theme != self.theme else { return }
        self.theme = theme
        roleAttributes = Self.drawnAttributes(theme, mode: colorMode)
        pairs = [:]
        previous = nil
    }

    /// A theme's attributes per role, less `dim` where it does not belong: a role's `dim`
    /// is how 8 colours draw grey; with 256 or more a role that has its own colour is
    /// already grey, and faint on top of it leaves the doubt marker barely legible. (A role
    /// in the terminal's default colour, as in the monochrome theme, keeps it: faint is all
    /// it has.)
    static func drawnAttributes(_ theme: Theme, mode: ColorMode) -> [ColorRole: Attributes] {
        var result = theme.attributes
        for (role, attributes) in theme.attributes where attributes.contains(.dim) && mode != .eight {
            let color = theme.color(role)
            if mode == .direct ? color.rgb != nil : color.index256 != nil { result[role] = attributes.subtracting(.dim) }
        }
        return result
    }

    /// The next frame clears the screen and draws every cell (Ctrl-L: another program
    /// or a stray write left text on it that neither ncurses nor the last frame knows of).
    public func repaintEverything() {
        needsFullRepaint = true
    }

    /// Re-reads the window size after SIGWINCH and tells ncurses.
    public func handleResize() -> TerminalSize {
        var rows: Int32 = 0, cols: Int32 = 0
        if sinoai_winsize(1, &rows, &cols) != 0 {
            resizeterm(rows, cols)
        }
        size = TerminalSize(width: Int(sinoai_cols()), height: Int(sinoai_lines()))
        needsFullRepaint = true
        return size
    }

    // MARK: Output

    /// Draws the cells that changed since the last frame, then one `doupdate`.
    public func draw(_ buffer: Buffer) {
        let window = sinoai_stdscr()
        let full = needsFullRepaint || previous == nil || previous!.width != buffer.width || previous!.height != buffer.height
        if needsFullRepaint {
            // Only after a resize or Ctrl-L: a clear repaints every cell once.
            clearok(window, true)
            needsFullRepaint = false
        }
        for y in 0..<buffer.height {
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                if cell.isContinuation { continue }
                if !full, let previous, previous[x, y] == cell { continue }
                put(cell, x: x, y: y)
            }
        }
        previous = buffer
        wnoutrefresh(window)
        doupdate()
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        var wide: [wchar_t] = []
        for scalar in cell.symbol.unicodeScalars.prefix(5) { wide.append(wchar_t(bitPattern: scalar.value)) }
        if wide.isEmpty { wide.append(32) }
        wide.append(0)
        let (attrs, pair) = attributes(for: cell.style)
        _ = sinoai_put_cell(Int32(y), Int32(x), wide, attrs, pair)
    }

    private func attributes(for style: Style) -> (attr_t, Int32) {
        var attributes = style.attributes
        if colorsEnabled {
            attributes.formUnion(roleAttributes[style.fg] ?? [])
        } else {
            attributes.formUnion(Theme.monochromeAttributes[style.fg] ?? [])
            attributes.formUnion(Theme.monochromeAttributes[style.bg] ?? [])
        }
        var attr = sinoai_a_normal()
        if attributes.contains(.bold) { attr |= sinoai_a_bold() }
        if attributes.contains(.dim) { attr |= sinoai_a_dim() }
        if attributes.contains(.reverse) { attr |= sinoai_a_reverse() }
        if attributes.contains(.underline) { attr |= sinoai_a_underline() }
        return (attr, colorsEnabled ? pair(style.fg, style.bg) : 0)
    }

    private func pair(_ fg: ColorRole, _ bg: ColorRole) -> Int32 {
        let key = PairKey(fg: fg, bg: bg)
        if let cached = pairs[key] { return cached }
        let number = alloc_pair(colorNumber(theme.color(fg)), colorNumber(theme.color(bg)))
        let result = number < 0 ? 0 : number
        pairs[key] = result
        return result
    }

    private func colorNumber(_ color: ThemeColor) -> Int32 {
        switch colorMode {
        case .direct: color.rgb.map { Int32(bitPattern: $0) } ?? -1
        case .palette256: color.index256.map(Int32.init) ?? -1
        case .eight: color.index8.map(Int32.init) ?? -1
        case .none: -1
        }
    }

    // MARK: Input

    /// Reads every pending key and mouse event (non-blocking). Escape sequences that
    /// the terminfo entry does not list arrive as ESC and their bytes; `InputDecoder`
    /// turns them into keys or drops them, so their digits never act as key presses.
    /// nil when nothing at all could be read: input readable but empty means the
    /// terminal closed. Input that means nothing here (mouse motion, Insert) is not nil.
    public func readInput() -> [TerminalInput]? {
        var units: [InputDecoder.Unit] = []
        var raw: UInt32 = 0
        // Anything read at all (a key this app ignores, such as Insert) is input, not a
        // closed terminal; only a read that finds nothing counts toward hang-up.
        var readSomething = false
        while true {
            let result = sinoai_get_wch(&raw)
            if result == ERR { break }
            readSomething = true
            if result == KEY_CODE_YES {
                if let event = decodeFunctionKey(Int32(raw)) { units.append(.event(event)) }
            } else {
                units.append(.character(raw))
            }
        }
        let inputs = decoder.decode(units, now: ProcessInfo.processInfo.systemUptime)
        return !readSomething && inputs.isEmpty ? nil : inputs
    }

    /// Maps a character from get_wch to a key.
    static func decodeCharacter(_ raw: UInt32) -> Key? {
        switch raw {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(raw + 96)!))
        case 0, 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(raw) else { return nil }
            return .char(Character(scalar))
        }
    }

    private func decodeFunctionKey(_ code: Int32) -> TerminalInput? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME, KEY_FIND: return .key(.home)
        case KEY_END, KEY_SELECT, KEY_LL: return .key(.end)
        case KEY_BTAB: return .key(.backTab)
        case KEY_ENTER: return .key(.enter)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_RESIZE: return nil
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            let state = event.bstate
            let kind: MouseEvent.Kind
            if state & sinoai_button4_pressed() != 0 { kind = .wheelUp }
            else if sinoai_button5_pressed() != 0 && state & sinoai_button5_pressed() != 0 { kind = .wheelDown }
            else if state & (sinoai_button1_pressed() | sinoai_button1_clicked()) != 0 { kind = .press }
            else { return nil }
            return .mouse(MouseEvent(kind, x: Int(event.x), y: Int(event.y)))
        default:
            if code > KEY_F0 && code <= KEY_F0 + 24 { return .key(.function(Int(code - KEY_F0))) }
            // Modified keys the terminfo entry lists (kUP5 = Ctrl-Up) get codes above KEY_MAX.
            if code > KEY_MAX, let name = keyname(code) { return InputDecoder.key(extendedKeyName: String(cString: name)).map(TerminalInput.key) }
            return nil
        }
    }
}
