import Foundation
import XCTest

/// Drives the real `sinoai` binary inside a private tmux server, for end-to-end tests
/// of the interactive dashboard: a real pty, real terminfo, real signals.
///
/// Every session has its own server (`tmux -L <unique socket>`, a config file of its own), so
/// tests never see each other or the user's tmux; `kill()` (also run on deinit)
/// stops the server. Waits poll `capture-pane` every 30 ms up to a cap, so they end
/// as soon as the screen is right and never depend on fixed sleeps.
final class TmuxSession {
    /// Why a wait or a tmux command failed (the test has already been failed with details).
    enum Failure: Error, CustomStringConvertible {
        case command([String], Int32, String)
        case timeout(String)

        var description: String {
            switch self {
            case .command(let arguments, let status, let stderr): "tmux \(arguments.joined(separator: " ")) exited \(status): \(stderr)"
            case .timeout(let what): "timed out waiting for \(what)"
            }
        }
    }

    /// The tmux executable, or nil when tmux is not installed.
    static let executable: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"] {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent("tmux")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    /// Throws XCTSkip when tmux is missing, XCTFail + error when the binary is missing.
    static func requireTools(file: StaticString = #filePath, line: UInt = #line) throws {
        guard executable != nil else { throw XCTSkip("tmux is not installed; the end-to-end dashboard tests need it") }
        guard FileManager.default.isExecutableFile(atPath: CLI.executable.path) else {
            XCTFail("no sinoai executable at \(CLI.executable.path); build the package first", file: file, line: line)
            throw CLIError.missingExecutable(CLI.executable.path)
        }
    }

    /// The one window of the one session.
    static let target = "=e2e:"

    /// How often waits look at the screen.
    static let pollInterval: TimeInterval = 0.03
    /// The default cap on waits: generous, for loaded machines; waits end as soon as they can.
    static let defaultTimeout: TimeInterval = 10

    private static let counter = Counter()

    let socket: String
    private(set) var width: Int
    private(set) var height: Int
    /// A scratch folder for the session (stderr files, an empty XDG_CONFIG_HOME).
    let scratch: TemporaryDirectory
    /// The tmux configuration the server starts with.
    private let config: URL
    private var killed = false

    /// Starts a detached `width`×`height` session running `script` with /bin/sh.
    /// The pane gets TERM=`term` (through `default-terminal`: tmux overrides a TERM
    /// passed with `-e`), LANG=C.UTF-8, an empty XDG_CONFIG_HOME (no user themes) and
    /// `environment`; NO_COLOR, COLORTERM, SINOAI_DATA and LC_* are removed from
    /// what the test process had, so the run is hermetic.
    init(script: String, width: Int = 120, height: Int = 40, term: String = "tmux-256color",
         environment: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) throws {
        try Self.requireTools(file: file, line: line)
        socket = "sinoai-e2e-\(getpid())-\(Self.counter.next())"
        self.width = width
        self.height = height
        scratch = try TemporaryDirectory(prefix: "sinoai-e2e")
        let configHome = scratch.url.appendingPathComponent("config", isDirectory: true)
        try FileManager.default.createDirectory(at: configHome, withIntermediateDirectories: true)

        // Options go in a config file, read when the server starts, before the pane is
        // spawned. (Not `window-size manual`: with it tmux 3.3a crashes creating a
        // detached session; `resize-window` switches to manual sizing by itself.)
        config = scratch.url.appendingPathComponent("tmux.conf")
        try Data("""
            set-option -g default-terminal "\(term)"
            set-option -g default-shell /bin/sh
            set-option -g history-limit 0
            set-option -g exit-empty on

            """.utf8).write(to: config)
        var env = ["LANG": "C.UTF-8", "XDG_CONFIG_HOME": configHome.path]
        for (key, value) in environment { env[key] = value }
        var arguments = ["new-session", "-d", "-s", "e2e", "-x", "\(width)", "-y", "\(height)"]
        for (key, value) in env.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        arguments.append(script)
        do {
            try run(arguments, file: file, line: line)
        } catch {
            kill()
            throw error
        }
    }

    /// A session running the dashboard: `sinoai --data <dir> arguments…; echo "EXIT:$?"; sleep 60`,
    /// so the exit status shows on the screen and the pane stays open afterwards.
    static func dashboard(_ arguments: [String] = [], data: URL = Golden.realData, width: Int = 120, height: Int = 40,
                          term: String = "tmux-256color", environment: [String: String] = [:],
                          stderrFile: URL? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> TmuxSession {
        var command = ([CLI.executable.path, "--data", data.path] + arguments).map(shellQuoted).joined(separator: " ")
        if let stderrFile { command += " 2>" + shellQuoted(stderrFile.path) }
        return try TmuxSession(script: command + "; echo \"EXIT:$?\"; sleep 60", width: width, height: height, term: term,
                               environment: environment, file: file, line: line)
    }

    /// `'text'` for /bin/sh.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    deinit { kill() }

    /// Stops the server and everything in it. Safe to call more than once.
    func kill() {
        guard !killed else { return }
        killed = true
        _ = try? Self.execute(socket: socket, config: config, ["kill-server"])
        // A server that died abnormally leaves its socket behind.
        let directory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(directory)/tmux-\(getuid())/\(socket)")
    }

    // MARK: tmux commands

    /// Runs one tmux command line on this session's server; returns stdout.
    @discardableResult
    func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let (status, out, err) = try Self.execute(socket: socket, config: config, arguments)
        guard status == 0 else {
            XCTFail("tmux \(arguments.joined(separator: " ")) exited \(status): \(err)", file: file, line: line)
            throw Failure.command(arguments, status, err)
        }
        return out
    }

