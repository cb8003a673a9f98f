import Foundation
import XCTest

/// End-to-end tests of the interactive dashboard: the real `sinoai` binary on the
/// bundled Data/, in a real pty inside a private tmux server (see Support/Tmux.swift).
/// Skipped when tmux is not installed. Every wait polls the screen and ends as soon as
/// it can; the caps are generous for loaded machines.
final class EndToEndDashboardTests: XCTestCase {
    private static let panelTitles = ["Companies", "IPO performance", "Policy timeline", "Export-control risk"]
    /// A panel's title box: "┌ 1 Companies ─…", "┌ 4 Export-control risk ─…".
    private static let panelBox = "┌ [1-4] "

    private var sessions: [TmuxSession] = []

    override func tearDown() {
        for session in sessions { session.kill() }
        sessions.removeAll()
        super.tearDown()
    }

    // MARK: Helpers

    /// Starts the dashboard in tmux; the session is killed in tearDown.
    private func start(_ arguments: [String] = [], width: Int = 120, height: Int = 40, term: String = "tmux-256color",
                       environment: [String: String] = [:], stderrFile: URL? = nil,
                       file: StaticString = #filePath, line: UInt = #line) throws -> TmuxSession {
        let session = try TmuxSession.dashboard(arguments, width: width, height: height, term: term, environment: environment,
                                                stderrFile: stderrFile, file: file, line: line)
        sessions.append(session)
        return session
    }

    /// Starts the dashboard at 120×40 and waits for the complete 2×2 grid.
    @discardableResult
    private func startGrid(_ arguments: [String] = [], environment: [String: String] = [:],
                           file: StaticString = #filePath, line: UInt = #line) throws -> (TmuxSession, String) {
        let tmux = try start(arguments, environment: environment, file: file, line: line)
        let screen = try tmux.waitForStable("the 2×2 grid", file: file, line: line) { Self.isGrid($0) }
        return (tmux, screen)
    }

    private static func isGrid(_ screen: String) -> Bool {
        // Four titled boxes, and both rows of boxes closed (two bottom corners each).
        panelTitles.allSatisfy { screen.contains($0) } && TmuxSession.count(panelBox, in: screen) == 4
            && TmuxSession.count("└", in: screen) == 4 && TmuxSession.count("┘", in: screen) == 4
    }

    /// Box drawing from the dashboard (borders, the corner of a panel).
    private static func hasDashboardDrawing(_ screen: String) -> Bool {
        screen.contains("┌") || screen.contains("│") || screen.contains("└") || screen.contains("SinoAI")
    }

    /// Polls until `pid` has exited (a zombie counts as exited), up to `timeout`.
    private func waitForExit(_ pid: pid_t, timeout: TimeInterval, _ what: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        let deadline = Date().addingTimeInterval(timeout)
        while ProcessTable.isAlive(pid) {
            if Date() >= deadline {
                let state = ProcessTable.statFields(pid)?.first.map(String.init) ?? "?"
                let ticks = ProcessTable.cpuTicks(pid).map(String.init) ?? "?"
                XCTFail("sinoai (pid \(pid)) still running \(timeout) s after \(what): state \(state), \(ticks) CPU ticks so far",
                        file: file, line: line)
                Foundation.kill(pid, SIGKILL)
                return
            }
            Thread.sleep(forTimeInterval: TmuxSession.pollInterval)
        }
    }

    /// The SGR sequences (`ESC [ … m`) in a capture with escapes, as parameter lists.
    private static func sgrParameters(_ screen: String) -> [[Int]] {
        guard let regex = try? NSRegularExpression(pattern: "\u{1B}\\[([0-9;:]*)m") else { return [] }
        return regex.matches(in: screen, range: NSRange(screen.startIndex..., in: screen)).map { match in
            let params = Range(match.range(at: 1), in: screen).map { screen[$0] } ?? ""
            return params.split(whereSeparator: { $0 == ";" || $0 == ":" }).compactMap { Int($0) }
        }
    }

    /// True when a capture sets a foreground or background colour (8, 16, 256 or direct);
    /// 39/49 (the default colours) and attributes such as bold or reverse do not count.
    private static func setsColour(_ screen: String) -> Bool {
        sgrParameters(screen).contains { params in
            params.contains { (30...38).contains($0) || (40...48).contains($0) || (90...97).contains($0) || (100...107).contains($0) }
        }
    }

    // MARK: 1. Grid

