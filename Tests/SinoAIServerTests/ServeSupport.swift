import Foundation
import SinoAITestSupport
import XCTest

/// A temporary folder removed when the value goes away.
final class ServeTemporaryDirectory {
    let url: URL

    init(prefix: String = "sinoai-serve") throws {
        url = URL(fileURLWithPath: "/tmp").appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// External tools for the end-to-end tests.
enum ServeTools {
    static func find(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin", "/usr/local/bin"] {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs to completion (output through files, so nothing can block), killing after
    /// `timeout`. Uses posix_spawn and waitpid rather than Foundation.Process, whose exit
    /// detection on Linux waits for a descriptor that a daemonizing child (the tmux
    /// server) inherits, so `tmux new-session` would seem to run until `kill-server`.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                    timeout: TimeInterval = 20) throws -> Result {
        let scratch = try ServeTemporaryDirectory(prefix: "sinoai-run")
        let outPath = scratch.url.appendingPathComponent("out").path
        let errPath = scratch.url.appendingPathComponent("err").path
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        var reaped = false
        while !reaped {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid || (r < 0 && errno != EINTR) {
                reaped = true
            } else if Date() >= deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                reaped = true
                status = 0x7f00 | SIGKILL
            } else {
                usleep(5_000)
            }
        }
        // WIFEXITED / WEXITSTATUS; a signal death reads as 128 + signal.
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exitStatus,
                      stdout: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data(), as: UTF8.self),
                      stderr: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data(), as: UTF8.self))
    }

    /// Polls `condition` every 25 ms until it holds or `timeout` passes.
    @discardableResult
    static func waitFor(_ timeout: TimeInterval = 10, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if try condition() { return true }
            if Date() >= deadline { return false }
            usleep(25_000)
        }
    }

    /// Live child processes (zombies included) of `pid`, from /proc.
    static func children(of pid: pid_t) -> [pid_t] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var result: [pid_t] = []
        for entry in entries {
            guard let child = pid_t(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, pid_t(fields[1]) == pid { result.append(child) }
        }
        return result
    }

    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }
}

/// Throwaway client keys and an authorized_keys file, made with ssh-keygen.
final class ServeKeys {
    let directory: ServeTemporaryDirectory
    let known: URL
    /// In authorized_keys, but only behind options (so skipped).
    let stranger: URL
    /// Not in authorized_keys at all.
    let outsider: URL
    let authorizedKeys: URL
    let hostKey: URL

    init() throws {
        guard let keygen = ServeTools.find("ssh-keygen") else { throw XCTSkip("ssh-keygen is not installed") }
        directory = try ServeTemporaryDirectory(prefix: "sinoai-serve-keys")
        known = directory.url.appendingPathComponent("known_ed25519")
        stranger = directory.url.appendingPathComponent("stranger_ed25519")
        outsider = directory.url.appendingPathComponent("outsider_ed25519")
        authorizedKeys = directory.url.appendingPathComponent("authorized_keys")
        hostKey = directory.url.appendingPathComponent("host_key")
        for (file, comment) in [(known, "lin@test"), (stranger, "stranger@test"), (outsider, "outsider@test")] {
            let result = try ServeTools.run(keygen, ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file.path])
            guard result.status == 0 else { throw XCTSkip("ssh-keygen failed: \(result.stderr)") }
        }
        let rsaLine = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 old@laptop"
        let text = "# test team\n\(rsaLine)\ncommand=\"cat /etc/passwd\" \(try publicKey(stranger))\n\(try publicKey(known))\n"
        try Data(text.utf8).write(to: authorizedKeys)
        chmod(authorizedKeys.path, 0o600)
    }

    func publicKey(_ key: URL) throws -> String {
        try String(contentsOfFile: key.path + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A running `sinoai serve` on 127.0.0.1 and a free port (port 0; the bound port is read from stdout).
final class ServeProcess {
    let process = Process()
    let port: Int
    let logURL: URL
    let outURL: URL
    private let scratch: ServeTemporaryDirectory

    static var executable: URL { TestSupport.executable }

    /// The repository's Data/ folder.
    static var dataDirectory: URL { TestSupport.dataDirectory }

    var pid: pid_t { process.processIdentifier }

    init(keys: ServeKeys, arguments: [String] = [], data: URL = ServeProcess.dataDirectory,
         file: StaticString = #filePath, line: UInt = #line) throws {
        let binary = Self.executable
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            XCTFail("no sinoai executable at \(binary.path); build the package first", file: file, line: line)
            throw XCTSkip("no sinoai executable")
        }
        scratch = try ServeTemporaryDirectory(prefix: "sinoai-serve-run")
        outURL = scratch.url.appendingPathComponent("stdout")
        logURL = scratch.url.appendingPathComponent("stderr")
        let home = scratch.url.appendingPathComponent("home", isDirectory: true)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: logURL)
        defer { try? out.close(); try? err.close() }
        process.executableURL = binary
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--authorized-keys", keys.authorizedKeys.path,
                             "--host-key", keys.hostKey.path, "--data", data.path] + arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": home.path, "LANG": "C.UTF-8"]
        process.currentDirectoryURL = scratch.url
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let process = self.process
        let outURL = self.outURL
        let logURL = self.logURL
        try process.run()
        var found: Int?
        ServeTools.waitFor(15) {
            let text = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening on 127.0.0.1:") {
                found = Int(text[range.upperBound...].prefix { $0.isNumber })
            }
            return found != nil || !process.isRunning
        }
        guard let found else {
            let log = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            XCTFail("sinoai serve did not start (status \(process.terminationStatus)):\n\(log)", file: file, line: line)
            throw XCTSkip("server did not start")
        }
        port = found
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Dashboards (and anything else) the server has started and not reaped.
    var children: [pid_t] { ServeTools.children(of: pid) }

    /// SIGTERM, then waits for the exit; returns the exit status (nil on timeout, then SIGKILL).
    func terminate(timeout: TimeInterval = 10) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(pid, SIGTERM)
        ServeTools.waitFor(timeout) { !process.isRunning }
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// OpenSSH client invocations against a test server: no user config, no known_hosts, batch mode.
enum SSHClient {
    static var executable: URL? { ServeTools.find("ssh") }

