import ArgumentParser
import CSystemShims
import Foundation
import SinoAIDomain

/// Watch mode started on a snapshot that does not load (the job that writes it failed
/// overnight, or is still writing): tries again after a quiet spell, then says why and
/// waits for the folder to change, until a snapshot loads or the user quits (Ctrl-C, a
/// hang-up). A watch is meant to outlive a bad night, so it does not exit on one.
///
/// The folder is watched from the start, before the retry, so a writer that finishes
/// during the retry's load is not missed. As in the dashboard, a failure is reported
/// only once it has lasted a quiet spell: a writer's every pause is not news.
struct FirstSnapshotWait {
    /// Problems listed before "… and N more"; `sinoai validate` lists them all.
    static let problemsShown = 5
    var directory: URL
    var signals: SignalSource
    var watch: DashboardLauncher.Watch
    /// How long a failure must last, without writes, before it is reported.
    var confirmationDelay = DashboardRunner.confirmationDelay

    /// The snapshot once it loads. Throws `ExitCode(128 + signal)` when the user quits.
    func run(announce: (String) -> Void) throws -> Snapshot {
        let watcher = FileWatcher(directory: directory, interval: watch.interval, forcePolling: watch.forcePolling)
        // Keys typed while waiting mean nothing: not echoed over the report, and dropped
        // when the dashboard opens. The terminal's own settings come back however this ends.
        var saved = termios()
        let quiet = tcgetattr(0, &saved) == 0
        if quiet {
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSANOW, &silent)
        }
        defer {
            // Keys typed blind go, however the wait ends: a shell must not run them.
            tcflush(0, TCIFLUSH)
            if quiet { tcsetattr(0, TCSANOW, &saved) }
        }
        announce("sinoai: the snapshot does not load yet; trying again in \(String(format: "%.1f", confirmationDelay)) s…")
        var reported: [String]?
        var checkAt: Date? = Date().addingTimeInterval(confirmationDelay)
        // Whether a failure at `checkAt` has lasted a quiet spell (and so is reported).
        var confirming = true
        while true {
            var fds = [pollfd(fd: signals.fd, events: Int16(POLLIN), revents: 0),
                       // Only a hang-up is of interest: typed keys are discarded when it ends.
                       pollfd(fd: 0, events: 0, revents: 0)]
            if let descriptor = watcher.pollDescriptor { fds.append(descriptor) }
            let deadline = [checkAt, watcher.nextPoll].compactMap { $0 }.min()
            let timeout = deadline.map { Int32(max(0, min(3_600_000, ($0.timeIntervalSinceNow * 1000).rounded(.up)))) } ?? -1
            if poll(&fds, nfds_t(fds.count), timeout) < 0 && errno != EINTR {
                throw CommandFailure(message: "cannot wait for the snapshot: \(String(cString: strerror(errno)))", code: 1)
            }
            if fds[0].revents & Int16(POLLIN) != 0 {
                for signal in signals.drain() where signal != SIGWINCH && signal != SIGPIPE {
                    throw ExitCode(128 + signal)
                }
            }
            if fds[1].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { throw ExitCode(128 + SIGHUP) }
            let now = Date()
            if watcher.changed(ready: fds.count > 2 && fds[2].revents & Int16(POLLIN) != 0, now: now) {
                checkAt = now.addingTimeInterval(FileWatcher.settle)
                confirming = false
            }
            guard let at = checkAt, now >= at else { continue }
            checkAt = nil
            switch SnapshotLoader.load(from: directory) {
            case .success(let snapshot):
                return snapshot
            case .failure(let error) where confirming:
                let problems = error.problems.map(\.description)
                if problems != reported { reported = Self.report(problems, directory: directory) }
            case .failure:
                confirming = true
                checkAt = now.addingTimeInterval(confirmationDelay)
            }
        }
    }

    /// Prints why the snapshot does not load and that the watch waits; returns what it said.
    static func report(_ problems: [String], directory: URL) -> [String] {
        var lines = ["sinoai: the snapshot in \(Text.escaped(directory.path, limit: 200)) does not load "
                     + "(\(problems.count) problem\(problems.count == 1 ? "" : "s")):"]
        lines += problems.prefix(problemsShown).map { "  " + Text.escaped($0, limit: 300) }
        if problems.count > problemsShown {
            lines.append("  … and \(problems.count - problemsShown) more (sinoai validate lists them all)")
        }
        lines.append("sinoai: waiting for the snapshot to change; the dashboard opens when it loads (Ctrl-C quits, other keys are ignored).")
        StandardOutput.error(lines.joined(separator: "\n"))
        return problems
    }
}