    func testGridAt120x40ShowsAllFourPanelTitles() throws {
        let (_, screen) = try startGrid()
        for title in Self.panelTitles { XCTAssertTrue(screen.contains(title), "missing \(title):\n\(screen)") }
        XCTAssertEqual(TmuxSession.count(Self.panelBox, in: screen), 4, screen)
        let top = screen.split(separator: "\n").first.map(String.init) ?? ""
        XCTAssertTrue(top.contains("SinoAI") && top.contains("Dashboard"), "header: \(top)")
    }

    // MARK: 2. Search opens a firm page; Esc goes back

    func testSearchZhipuOpensItsPageAndEscReturns() throws {
        let (tmux, _) = try startGrid()
        try tmux.type("/zhipu")
        try tmux.waitFor("/zhipu", "1 match")
        try tmux.sendKeys("Enter")
        let page = try tmux.waitFor("┌ Firm ", "北京智谱华章科技", "2513")
        XCTAssertTrue(page.contains("HKEX: 2513"), "the listing line should name the HKEX code:\n\(page)")
        XCTAssertTrue(page.contains("Dashboard › Zhipu AI"), "the breadcrumb should show the firm:\n\(page)")
        XCTAssertEqual(TmuxSession.count(Self.panelBox, in: page), 0, "a page replaces the panels:\n\(page)")

        try tmux.sendKeys("Escape")
        let back = try tmux.waitForScreen("the dashboard again, without the Firm box") { screen in
            Self.panelTitles.allSatisfy { screen.contains($0) } && !screen.contains("┌ Firm ")
        }
        XCTAssertEqual(TmuxSession.count(Self.panelBox, in: back), 4, back)
    }

    /// A terminal type the dashboard cannot draw on is refused with a message that names
    /// the problem (exit 2): TERM unset (cron, `env -i`), and TERM=dumb.
    func testMissingOrDumbTERMIsRefusedByName() throws {
        let command = [CLI.executable.path, "--data", Golden.realData.path].map(TmuxSession.shellQuoted).joined(separator: " ")
        let unset = try TmuxSession(script: "env -u TERM " + command + "; echo \"EXIT:$?\"; sleep 60")
        sessions.append(unset)
        try unset.waitFor("TERM is not set", "EXIT:2")
        let dumb = try TmuxSession(script: "TERM=dumb " + command + "; echo \"EXIT:$?\"; sleep 60")
        sessions.append(dumb)
        try dumb.waitFor("TERM=\"dumb\" cannot position the cursor", "EXIT:2")
    }

    /// Enter on a source line copies its URL to the clipboard with OSC 52: tmux (with
    /// set-clipboard on) receives it, so the address arrives whole, however it wrapped.
    func testEnterOnASourceCopiesItsURL() throws {
        let (tmux, _) = try startGrid()
        try tmux.run(["set-option", "-g", "set-clipboard", "on"])
        try tmux.type("/zhipu")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Dashboard › Zhipu AI")
        try tmux.sendKeys("G")  // the last line: a source
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Copied (if the terminal allows OSC 52): https://")
        let buffer = try tmux.run(["show-buffer"])
        XCTAssertTrue(buffer.hasPrefix("https://"), buffer)
        XCTAssertFalse(buffer.contains(" "), "one whole address: \(buffer)")
    }

