import Foundation
import XCTest

/// `sinoai serve` driven by the real OpenSSH client on 127.0.0.1 (tmux where a terminal
/// is needed). Skipped when ssh, ssh-keygen or tmux are missing. Every wait polls with
/// a cap; nothing depends on fixed sleeps.
final class ServeEndToEndTests: XCTestCase {
    var keys: ServeKeys!

    override func setUpWithError() throws {
        guard SSHClient.executable != nil else { throw XCTSkip("the OpenSSH client (ssh) is not installed") }
        keys = try ServeKeys()
    }

    override func tearDown() {
        keys = nil
    }

    private func ssh(_ server: ServeProcess, key: URL, tty: Bool = false, extra: [String] = [],
                     command: [String] = []) throws -> ServeTools.Result {
        try ServeTools.run(SSHClient.executable!, SSHClient.arguments(port: server.port, key: key, tty: tty, extra: extra) + command,
                           environment: ["PATH": "/usr/bin:/bin", "HOME": keys.directory.url.path, "LANG": "C.UTF-8"],
                           timeout: 20)
    }

    private func sshCommandLine(_ server: ServeProcess, key: URL) -> String {
        ([SSHClient.executable!.path] + SSHClient.arguments(port: server.port, key: key, tty: true)).map(shellQuoted).joined(separator: " ")
    }

    // MARK: Logging in

    func testKnownKeySeesTheDashboardAndResizingFollows() throws {
        let server = try ServeProcess(keys: keys)
        XCTAssertEqual(try hostKeyMode(), 0o600, "the host key is created with mode 0600")
        let tmux = try ServeTmux(command: sshCommandLine(server, key: keys.known) + "; echo SSH-EXIT=$?; sleep 600",
                                 width: 120, height: 40)
        defer { tmux.kill() }

        // 120x40: the 2x2 grid, Chinese names intact.
        let titles = ["1 Companies", "2 IPO performance", "3 Policy timeline", "4 Export-control risk"]
        var (ok, screen) = tmux.waitForScreen { screen in titles.allSatisfy(screen.contains) && screen.contains("深度求索") }
        XCTAssertTrue(ok, "no 2x2 dashboard at 120x40:\n\(screen)\n--- server log\n\(server.log)")
        XCTAssertTrue(server.log.contains("session started"), server.log)
        XCTAssertTrue(server.log.contains("size=120x40"), server.log)
        XCTAssertEqual(server.children.count, 1)

        // 80x24: one panel with a tab bar.
        try tmux.run(["resize-window", "-t", "serve", "-x", "80", "-y", "24"])
        (ok, screen) = tmux.waitForScreen { screen in
            screen.contains("1 Companies   2 IPOs") && !screen.contains("2 IPO performance") && !screen.contains("4 Export-control risk")
        }
        XCTAssertTrue(ok, "the layout did not follow the resize to 80x24:\n\(screen)")
        XCTAssertEqual(screen.split(separator: "\n", omittingEmptySubsequences: false).first?.count ?? 0 <= 80, true)

        // And back.
        try tmux.run(["resize-window", "-t", "serve", "-x", "120", "-y", "40"])
        (ok, screen) = tmux.waitForScreen { screen in titles.allSatisfy(screen.contains) }
        XCTAssertTrue(ok, "the layout did not follow the resize back to 120x40:\n\(screen)")

        // q ends the dashboard; the channel closes with its exit status (0).
        try tmux.run(["send-keys", "-t", "serve", "q"])
        (ok, screen) = tmux.waitForScreen { $0.contains("SSH-EXIT=") }
        XCTAssertTrue(ok && screen.contains("SSH-EXIT=0"), "ssh did not end with status 0 after q:\n\(screen)")
        XCTAssertTrue(ServeTools.waitFor(5) { server.children.isEmpty }, "children left: \(server.children)")
        XCTAssertTrue(ServeTools.waitFor(5) { server.log.contains("session ended") }, server.log)
        XCTAssertEqual(server.terminate(), 0)
    }

    func testUnknownKeyIsRefused() throws {
        let server = try ServeProcess(keys: keys)
        for key in [keys.outsider, keys.stranger] as [URL] {
            let result = try ssh(server, key: key, tty: true)
            XCTAssertEqual(result.status, 255, "\(key.lastPathComponent): \(result.stdout)\(result.stderr)")
            XCTAssertTrue(result.stderr.contains("Permission denied"), result.stderr)
            XCTAssertFalse(result.stdout.contains("Companies"))
        }
        // Passwords and keyboard-interactive are not even offered.
        let password = try ssh(server, key: keys.outsider, extra: ["-o", "PubkeyAuthentication=no"])
        XCTAssertEqual(password.status, 255)
        XCTAssertTrue(password.stderr.contains("Permission denied (publickey)"), password.stderr)
        XCTAssertTrue(server.children.isEmpty)
        XCTAssertFalse(server.log.contains("session started"), server.log)
        XCTAssertTrue(server.log.contains("authentication refused: key not in authorized_keys"), server.log)
        XCTAssertTrue(server.log.contains("options before the ssh-ed25519 key are not supported"), server.log)
        XCTAssertTrue(server.log.contains("key type ssh-rsa is not supported"), server.log)
        XCTAssertEqual(server.terminate(), 0)
    }

