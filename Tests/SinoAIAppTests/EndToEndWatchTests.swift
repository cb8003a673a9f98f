import Foundation
import XCTest

/// `sinoai watch` end to end: the real binary in tmux on a temporary copy of Data/,
/// changed by `sinoai import prices` and by editing JSON, broken and repaired; a
/// hang-up; and a real OpenSSH login (Debian's sshd on 127.0.0.1).
final class EndToEndWatchTests: XCTestCase {
    private var sessions: [TmuxSession] = []
    private var cleanups: [() -> Void] = []

    override func tearDown() {
        for session in sessions { session.kill() }
        sessions.removeAll()
        for cleanup in cleanups.reversed() { cleanup() }
        cleanups.removeAll()
        super.tearDown()
    }

    /// A writable copy of the bundled snapshot.
    private func dataCopy() throws -> URL {
        let scratch = try TemporaryDirectory(prefix: "sinoai-watch")
        cleanups.append { _ = scratch }
        let copy = scratch.url.appendingPathComponent("Data")
        try FileManager.default.copyItem(at: Golden.realData, to: copy)
        return copy
    }

    /// `sinoai watch` on `data`, up and showing its first frame.
    private func startWatch(data: URL, width: Int = 120, height: Int = 40) throws -> TmuxSession {
        let session = try launchWatch(data: data, width: width, height: height)
        try session.waitFor("Companies", "as of")
        return session
    }

    /// `sinoai watch` on `data`, just started; its exit status shows as "EXIT:n".
    /// `shell` goes before the command in the pane's script (a trap, a variable).
    private func launchWatch(data: URL, width: Int = 120, height: Int = 40, shell: String = "") throws -> TmuxSession {
        let command = [CLI.executable.path, "watch", "--data", data.path].map(TmuxSession.shellQuoted).joined(separator: " ")
        let session = try TmuxSession(script: shell + command + "; echo \"EXIT:$?\"; sleep 60", width: width, height: height)
        sessions.append(session)
        return session
    }

    private func replace(_ old: String, with new: String, in file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        XCTAssertTrue(text.contains(old), "fixture text \(old) not found in \(file.lastPathComponent)")
        // Write atomically, as a snapshot job would.
        try text.replacingOccurrences(of: old, with: new).write(to: file, atomically: true, encoding: .utf8)
    }