    /// With 256 colours the doubt marker is drawn grey, not grey and faint (a theme's
    /// `dim` is for 8 colours, where faint is the only grey); with 8 colours it is faint,
    /// and so it is in the monochrome theme, whose roles have no colour of their own.
    func testTheDoubtMarkerIsNotFaintOnGreyWith256Colours() throws {
        func marker(term: String, _ arguments: [String] = []) throws -> String {
            let tmux = try start(arguments, term: term)
            let screen = try tmux.waitForScreen("Biren's doubtful close", escapes: true) { $0.contains("+76.5%") }
            // The SGR sequences between Biren's first-day close and its "?".
            let pattern = #"\+76\.5%((\e\[[0-9;]*m)*)\?"#
            let match = try XCTUnwrap(screen.range(of: pattern, options: .regularExpression), screen)
            return String(screen[match])
        }
        let rich = try marker(term: "tmux-256color")
        XCTAssertNil(rich.range(of: #"\e\[([0-9;]*;)?2(;[0-9;]*)?m"#, options: .regularExpression), rich.debugDescription)
        let basic = try marker(term: "xterm")
        XCTAssertNotNil(basic.range(of: #"\e\[([0-9;]*;)?2(;[0-9;]*)?m"#, options: .regularExpression), basic.debugDescription)
        let monochrome = try marker(term: "tmux-256color", ["--theme", "monochrome"])
        XCTAssertNotNil(monochrome.range(of: #"\e\[([0-9;]*;)?2(;[0-9;]*)?m"#, options: .regularExpression), monochrome.debugDescription)
    }

    /// Ctrl-L repaints the whole screen: text another program wrote over the dashboard
    /// (here, straight to the pane's tty) is gone, and the dashboard is intact.
    func testCtrlLRepaintsOverStrayOutput() throws {
        let (tmux, _) = try startGrid()
        let tty = try tmux.display("#{pane_tty}")
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: tty))
        handle.write(Data("\u{1B}[10;10HGARBAGE-FROM-ELSEWHERE".utf8))
        try handle.close()
        try tmux.waitFor("GARBAGE-FROM-ELSEWHERE")
        try tmux.sendKeys("C-l")
        let screen = try tmux.waitForScreen("the stray text gone") { !$0.contains("GARBAGE") }
        XCTAssertTrue(Self.isGrid(screen), screen)
    }

    /// Under TERM=tmux-256color (whose terminfo gives ncurses the X10 mouse form, which
    /// cannot report a column past 223) the dashboard asks for SGR reports, and reads
    /// them: a click at column 231 of a 240-column terminal selects a row of the risk panel.
    func testAClickPastColumn223IsRead() throws {
        let tmux = try start(width: 240, height: 50)
        try tmux.waitFor("Export-control risk", "Biren")
        XCTAssertEqual(try tmux.display("#{mouse_sgr_flag}"), "1", "SGR mouse reports asked for")
        // Left press at column 231, row 30 (1-based): the risk panel's third row, Biren.
        try tmux.run(["send-keys", "-t", TmuxSession.target, "-H"] + Array("\u{1B}[<0;231;30M".utf8).map { String(format: "%02x", $0) })
        try tmux.waitFor(pattern: "as of .* · Export-control risk ·")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Dashboard › Biren")
    }

    /// Mouse motion and keys the dashboard does not use (Insert, Shift-Up, an unknown
    /// CSI) are input, not a closed terminal: many in a row leave it running and answering.
    func testUnusedInputInARowDoesNotEndTheSession() throws {
        let (tmux, _) = try startGrid()
        let pid = try tmux.sinoaiPID()
        let motion = ["1b", "5b", "4d", "43", "48", "30"]  // X10 mouse report: motion, no button
        for _ in 0..<8 {
            try tmux.run(["send-keys", "-t", TmuxSession.target, "-H"] + motion)
            try tmux.sendKeys("IC", "S-Up")
            try tmux.run(["send-keys", "-t", TmuxSession.target, "-H", "1b", "5b", "39", "39", "7e"])
            usleep(60_000)
        }
        try tmux.type("/zhipu")
        try tmux.waitFor("/zhipu", "1 match")
        XCTAssertTrue(ProcessTable.isAlive(pid), "still running")
        XCTAssertFalse(try tmux.capture().contains("^[["), "no input spilled onto a shell")
    }

    /// Ctrl-Z in an interactive shell stops the dashboard with the terminal given back;
    /// `fg` brings it back whole. Without a shell to return to, Ctrl-Z only says so.
    func testCtrlZSuspendsToTheShellAndFgResumes() throws {
        let command = [CLI.executable.path, "--data", Golden.realData.path].map(TmuxSession.shellQuoted).joined(separator: " ")
        let tmux = try TmuxSession(script: "PS1='$ ' bash --norc --noprofile -i", width: 120, height: 40)
        try tmux.waitFor("$")
        try tmux.type(command)
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Companies", "as of")
        try tmux.sendKeys("C-z")
        let shell = try tmux.waitFor("Stopped")
        XCTAssertFalse(shell.contains("┌ 1 Companies"), "the terminal is given back:\n\(shell)")
        try tmux.type("fg")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Companies", "as of")
        try tmux.type("/zhipu")
        try tmux.waitFor("1 match")
        try tmux.sendKeys("Escape", "q")
        try tmux.waitFor("$")

        let (plain, _) = try startGrid()
        try plain.sendKeys("C-z")
        try plain.waitFor("no shell to suspend to")
    }

    // MARK: 3. Themes

    func testThemeKeyChangesColoursButNotText() throws {
        let (tmux, plainBefore) = try startGrid()
        let colourBefore = try tmux.waitForStable("the grid in colour", escapes: true) { Self.isGrid(TmuxSession.withoutEscapes($0)) }
        XCTAssertTrue(Self.setsColour(colourBefore), "the default theme should use colours")

        try tmux.sendKeys("t")
        try tmux.waitForScreen("the colours to change after t", escapes: true) { $0 != colourBefore }
        let colourAfter = try tmux.waitForStable("the new theme", escapes: true)
        // The colours changed in the panels, not just in the status line.
        XCTAssertNotEqual(colourAfter.split(separator: "\n").dropLast(), colourBefore.split(separator: "\n").dropLast(),
                          "t should recolour the panels")
        XCTAssertTrue(Self.setsColour(colourAfter), "the next theme should still use colours")
        // The panels' text is unchanged; only the status line (bottom row) may name the new theme.
        let plainAfter = try tmux.capture()
        let before = plainBefore.split(separator: "\n", omittingEmptySubsequences: false).dropLast(2)
        let after = plainAfter.split(separator: "\n", omittingEmptySubsequences: false).dropLast(2)
        XCTAssertEqual(before.count, 39, plainBefore)
        for (row, (old, new)) in zip(before, after).enumerated() where old != new {
            XCTFail("a theme changes colours only, never the text; row \(row) was\n\(old)\nand is\n\(new)")
        }
        XCTAssertEqual(before.count, after.count)
    }

    // MARK: 4. Resize

    func testResizeSwitchesBetweenGridAndSinglePanelMode() throws {
        let (tmux, _) = try startGrid()
        try tmux.resize(width: 80, height: 24)
        let tabs = ["1 Companies", "2 IPOs", "3 Policy", "4 Risk"]
        let single = try tmux.waitForScreen("single-panel mode with a tab bar at 80×24") { screen in
            let top = screen.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            return tabs.allSatisfy { top.contains($0) } && TmuxSession.count(Self.panelBox, in: screen) == 1
        }
        let lines = single.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertFalse(lines[0].contains("┌"), "the top row is the tab bar:\n\(single)")
        XCTAssertTrue(lines.count >= 2 && lines[1].hasPrefix("┌ 1 Companies"), "one panel, the focused one:\n\(single)")
        XCTAssertLessThanOrEqual(lines.map { DisplayColumns.width($0) }.max() ?? 0, 80, single)

        try tmux.resize(width: 120, height: 40)
        let grid = try tmux.waitForScreen("the 2×2 grid again at 120×40") { Self.isGrid($0) }
        XCTAssertEqual(TmuxSession.count(Self.panelBox, in: grid), 4, grid)
    }

    // MARK: 5. q

    func testQuitExitsZeroAndRestoresTheTerminal() throws {
        let (tmux, _) = try startGrid()
        XCTAssertEqual(try tmux.display("#{alternate_on}"), "1", "the dashboard should use the alternate screen")
        let pid = try tmux.sinoaiPID()
        try tmux.sendKeys("q")
        let screen = try tmux.waitFor("EXIT:0")
        waitForExit(pid, timeout: TmuxSession.defaultTimeout, "q")
        XCTAssertFalse(Self.hasDashboardDrawing(screen), "the dashboard should be gone after exit:\n\(screen)")
        XCTAssertEqual(try tmux.display("#{alternate_on}"), "0", "the alternate screen should be left on exit")
    }

    // MARK: 6. Ctrl-C

    func testCtrlCExits() throws {
        let (tmux, _) = try startGrid()
        let pid = try tmux.sinoaiPID()
        try tmux.sendKeys("C-c")
        let screen = try tmux.waitFor(pattern: "EXIT:(0|130)\\b")
        waitForExit(pid, timeout: TmuxSession.defaultTimeout, "Ctrl-C")
        XCTAssertFalse(Self.hasDashboardDrawing(screen), screen)
        XCTAssertEqual(try tmux.display("#{alternate_on}"), "0")
    }

    /// SIGINT from outside (not the Ctrl-C key, which raw mode delivers as a key): 130.
    func testSIGINTExitsWith130AndRestoresTheTerminal() throws {
        let (tmux, _) = try startGrid()
        let pid = try tmux.sinoaiPID()
        XCTAssertEqual(kill(pid, SIGINT), 0)
        let screen = try tmux.waitFor(pattern: "EXIT:130\\b")
        waitForExit(pid, timeout: TmuxSession.defaultTimeout, "SIGINT")
        XCTAssertFalse(Self.hasDashboardDrawing(screen), screen)
    }

    // MARK: 7. Hang-up

    func testHangUpEndsTheProcess() throws {
        let tmux = try start()
        try tmux.waitForStable("the 2×2 grid") { Self.isGrid($0) }
        let pid = try tmux.sinoaiPID()
        tmux.kill()
        waitForExit(pid, timeout: 2, "the tmux server was killed")
    }

    /// Like `nohup sinoai`: SIGHUP ignored, so only the terminal's hang-up (POLLHUP / EOF
    /// on stdin) can end it; it must still exit, not spin.
    func testHangUpWithSIGHUPIgnoredStillEndsTheProcess() throws {
        let command = [CLI.executable.path, "--data", Golden.realData.path].map(TmuxSession.shellQuoted).joined(separator: " ")
        let tmux = try TmuxSession(script: "trap '' HUP; exec \(command)")
        sessions.append(tmux)
        try tmux.waitForStable("the 2×2 grid") { Self.isGrid($0) }
        let pid = try tmux.sinoaiPID()
        tmux.kill()
        waitForExit(pid, timeout: 2, "the tmux server was killed (SIGHUP ignored)")
    }

    // MARK: 8. SIGTERM

    func testSIGTERMRestoresTheTerminal() throws {
        let (tmux, _) = try startGrid()
        let pid = try tmux.sinoaiPID()
        XCTAssertEqual(kill(pid, SIGTERM), 0)
        let screen = try tmux.waitFor(pattern: "EXIT:(0|143)\\b")
        waitForExit(pid, timeout: TmuxSession.defaultTimeout, "SIGTERM")
        XCTAssertFalse(Self.hasDashboardDrawing(screen), "the shell should be back, not the dashboard:\n\(screen)")
        XCTAssertEqual(try tmux.display("#{alternate_on}"), "0", "the alternate screen should be left on SIGTERM")
    }

    // MARK: 9. Too small

    func testTooSmallTerminalSaysHowMuchRoomItNeeds() throws {
        let tmux = try start(width: 50, height: 12)
        let screen = try tmux.waitFor("Terminal too small", "need at least 60×15")
        XCTAssertTrue(screen.contains("50×12"), "it should say the current size:\n\(screen)")
        try tmux.sendKeys("q")
        try tmux.waitFor("EXIT:0")
    }

    // MARK: 10. Chinese search

    func testChineseSearchOpensMooreThreads() throws {
        let (tmux, _) = try startGrid()
        try tmux.type("/摩尔")
        try tmux.waitFor("/摩尔", "1 match")
        try tmux.sendKeys("Enter")
        let page = try tmux.waitFor("┌ Firm ", "Moore Threads", "688795")
        XCTAssertTrue(page.contains("摩尔线程"), page)
    }

    // MARK: 11. Drill across links

    func testPolicyEventPageLinksToAFirmAndBack() throws {
        let (tmux, _) = try startGrid()
        // Keys are handled in order: Tab Tab focuses the Policy panel, where the search goes.
        try tmux.sendKeys("Tab", "Tab")
        try tmux.type("/sophgo")
        try tmux.waitForScreen("the Policy panel searching for sophgo, one match") { screen in
            screen.split(separator: "\n").contains { $0.contains("┌ 3 Policy timeline") && $0.contains("/sophgo") }
                && screen.contains("1 match")
        }
        try tmux.sendKeys("Enter")
        let event = try tmux.waitFor("┌ Policy event ", "Zhipu AI and Sophgo added to the Entity List", "Firms affected")

        // The page cursor starts on the "Event" heading; j moves by line, and the line under
        // the cursor shows ↵ when Enter would follow it: step until the Zhipu link has it.
        XCTAssertTrue(event.contains("Zhipu AI (Z.ai) — risk"), "no firm link:\n\(event)")
        func linkUnderCursor(_ screen: String) -> Bool {
            screen.split(separator: "\n").contains { $0.contains("Zhipu AI (Z.ai) — risk") && $0.contains("↵") }
        }
        var steps = 0
        while !linkUnderCursor(try tmux.capture()), steps < 40 {
            try tmux.sendKeys("Down")
            steps += 1
            usleep(80_000)
        }
        XCTAssertTrue(linkUnderCursor(try tmux.capture()), "the cursor never reached the link")
        try tmux.sendKeys("Enter")
        let firm = try tmux.waitFor("┌ Firm ", "北京智谱华章科技", "HKEX: 2513")
        XCTAssertTrue(firm.contains("Zhipu AI (Z.ai)"), firm)
        XCTAssertTrue(firm.contains(" › Zhipu AI (Z.ai)"), "the breadcrumb should show event › firm:\n\(firm)")

        try tmux.sendKeys("Escape")
        let back = try tmux.waitForScreen("the event page again") { screen in
            screen.contains("┌ Policy event ") && screen.contains("Firms affected") && !screen.contains("┌ Firm ")
        }
        XCTAssertTrue(back.contains("Zhipu AI and Sophgo added to the Entity List"), back)
    }

    // MARK: 12. No colour

    func testNoColorFlagUsesNoColours() throws {
        let (tmux, _) = try startGrid(["--no-color"])
        let screen = try tmux.waitForStable("the grid", escapes: true) { Self.isGrid(TmuxSession.withoutEscapes($0)) }
        XCTAssertFalse(Self.setsColour(screen), "--no-color should set no colour:\n\(Self.colourSequences(screen))")
        XCTAssertFalse(screen.contains("38;5;") || screen.contains("38;2;") || screen.contains("48;5;") || screen.contains("48;2;"))
    }

    func testNO_COLOREnvironmentUsesNoColours() throws {
        let (tmux, _) = try startGrid(environment: ["NO_COLOR": "1"])
        let screen = try tmux.waitForStable("the grid", escapes: true) { Self.isGrid(TmuxSession.withoutEscapes($0)) }
        XCTAssertFalse(Self.setsColour(screen), "NO_COLOR should set no colour:\n\(Self.colourSequences(screen))")
        // Still usable: the selection is shown with attributes (reverse) instead.
        XCTAssertTrue(Self.sgrParameters(screen).contains { $0.contains(7) }, "expected reverse video for the selection")
        // t cycles themes; colours must stay off. (Then 2 zooms the IPO panel: once that
        // shows, t has been handled, since keys are handled in order.)
        try tmux.sendKeys("t", "2")
        let after = try tmux.waitForStable("the IPO panel zoomed after t", escapes: true) { screen in
            let plain = TmuxSession.withoutEscapes(screen)
            return plain.contains("2 IPO performance") && TmuxSession.count(Self.panelBox, in: plain) == 1
        }
        XCTAssertFalse(Self.setsColour(after), "NO_COLOR should hold after t:\n\(Self.colourSequences(after))")
    }

    private static func colourSequences(_ screen: String) -> String {
        Set(sgrParameters(screen).map { $0.map(String.init).joined(separator: ";") }).sorted().joined(separator: " ")
    }

    // MARK: 13. Unknown TERM

    func testUnknownTERMIsAClearErrorOnStderrAndExits2() throws {
        let scratch = try TemporaryDirectory(prefix: "sinoai-e2e-term")
        let stderrFile = scratch.url.appendingPathComponent("stderr")
        let tmux = try start(term: "definitely-not-a-terminal", stderrFile: stderrFile)
        let screen = try tmux.waitFor("EXIT:2")
        let stderr = try String(contentsOf: stderrFile, encoding: .utf8)
        XCTAssertTrue(stderr.contains("definitely-not-a-terminal"), "stderr should name the terminal type: \(stderr)")
        XCTAssertTrue(stderr.lowercased().contains("terminal"), stderr)
        XCTAssertEqual(stderr.split(separator: "\n").count, 1, "one clear line: \(stderr)")
        XCTAssertFalse(screen.contains("definitely-not-a-terminal"), "nothing on stdout:\n\(screen)")
        XCTAssertFalse(Self.hasDashboardDrawing(screen), screen)
    }

    // MARK: 14. Idle

    func testIdleDashboardUsesNoCPU() throws {
        let (tmux, _) = try startGrid()
        let pid = try tmux.sinoaiPID()
        let before = try XCTUnwrap(ProcessTable.cpuTicks(pid))
        // A measurement window, not a wait for a condition.
        Thread.sleep(forTimeInterval: 2)
        let after = try XCTUnwrap(ProcessTable.cpuTicks(pid))
        XCTAssertTrue(ProcessTable.isAlive(pid))
        XCTAssertLessThanOrEqual(after - before, 2, "an idle dashboard used \(after - before) CPU ticks in 2 s")
    }
}