    func testCommandsAndSubsystemsAreRefused() throws {
        let server = try ServeProcess(keys: keys)
        let marker = "sinoai-serve-marker-\(UUID().uuidString.prefix(6))"
        let attempts: [(extra: [String], command: [String], tty: Bool, message: String)] = [
            ([], ["cat", "/etc/passwd"], false, "commands are not allowed"),
            ([], ["touch /tmp/\(marker)"], true, "commands are not allowed"),
            ([], ["watch", "--data", "/etc"], false, "commands are not allowed"),
            (["-s"], ["sftp"], false, "subsystems (sftp, scp) are not available"),
            (["-T"], [], false, "needs a terminal"),
        ]
        for attempt in attempts {
            let result = try ssh(server, key: keys.known, tty: attempt.tty, extra: attempt.extra, command: attempt.command)
            let label = (attempt.extra + attempt.command).joined(separator: " ")
            XCTAssertNotEqual(result.status, 0, "\(label) was not refused")
            XCTAssertTrue((result.stdout + result.stderr).contains(attempt.message), "\(label): \(result.stdout)\(result.stderr)")
            XCTAssertFalse(result.stdout.contains("passwd") || result.stdout.contains("root:"), result.stdout)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/\(marker)"))
        XCTAssertTrue(server.children.isEmpty, "a child ran: \(server.children)")
        XCTAssertFalse(server.log.contains("session started"), server.log)
        XCTAssertTrue(server.log.contains("refused exec request"), server.log)
        XCTAssertTrue(server.log.contains("refused subsystem request"), server.log)
        XCTAssertEqual(server.terminate(), 0)
    }

    func testAuthorizedKeysAreRereadWhenTheFileChanges() throws {
        let server = try ServeProcess(keys: keys)
        // Exec is refused either way; exit status 1 (not 255) means authentication succeeded.
        XCTAssertEqual(try ssh(server, key: keys.outsider, command: ["x"]).status, 255)
        let text = try String(contentsOf: keys.authorizedKeys, encoding: .utf8) + keys.publicKey(keys.outsider) + "\n"
        try Data(text.utf8).write(to: keys.authorizedKeys)
        XCTAssertEqual(try ssh(server, key: keys.outsider, command: ["x"]).status, 1, server.log)
        try Data("# nobody\n".utf8).write(to: keys.authorizedKeys)
        XCTAssertEqual(try ssh(server, key: keys.known, command: ["x"]).status, 255, server.log)
        XCTAssertEqual(server.terminate(), 0)
    }

    // MARK: Many sessions, departures, shutdown

    func testTwentyConcurrentSessions() throws {
        let server = try ServeProcess(keys: keys, arguments: ["--rate-limit", "off"])
        let clients = try (0..<20).map { _ in try SSHClient.Background(port: server.port, key: keys.known) }
        for (index, client) in clients.enumerated() {
            let ok = ServeTools.waitFor(30) { client.output.contains("Companies") }
            XCTAssertTrue(ok, "session \(index) got no dashboard: \(client.output.suffix(300))\n--- server log\n\(server.log.suffix(3000))")
        }
        XCTAssertTrue(ServeTools.waitFor(5) { server.children.count == 20 }, "children: \(server.children.count)")
        XCTAssertEqual(server.log.components(separatedBy: "session started").count - 1, 20)
        for client in clients { client.kill() }
        XCTAssertTrue(ServeTools.waitFor(5) { server.children.isEmpty }, "children left: \(server.children)")
        XCTAssertEqual(server.terminate(), 0)
    }

    func testKillingTheClientLeavesNoChild() throws {
        let server = try ServeProcess(keys: keys)
        let client = try SSHClient.Background(port: server.port, key: keys.known)
        XCTAssertTrue(ServeTools.waitFor(15) { client.output.contains("Companies") }, client.output + server.log)
        XCTAssertTrue(ServeTools.waitFor(5) { server.children.count == 1 })
        let child = try XCTUnwrap(server.children.first)
        client.kill(SIGKILL)
        XCTAssertTrue(ServeTools.waitFor(2) { server.children.isEmpty && !ServeTools.isAlive(child) },
                      "the dashboard outlived its client: \(server.children)\n\(server.log)")
        XCTAssertTrue(ServeTools.waitFor(2) { server.log.contains("reason=client disconnected") }, server.log)
        // The server keeps serving.
        let again = try SSHClient.Background(port: server.port, key: keys.known)
        XCTAssertTrue(ServeTools.waitFor(15) { again.output.contains("Companies") }, again.output)
        again.kill(SIGKILL)
        XCTAssertTrue(ServeTools.waitFor(2) { server.children.isEmpty })
        XCTAssertEqual(server.terminate(), 0)
    }

    func testSIGTERMStopsEverythingAndExitsZero() throws {
        let server = try ServeProcess(keys: keys)
        let clients = try (0..<3).map { _ in try SSHClient.Background(port: server.port, key: keys.known) }
        for client in clients { XCTAssertTrue(ServeTools.waitFor(15) { client.output.contains("Companies") }) }
        XCTAssertTrue(ServeTools.waitFor(5) { server.children.count == 3 })
        let dashboards = server.children
        XCTAssertEqual(server.terminate(), 0, server.log)
        XCTAssertTrue(ServeTools.waitFor(2) { dashboards.allSatisfy { !ServeTools.isAlive($0) } }, "dashboards survived: \(dashboards)")
        for client in clients { XCTAssertTrue(ServeTools.waitFor(5) { !client.process.isRunning }, "a client stayed connected") }
        XCTAssertTrue(server.log.contains("shutting down on signal TERM"), server.log)
        XCTAssertTrue(server.log.contains("stopped"), server.log)
    }

    /// A restart during the nightly update: the server starts on a snapshot that does not
    /// load (and says so in its log), a login waits for it, and sees the dashboard once the
    /// snapshot is whole.
    func testServerStartsOnABrokenSnapshotAndLoginsWaitForIt() throws {
        let data = try ServeTemporaryDirectory(prefix: "sinoai-serve-data")
        for name in try FileManager.default.contentsOfDirectory(atPath: ServeProcess.dataDirectory.path) where name.hasSuffix(".json") {
            try FileManager.default.copyItem(at: ServeProcess.dataDirectory.appendingPathComponent(name),
                                             to: data.url.appendingPathComponent(name))
        }
        let companies = data.url.appendingPathComponent("companies.json")
        let good = try Data(contentsOf: companies)
        try Data("{ broken".utf8).write(to: companies)
        let server = try ServeProcess(keys: keys, data: data.url)
        XCTAssertTrue(server.log.contains("the snapshot does not load yet; logins wait until it does"), server.log)
        let client = try SSHClient.Background(port: server.port, key: keys.known)
        XCTAssertTrue(ServeTools.waitFor(15) { client.output.contains("waiting for the snapshot to change") }, client.output + server.log)
        try good.write(to: companies)
        XCTAssertTrue(ServeTools.waitFor(10) { client.output.contains("Companies") }, client.output)
        XCTAssertEqual(server.terminate(), 0)
    }

    func testDashboardExitStatusReachesTheClient() throws {
        // A snapshot that breaks after the server started: the session says why and waits
        // for it to load; Ctrl-C (a byte through the client's terminal) ends it with
        // status 130, and so does ssh.
        let data = try ServeTemporaryDirectory(prefix: "sinoai-serve-data")
        for name in try FileManager.default.contentsOfDirectory(atPath: ServeProcess.dataDirectory.path) where name.hasSuffix(".json") {
            try FileManager.default.copyItem(at: ServeProcess.dataDirectory.appendingPathComponent(name),
                                             to: data.url.appendingPathComponent(name))
        }
        let server = try ServeProcess(keys: keys, data: data.url)
        try Data("{ broken".utf8).write(to: data.url.appendingPathComponent("companies.json"))
        let client = try SSHClient.Background(port: server.port, key: keys.known)
        XCTAssertTrue(ServeTools.waitFor(15) { client.output.contains("waiting for the snapshot to change") }, client.output + server.log)
        XCTAssertTrue(client.output.contains("companies.json"), client.output)
        client.stdin.fileHandleForWriting.write(Data([0x03]))
        XCTAssertTrue(ServeTools.waitFor(5) { !client.process.isRunning }, client.output)
        XCTAssertEqual(client.process.terminationStatus, 130, client.output + server.log)
        XCTAssertTrue(ServeTools.waitFor(2) { server.children.isEmpty })
        XCTAssertTrue(server.log.contains("status=exit status 130"), server.log)
        XCTAssertEqual(server.terminate(), 0)
    }

    // MARK: Limits and startup checks

    func testConnectionRateLimitPerAddress() throws {
        let server = try ServeProcess(keys: keys, arguments: ["--rate-limit", "2/60s"])
        XCTAssertEqual(try ssh(server, key: keys.known, command: ["x"]).status, 1)
        XCTAssertEqual(try ssh(server, key: keys.known, command: ["x"]).status, 1)
        let third = try ssh(server, key: keys.known, command: ["x"])
        XCTAssertEqual(third.status, 255, third.stderr)
        XCTAssertTrue(server.log.contains("connection refused: too many new connections from this address"), server.log)
        XCTAssertEqual(server.terminate(), 0)
    }

    func testMaxSessions() throws {
        let server = try ServeProcess(keys: keys, arguments: ["--max-sessions", "1"])
        let first = try SSHClient.Background(port: server.port, key: keys.known)
        XCTAssertTrue(ServeTools.waitFor(15) { first.output.contains("Companies") })
        let second = try ssh(server, key: keys.known, tty: true)
        XCTAssertEqual(second.status, 1)
        XCTAssertTrue((second.stdout + second.stderr).contains("all 1 sessions are in use"), second.stdout + second.stderr)
        XCTAssertEqual(server.children.count, 1)
        first.kill()
        XCTAssertTrue(ServeTools.waitFor(2) { server.children.isEmpty })
        let third = try SSHClient.Background(port: server.port, key: keys.known)
        XCTAssertTrue(ServeTools.waitFor(15) { third.output.contains("Companies") }, "the slot was not released")
        XCTAssertEqual(server.terminate(), 0)
    }

    func testIdleTimeoutClosesTheSession() throws {
        let server = try ServeProcess(keys: keys, arguments: ["--idle-timeout", "1s"])
        let client = try SSHClient.Background(port: server.port, key: keys.known)
        XCTAssertTrue(ServeTools.waitFor(15) { client.output.contains("Companies") })
        XCTAssertTrue(ServeTools.waitFor(8) { !client.process.isRunning }, "the idle session stayed open")
        XCTAssertTrue(client.output.contains("closed after 1s without input"), client.output.suffix(300).description)
        // The user's terminal is given back: after the dashboard's last switch to the
        // alternate screen come leaving it, mouse reporting off and the cursor on.
        let output = client.output
        let afterLastEntry = output.range(of: "\u{1B}[?1049h", options: .backwards).map { String(output[$0.upperBound...]) } ?? output
        for sequence in ["\u{1B}[?1049l", "\u{1B}[?1000l", "\u{1B}[?25h"] {
            XCTAssertTrue(afterLastEntry.contains(sequence), "\(sequence.debugDescription) missing after the session ended")
        }
        XCTAssertTrue(ServeTools.waitFor(2) { server.children.isEmpty })
        XCTAssertTrue(server.log.contains("reason=idle timeout"), server.log)
        XCTAssertEqual(server.terminate(), 0)
    }

    /// Stopping the server (systemctl restart sends SIGTERM) gives every connected user's
    /// terminal back and says why the session ended.
    func testShutdownGivesTheClientsTerminalBack() throws {
        let server = try ServeProcess(keys: keys)
        let client = try SSHClient.Background(port: server.port, key: keys.known)
        XCTAssertTrue(ServeTools.waitFor(15) { client.output.contains("Companies") })
        XCTAssertEqual(server.terminate(), 0)
        XCTAssertTrue(ServeTools.waitFor(8) { !client.process.isRunning }, "the session stayed open")
        let output = client.output
        XCTAssertTrue(output.contains("the server is shutting down"), String(output.suffix(300)))
        let afterLastEntry = output.range(of: "\u{1B}[?1049h", options: .backwards).map { String(output[$0.upperBound...]) } ?? output
        for sequence in ["\u{1B}[?1049l", "\u{1B}[?1000l", "\u{1B}[?25h"] {
            XCTAssertTrue(afterLastEntry.contains(sequence), "\(sequence.debugDescription) missing after the shutdown")
        }
    }

    func testRefusesAHostKeyReadableByOthers() throws {
        _ = try HostKeyFixture.create(at: keys.hostKey)
        chmod(keys.hostKey.path, 0o644)
        let result = try ServeTools.run(ServeProcess.executable, [
            "serve", "--listen", "127.0.0.1:0", "--authorized-keys", keys.authorizedKeys.path, "--host-key", keys.hostKey.path,
            "--data", ServeProcess.dataDirectory.path,
        ], environment: ["PATH": "/usr/bin:/bin", "HOME": keys.directory.url.path])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("readable or writable by group or others"), result.stderr)
        XCTAssertTrue(result.stderr.contains("chmod 600"), result.stderr)
        XCTAssertFalse(result.stdout.contains("listening"))
    }

    private func hostKeyMode() throws -> mode_t {
        var info = stat()
        guard stat(keys.hostKey.path, &info) == 0 else { throw XCTSkip("no host key") }
        return info.st_mode & 0o777
    }
}

/// A host key written the way `sinoai serve` writes it.
enum HostKeyFixture {
    static func create(at url: URL) throws -> URL {
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        try Data((Data(bytes).base64EncodedString() + "\n").utf8).write(to: url)
        chmod(url.path, 0o600)
        return url
    }
}