    func testImportedPriceAppearsMarkedAsChanged() throws {
        let data = try dataCopy()
        let session = try startWatch(data: data)
        try session.sendKeys("2") // zoom the IPO panel
        try session.waitFor("493.88")
        let csv = data.deletingLastPathComponent().appendingPathComponent("metax.csv")
        try "Date,Open,High,Low,Close,Adj Close,Volume\n2026-03-02,500,560,490,555.5,555.5,1000\n".write(to: csv, atomically: true, encoding: .utf8)
        let started = Date()
        let result = try CLI.run(["import", "prices", "--data", data.path, "--company", "metax", "--ticker", "688802.SS", csv.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let screen = try session.waitForScreen("the imported close, marked", escapes: true, timeout: 5) { screen in
            // The changed cell is underlined (SGR 4), colour or not.
            screen.range(of: #"\e\[[0-9;]*4[0-9;]*m(\e\[[0-9;]*m)*555\.50"#, options: .regularExpression) != nil
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 2.5, "the change shows within about 2 s")
        XCTAssertFalse(screen.contains("493.88"), "the old latest close is replaced")
        try session.sendKeys("c")
        try session.waitFor("MetaX STAR:688802 · latest price", "CNY 555.50")
    }

    /// Starting while a job is mid-write (an SSH login during the nightly update) is not
    /// a failure: the watch tries again after a quiet spell and comes up on the finished data.
    func testStartingOnAHalfWrittenSnapshotWaitsForIt() throws {
        let data = try dataCopy()
        let companies = data.appendingPathComponent("companies.json")
        let good = try Data(contentsOf: companies)
        try good.prefix(good.count / 2).write(to: companies)
        let session = try launchWatch(data: data)
        usleep(800_000)
        try good.write(to: companies)
        let screen = try session.waitFor("Companies", "as of", timeout: 8)
        XCTAssertFalse(screen.contains("EXIT:"), screen)
    }

    /// A snapshot that still does not load after the retry (a failed job) does not end
    /// the watch: it says why, waits for the folder to change, and opens the dashboard
    /// once the snapshot loads; a bad write meanwhile is reported anew.
    func testStartingOnABrokenSnapshotWaitsUntilItIsRepaired() throws {
        let data = try dataCopy()
        let ipos = data.appendingPathComponent("ipos.json")
        let good = try String(contentsOf: ipos, encoding: .utf8)
        try good.replacingOccurrences(of: "\"price\": 725,", with: "\"price\": \"725\",").write(to: ipos, atomically: true, encoding: .utf8)
        let session = try launchWatch(data: data)
        var screen = try session.waitFor("does not load (1 problem)", "ipos.json", "waiting for the snapshot to change", timeout: 8)
        XCTAssertFalse(screen.contains("EXIT:"), screen)
        try "{".write(to: ipos, atomically: true, encoding: .utf8)
        screen = try session.waitForScreen("the new problem reported", timeout: 5) { $0.contains("ended early") || $0.contains("end of file") }
        XCTAssertFalse(screen.contains("EXIT:"), screen)
        try good.write(to: ipos, atomically: true, encoding: .utf8)
        screen = try session.waitFor("Companies", "as of", timeout: 5)
        try session.sendKeys("q")
        try session.waitFor("EXIT:0")
    }

    /// While waiting: keys typed are not replayed into the dashboard when it opens (a
    /// typed q does not quit it), and the folder swapped for another by `mv` (missing for
    /// a moment) is waited for, not an exit.
    func testWaitingSurvivesAFolderSwapAndDropsTypedKeys() throws {
        let data = try dataCopy()
        let ipos = data.appendingPathComponent("ipos.json")
        let good = try Data(contentsOf: ipos)
        try Data("{".utf8).write(to: ipos)
        let session = try launchWatch(data: data)
        try session.waitFor("waiting for the snapshot to change", timeout: 8)
        try session.type("jjq")
        usleep(200_000)
        XCTAssertFalse(try session.capture().contains("jjq"), "typed keys are not echoed over the report")
        let aside = data.deletingLastPathComponent().appendingPathComponent("Data.old")
        try FileManager.default.moveItem(at: data, to: aside)
        usleep(500_000)
        let fixed = data.deletingLastPathComponent().appendingPathComponent("Data.new")
        try FileManager.default.copyItem(at: aside, to: fixed)
        try good.write(to: fixed.appendingPathComponent("ipos.json"))
        try FileManager.default.moveItem(at: fixed, to: data)
        try session.waitFor("Companies", "as of", timeout: 8)
        usleep(500_000)
        let screen = try session.capture()
        XCTAssertFalse(screen.contains("EXIT:"), "the typed q was not replayed: \(screen)")
    }

    /// A writer pausing while the watch waits is not reported at each pause: a failure is
    /// said once it has lasted the quiet spell, as in the dashboard.
    func testASlowWriterWhileWaitingIsReportedOnce() throws {
        let data = try dataCopy()
        let ipos = data.appendingPathComponent("ipos.json")
        let good = Array(try Data(contentsOf: ipos))
        try Data("{".utf8).write(to: ipos)
        let session = try launchWatch(data: data)
        try session.waitFor("waiting for the snapshot to change", timeout: 8)
        let handle = try FileHandle(forWritingTo: ipos)
        try handle.truncate(atOffset: 0)
        for chunk in 0..<4 {
            try handle.write(contentsOf: good[(good.count * chunk / 4)..<(good.count * (chunk + 1) / 4)])
            usleep(600_000)
        }
        try handle.close()
        let screen = try session.waitFor("Companies", "as of", timeout: 8)
        _ = screen
        // The dashboard is on the alternate screen; the waiting reports are on the normal one.
        try session.sendKeys("q")
        let after = try session.waitFor("EXIT:0")
        XCTAssertEqual(after.components(separatedBy: "does not load (").count - 1, 1, "one report, not one per pause:\n\(after)")
    }

    /// A terminal the dashboard could never use is said at once, not after a wait for the
    /// snapshot: TERM=dumb (exit 2).
    func testAnUnusableTerminalIsRefusedBeforeWaiting() throws {
        let data = try dataCopy()
        try "{".write(to: data.appendingPathComponent("policies.json"), atomically: true, encoding: .utf8)
        let session = try launchWatch(data: data, shell: "TERM=dumb ")
        let screen = try session.waitFor("cannot position the cursor", "EXIT:2", timeout: 5)
        XCTAssertFalse(screen.contains("waiting for the snapshot"), screen)
    }

    /// Ctrl-C while waiting for a snapshot that loads quits like a signal (status 130).
    func testCtrlCEndsTheWaitForABrokenSnapshot() throws {
        let data = try dataCopy()
        try "{".write(to: data.appendingPathComponent("policies.json"), atomically: true, encoding: .utf8)
        // The terminal is not in raw mode while waiting, so Ctrl-C signals the whole
        // foreground group: the shell traps it to live on and print the status.
        let session = try launchWatch(data: data, shell: "trap true INT; ")
        try session.waitFor("waiting for the snapshot to change", timeout: 8)
        try session.sendKeys("C-c")
        try session.waitFor("EXIT:130")
    }

    /// A writer that pauses mid-file (a slow job, a network copy) is not a broken
    /// snapshot: no rejection banner while it writes, and its figure shows when it is done.
    func testAWriterPausingMidFileIsNotReportedAsBroken() throws {
        let data = try dataCopy()
        let session = try startWatch(data: data)
        try session.sendKeys("2")
        try session.waitFor("725.00")
        let ipos = data.appendingPathComponent("ipos.json")
        let text = try String(contentsOf: ipos, encoding: .utf8).replacingOccurrences(of: "\"price\": 725,", with: "\"price\": 733,")
        let bytes = Array(text.utf8)
        let handle = try FileHandle(forWritingTo: ipos)
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: bytes[..<(bytes.count / 2)])
        let paused = Date()
        while Date().timeIntervalSince(paused) < 1.6 {
            XCTAssertFalse(try session.capture().contains("rejected"), "no banner while the writer pauses")
            usleep(200_000)
        }
        try handle.write(contentsOf: bytes[(bytes.count / 2)...])
        try handle.close()
        let screen = try session.waitFor("733.00", timeout: 5)
        XCTAssertFalse(screen.contains("rejected"), screen)
        try session.sendKeys("c")
        let changes = try session.waitFor("Changes")
        XCTAssertFalse(changes.contains("Snapshot rejected"), changes)
    }

    func testEditedJSONAppearsAndBrokenSnapshotKeepsLastGood() throws {
        let data = try dataCopy()
        let session = try startWatch(data: data)
        try session.sendKeys("2")
        try session.waitFor("725.00")
        let ipos = data.appendingPathComponent("ipos.json")
        let good = try Data(contentsOf: ipos)
        // Edit a figure: Zhipu's 20 Feb 2026 close.
        try replace("\"price\": 725,", with: "\"price\": 731,", in: ipos)
        try session.waitFor("731.00", timeout: 5)
        // Break the file: the banner names the problem, the last good value stays.
        try "{\"ipos\": [".write(to: ipos, atomically: true, encoding: .utf8)
        let broken = try session.waitFor("New snapshot rejected", "ipos.json", timeout: 5)
        XCTAssertTrue(broken.contains("731.00"), "the last good snapshot stays on screen")
        // Repair it: the banner goes.
        try good.write(to: ipos, options: .atomic)
        try session.waitForScreen("the banner to clear", timeout: 5) { !$0.contains("New snapshot rejected") && $0.contains("725.00") }
    }

    func testManualReloadWithInvalidDataShowsBanner() throws {
        let data = try dataCopy()
        let command = [CLI.executable.path, "--data", data.path].map(TmuxSession.shellQuoted).joined(separator: " ")
        let session = try TmuxSession(script: command + "; echo \"EXIT:$?\"; sleep 60")
        sessions.append(session)
        try session.waitFor("Companies")
        try replace("\"currency\": \"HKD\"", with: "\"currency\": \"HKX\"", in: data.appendingPathComponent("ipos.json"))
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertFalse(try session.capture().contains("rejected"), "the plain dashboard does not watch files")
        try session.sendKeys("r")
        try session.waitFor("New snapshot rejected", "c lists them")
        // The changes page lists the problems in full.
        try session.sendKeys("c")
        try session.waitFor("Snapshot rejected at", "unknown currency")
    }

    func testHangUpEndsTheWatchProcess() throws {
        let data = try dataCopy()
        let session = try startWatch(data: data)
        let pid = try session.sinoaiPID()
        session.kill()
        let deadline = Date().addingTimeInterval(2)
        while ProcessTable.isAlive(pid) && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        XCTAssertFalse(ProcessTable.isAlive(pid), "sinoai watch must exit within 2 s of losing its terminal")
    }

    // MARK: OpenSSH

    func testRealOpenSSHLoginShowsTheDashboardWithChineseNames() throws {
        let sshd = "/usr/sbin/sshd"
        guard FileManager.default.isExecutableFile(atPath: sshd), let ssh = which("ssh"), let keygen = which("ssh-keygen") else {
            throw XCTSkip("OpenSSH client or server not installed")
        }
        guard getuid() == 0 else { throw XCTSkip("sshd needs root here") }
        let scratch = try TemporaryDirectory(prefix: "sinoai-sshd")
        cleanups.append { _ = scratch }
        let dir = scratch.url
        let hostKey = dir.appendingPathComponent("host_ed25519").path
        let userKey = dir.appendingPathComponent("user_ed25519").path
        for key in [hostKey, userKey] {
            let result = try runTool(keygen, ["-q", "-t", "ed25519", "-N", "", "-f", key])
            XCTAssertEqual(result.0, 0, result.1)
        }
        try FileManager.default.copyItem(atPath: userKey + ".pub", toPath: dir.appendingPathComponent("authorized_keys").path)
        try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let port = try freePort()
        let config = dir.appendingPathComponent("sshd_config")
        try """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(hostKey)
            AuthorizedKeysFile \(dir.path)/authorized_keys
            PidFile \(dir.path)/sshd.pid
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            PermitRootLogin prohibit-password
            StrictModes no
            UsePAM no
            PrintMotd no
            LogLevel ERROR

            """.write(to: config, atomically: true, encoding: .utf8)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: sshd)
        server.arguments = ["-D", "-e", "-f", config.path]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        cleanups.append { server.terminate(); server.waitUntilExit() }
        let listening = Date().addingTimeInterval(5)
        while !canConnect(port) && Date() < listening { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertTrue(canConnect(port), "sshd did not start listening")

        // The remote command runs with sshd's minimal environment: LANG is unset there,
        // so this also checks the C.UTF-8 fallback.
        let remote = [CLI.executable.path, "watch", "--data", Golden.realData.path].map(TmuxSession.shellQuoted).joined(separator: " ")
        let login = [ssh, "-tt", "-i", userKey, "-p", "\(port)", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                     "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "root@127.0.0.1", remote]
            .map(TmuxSession.shellQuoted).joined(separator: " ")
        let session = try TmuxSession(script: login + "; echo \"EXIT:$?\"; sleep 60", width: 120, height: 40)
        sessions.append(session)
        let screen = try session.waitFor("Companies", "IPO performance", "深度求索", "摩尔线程", timeout: 15)
        XCTAssertFalse(screen.contains("\u{FFFD}"), "Chinese arrives intact")
        try session.sendKeys("q")
        try session.waitFor("EXIT:0")
    }

    // MARK: Helpers

    private func which(_ tool: String) -> String? {
        for directory in ["/usr/bin", "/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(tool)") {
            return "\(directory)/\(tool)"
        }
        return nil
    }

    private func runTool(_ path: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// A port nobody listens on: bind to port 0 and let the kernel choose.
    private func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw XCTSkip("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private func canConnect(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
