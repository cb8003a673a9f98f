import ArgumentParser
import CSystemShims
import Foundation
import SinoAIDomain

/// Watch mode started on a snapshot that does not load (the job that writes it failed
/// overnight, or is still writing): says why, then waits for the folder to change and
/// tries again, until a snapshot loads or the user quits (Ctrl-C, a hang-up). A watch
/// is meant to outlive a bad night, so it does not exit on one.
struct FirstSnapshotWait {
    /// Problems listed before "… and N more"; `sinoai validate` lists them all.
    static let problemsShown = 5
    /// A burst of writes ends this long after the last event.
    static let debounce: TimeInterval = 0.2

    var data: DataOptions
    var signals: SignalSource
    var watch: DashboardLauncher.Watch

    /// The snapshot once it loads. Throws `ExitCode(128 + signal)` when the user quits.
    func run(after failure: InvalidSnapshot) throws -> (Snapshot, URL) {
        let watcher = FileWatcher(directory: failure.directory, interval: watch.interval, forcePolling: watch.forcePolling)
        var reported = Self.report(failure)
        var reloadAt: Date?
        var nextPoll = watcher.usesInotify ? nil : Date().addingTimeInterval(watcher.interval)
        while true {
            var fds = [pollfd(fd: signals.fd, events: Int16(POLLIN), revents: 0),
                       // Only a hang-up is of interest: typed keys stay in the terminal's queue.
                       pollfd(fd: 0, events: 0, revents: 0)]
            if watcher.usesInotify { fds.append(pollfd(fd: watcher.fd, events: Int16(POLLIN), revents: 0)) }
            let deadline = [reloadAt, nextPoll].compactMap { $0 }.min()
            let timeout = deadline.map { Int32(max(0, ($0.timeIntervalSinceNow * 1000).rounded(.up))) } ?? -1
            if poll(&fds, nfds_t(fds.count), timeout) < 0 && errno != EINTR {
                throw CommandFailure(message: "cannot wait for the snapshot: \(String(cString: strerror(errno)))", code: 1)
            }
            if fds[0].revents & Int16(POLLIN) != 0 {
                for signal in signals.drain() where signal != SIGWINCH && signal != SIGPIPE {
                    throw ExitCode(128 + signal)
                }
            }
            if fds[1].revents & Int16(POLLHUP | POLLERR) != 0 { throw ExitCode(128 + SIGHUP) }
            let now = Date()
            if fds.count > 2, fds[2].revents & Int16(POLLIN) != 0, watcher.drainEvents() {
                reloadAt = now.addingTimeInterval(Self.debounce)
            }
            if let poll = nextPoll, now >= poll {
                nextPoll = now.addingTimeInterval(watcher.interval)
                if watcher.pollChanged() { reloadAt = now.addingTimeInterval(Self.debounce) }
            }
            guard let at = reloadAt, now >= at else { continue }
            reloadAt = nil
            do {
                return try data.loadSnapshot()
            } catch let again as InvalidSnapshot {
                // Said again only when it says something new: a writer's every step is not news.
                let problems = again.error.problems.map(\.description)
                if problems != reported { reported = Self.report(again) }
            }
        }
    }

    /// Prints why the snapshot does not load and that the watch waits; returns what it said.
    @discardableResult
    static func report(_ failure: InvalidSnapshot) -> [String] {
        let problems = failure.error.problems.map(\.description)
        var lines = ["sinoai: the snapshot in \(Text.escaped(failure.directory.path, limit: 200)) does not load "
                     + "(\(problems.count) problem\(problems.count == 1 ? "" : "s")):"]
        lines += problems.prefix(problemsShown).map { "  " + Text.escaped($0, limit: 300) }
        if problems.count > problemsShown {
            lines.append("  … and \(problems.count - problemsShown) more (sinoai validate lists them all)")
        }
        lines.append("sinoai: waiting for the snapshot to change; the dashboard opens when it loads (Ctrl-C quits).")
        StandardOutput.error(lines.joined(separator: "\n"))
        return problems
    }
}