    private static func execute(socket: String, config: URL, _ arguments: [String]) throws -> (Int32, String, String) {
        guard let executable else { throw XCTSkip("tmux is not installed") }
        var env = ProcessInfo.processInfo.environment
        // Not nested in the caller's tmux; nothing from the caller's terminal setup leaks in
        // (the server's global environment is copied from the client that starts it).
        for key in env.keys where key == "TMUX" || key == "TMUX_PANE" || key == "NO_COLOR" || key == "COLORTERM"
            || key == "SINOAI_DATA" || key == "LANGUAGE" || key.hasPrefix("LC_") {
            env[key] = nil
        }
        // Output goes to files, read once the client has exited.
        let folder = config.deletingLastPathComponent()
        let name = UUID().uuidString
        let outURL = folder.appendingPathComponent("\(name).out")
        let errURL = folder.appendingPathComponent("\(name).err")
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let status = try Spawn.run(executable.path, ["-L", socket, "-f", config.path] + arguments, environment: env,
                                   stdout: outURL.path, stderr: errURL.path)
        let out = (try? Data(contentsOf: outURL)) ?? Data()
        let err = (try? Data(contentsOf: errURL)) ?? Data()
        return (status, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    // MARK: Input

    /// Types `text` literally (`send-keys -l`), UTF-8 included.
    func type(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try run(["send-keys", "-t", Self.target, "-l", text], file: file, line: line)
    }

    /// Sends named keys: Enter, Escape, Tab, BTab, Down, Up, C-c, or single characters.
    func sendKeys(_ keys: String..., file: StaticString = #filePath, line: UInt = #line) throws {
        try run(["send-keys", "-t", Self.target] + keys, file: file, line: line)
    }

    /// `sendKeys` with the keys in an array.
    func sendKeys(contentsOf keys: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        guard !keys.isEmpty else { return }
        try run(["send-keys", "-t", Self.target] + keys, file: file, line: line)
    }

    // MARK: Output

    /// The visible screen as text (`capture-pane -p`); with `escapes`, with the SGR
    /// sequences for colours and attributes (`-e`).
    func capture(escapes: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try run(["capture-pane", "-p", "-t", Self.target] + (escapes ? ["-e"] : []), file: file, line: line)
    }

    /// The screen's lines (exactly `height` of them, trailing blanks trimmed by tmux).
    func lines(file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        try capture(file: file, line: line).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// A tmux format evaluated for the pane, e.g. `#{pane_pid}` or `#{alternate_on}`.
    func display(_ format: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try run(["display-message", "-p", "-t", Self.target, format], file: file, line: line)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The pid of the pane's first process (the shell running the script).
    func panePID(file: StaticString = #filePath, line: UInt = #line) throws -> pid_t {
        let text = try display("#{pane_pid}", file: file, line: line)
        return try XCTUnwrap(pid_t(text), "pane_pid is \"\(text)\"", file: file, line: line)
    }

    /// The pid of the running `sinoai`: the pane process itself or a descendant of it.
    func sinoaiPID(timeout: TimeInterval = defaultTimeout, file: StaticString = #filePath, line: UInt = #line) throws -> pid_t {
        let root = try panePID(file: file, line: line)
        var found: pid_t?
        try waitUntil("a sinoai process under pane pid \(root)", timeout: timeout, file: file, line: line) {
            found = ProcessTable.descendants(of: root, including: true).first { ProcessTable.command(of: $0) == "sinoai" && ProcessTable.isAlive($0) }
            return found != nil
        }
        return found!
    }

    /// Resizes the window (the pane follows; the program gets SIGWINCH).
    func resize(width: Int, height: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        try run(["resize-window", "-t", Self.target, "-x", "\(width)", "-y", "\(height)"], file: file, line: line)
        self.width = width
        self.height = height
    }

    // MARK: Waiting

    /// Polls until `condition` holds, up to `timeout`; on timeout fails the test with
    /// `what` and the last screen, then throws.
    func waitUntil(_ what: String, timeout: TimeInterval = defaultTimeout, file: StaticString = #filePath, line: UInt = #line,
                   _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if try condition() { return }
            if Date() >= deadline { break }
            Thread.sleep(forTimeInterval: Self.pollInterval)
        }
        let screen = (try? capture()) ?? "(no capture)"
        XCTFail("timed out after \(timeout) s waiting for \(what); the screen:\n\(screen)", file: file, line: line)
        throw Failure.timeout(what)
    }

    /// Polls the screen until `predicate` holds; returns the matching capture.
    @discardableResult
    func waitForScreen(_ what: String, escapes: Bool = false, timeout: TimeInterval = defaultTimeout,
                       file: StaticString = #filePath, line: UInt = #line, _ predicate: (String) -> Bool) throws -> String {
        var last = ""
        try waitUntil(what, timeout: timeout, file: file, line: line) {
            last = try capture(escapes: escapes, file: file, line: line)
            return predicate(last)
        }
        return last
    }

    /// Polls until the screen contains every one of `texts`; returns that capture.
    @discardableResult
    func waitFor(_ texts: String..., timeout: TimeInterval = defaultTimeout,
                 file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitForScreen(texts.map { "\"\($0)\"" }.joined(separator: " and "), timeout: timeout, file: file, line: line) { screen in
            texts.allSatisfy { screen.contains($0) }
        }
    }

    /// Polls until the screen matches the regular expression `pattern`.
    @discardableResult
    func waitFor(pattern: String, timeout: TimeInterval = defaultTimeout,
                 file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let regex = try NSRegularExpression(pattern: pattern)
        return try waitForScreen("/\(pattern)/", timeout: timeout, file: file, line: line) { screen in
            regex.firstMatch(in: screen, range: NSRange(screen.startIndex..., in: screen)) != nil
        }
    }

    /// Polls until two captures in a row are equal and satisfy `predicate`: the frame is
    /// complete, not half-parsed by tmux.
    @discardableResult
    func waitForStable(_ what: String, escapes: Bool = false, timeout: TimeInterval = defaultTimeout,
                       file: StaticString = #filePath, line: UInt = #line, _ predicate: (String) -> Bool = { _ in true }) throws -> String {
        var previous: String?
        var last = ""
        try waitUntil("a steady screen with \(what)", timeout: timeout, file: file, line: line) {
            last = try capture(escapes: escapes, file: file, line: line)
            defer { previous = last }
            return last == previous && predicate(last)
        }
        return last
    }

    /// A `capture(escapes: true)` with its escape sequences removed: the plain text.
    static func withoutEscapes(_ screen: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: "\u{1B}\\[[0-9;:?]*[A-Za-z]") else { return screen }
        return regex.stringByReplacingMatches(in: screen, range: NSRange(screen.startIndex..., in: screen), withTemplate: "")
    }

    /// Counts non-overlapping occurrences of `pattern` in `text`.
    static func count(_ pattern: String, in text: String) -> Int {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return 0 }
        return regex.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
    }

    /// A thread-safe session counter for unique socket names.
    private final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}

/// Reads /proc (Linux) about processes the tests started.
enum ProcessTable {
    /// The fields of /proc/<pid>/stat after the command name (which may hold spaces and
    /// parentheses): index 0 is the state, 1 the ppid, 11 utime, 12 stime.
    static func statFields(_ pid: pid_t) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    /// The process's command name (/proc/<pid>/comm).
    static func command(of pid: pid_t) -> String? {
        (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// True while the process exists and has not exited (a zombie waiting for its
    /// reaper counts as gone).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let fields = statFields(pid), let state = fields.first else { return false }
        return state != "Z" && state != "X"
    }

    /// CPU time used so far, in clock ticks (utime + stime).
    static func cpuTicks(_ pid: pid_t) -> Int? {
        guard let fields = statFields(pid), fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    static func parent(of pid: pid_t) -> pid_t? {
        guard let fields = statFields(pid), fields.count > 1 else { return nil }
        return pid_t(fields[1])
    }

    /// Every live descendant of `root` (and `root` itself when `including`).
    static func descendants(of root: pid_t, including: Bool) -> [pid_t] {
        let all = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { pid_t($0) }
        var children: [pid_t: [pid_t]] = [:]
        for pid in all { if let ppid = parent(of: pid) { children[ppid, default: []].append(pid) } }
        var result = including ? [root] : []
        var queue = [root]
        while let next = queue.popLast() {
            for child in children[next] ?? [] {
                result.append(child)
                queue.append(child)
            }
        }
        return result
    }
}

/// Runs a program with posix_spawn and waits for it with waitpid.
///
/// Not Foundation.Process: on Linux it learns that a child exited when every copy of a
/// socket it hands the child is closed, and the server a tmux client forks keeps that
/// copy, so `waitUntilExit()` would wait for the server. Here the child gets only
/// stdin (/dev/null), stdout and stderr (files); every other descriptor is closed.
enum Spawn {
    enum Failure: Error {
        case spawn(String, Int32)
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc ≥ 2.34 has posix_spawn_file_actions_addclosefrom_np; Swift's Glibc module does not show it.
    nonisolated(unsafe) private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// Returns the exit status (128 + n when killed by signal n).
    static func run(_ path: String, _ arguments: [String], environment: [String: String],
                    stdout: String, stderr: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let addCloseFrom {
            _ = addCloseFrom(&actions, 3)
        } else {
            // glibc ignores closing a descriptor that is no longer open.
            let open = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
            for fd in open where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        }

        // Default signal handling and an empty mask, whatever the test runner set.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGWINCH, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw Failure.spawn(path, result) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure.spawn(path, errno) }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