    static func arguments(port: Int, key: URL, tty: Bool, extra: [String] = []) -> [String] {
        (tty ? ["-tt"] : []) + [
            "-F", "/dev/null", "-i", key.path, "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
            "-o", "LogLevel=ERROR", "-o", "SendEnv=LANG", "-o", "ConnectTimeout=10", "-p", "\(port)",
        ] + extra + ["lin@127.0.0.1"]
    }

    /// `ssh` in the background with stdin a pipe kept open (no input, never EOF) and
    /// stdout/stderr in files.
    final class Background {
        let process = Process()
        let stdin = Pipe()
        let outURL: URL
        private let scratch: ServeTemporaryDirectory

        init(port: Int, key: URL, extra: [String] = [], command: [String] = []) throws {
            guard let ssh = SSHClient.executable else { throw XCTSkip("ssh is not installed") }
            scratch = try ServeTemporaryDirectory(prefix: "sinoai-ssh")
            outURL = scratch.url.appendingPathComponent("out")
            _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
            let out = try FileHandle(forWritingTo: outURL)
            defer { try? out.close() }
            process.executableURL = ssh
            process.arguments = SSHClient.arguments(port: port, key: key, tty: true, extra: extra) + command
            process.environment = ["PATH": "/usr/bin:/bin", "HOME": scratch.url.path, "LANG": "C.UTF-8", "TERM": "xterm-256color"]
            process.standardInput = stdin
            process.standardOutput = out
            process.standardError = out
            try process.run()
        }

        var output: String { String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self) }

        func kill(_ signal: Int32 = SIGKILL) {
            if process.isRunning { Foundation.kill(process.processIdentifier, signal) }
        }

        deinit {
            kill()
            process.waitUntilExit()
        }
    }
}

/// A private tmux server (`-L`, no config) with one fixed-size window, for what needs a terminal.
final class ServeTmux {
    let socket: String
    let executable: URL
    private var killed = false
    private static let counter = NSLock()
    nonisolated(unsafe) private static var next = 0

    init(command: String, width: Int, height: Int) throws {
        guard let tmux = ServeTools.find("tmux") else { throw XCTSkip("tmux is not installed") }
        executable = tmux
        Self.counter.lock()
        Self.next += 1
        socket = "sinoai-serve-\(getpid())-\(Self.next)"
        Self.counter.unlock()
        let result = try run(["new-session", "-d", "-s", "serve", "-x", "\(width)", "-y", "\(height)",
                              "-e", "LANG=C.UTF-8", command])
        guard result.status == 0 else { throw XCTSkip("tmux could not start: \(result.stderr)") }
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> ServeTools.Result {
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key == "TMUX" || key == "TMUX_PANE" || key.hasPrefix("LC_") { env[key] = nil }
        env["LANG"] = "C.UTF-8"
        return try ServeTools.run(executable, ["-L", socket, "-f", "/dev/null"] + arguments, environment: env, timeout: 10)
    }

    func capture() -> String {
        (try? run(["capture-pane", "-p", "-t", "serve"]).stdout) ?? ""
    }

    /// Polls the screen until `condition` holds (25 ms steps, capped).
    func waitForScreen(_ timeout: TimeInterval = 15, _ condition: (String) -> Bool) -> (Bool, String) {
        var screen = ""
        let ok = ServeTools.waitFor(timeout) {
            screen = capture()
            return condition(screen)
        }
        return (ok, screen)
    }

    func kill() {
        guard !killed else { return }
        killed = true
        _ = try? run(["kill-server"])
        // tmux leaves its socket behind.
        let directory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(directory)/tmux-\(getuid())/\(socket)")
    }

    deinit { kill() }
}

/// `'text'` for /bin/sh.
func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
