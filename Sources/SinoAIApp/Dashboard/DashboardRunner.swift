import CSystemShims
import Foundation
import Logging
import SinoAIDomain
import SinoAIRendering
import SinoAITerminal
import SinoAIViewModel

/// The run loop, the only impure core: one thread owns ncurses and sleeps in
/// `poll()` on the terminal, signals, the file watcher and a wake-up pipe; each
/// event becomes an action for the reducer, whose effects are performed here; then
/// one frame is rendered and flushed. Idle costs nothing.
final class DashboardRunner {
    private var state: AppState
    private let terminal: CursesTerminal
    private let themes: ThemeCatalog
    private let signals: SignalSource
    private let wake: WakePipe
    private let reloader: SnapshotReloader
    private let retired = BackgroundRelease()
    private let watcher: FileWatcher?
    private let options: RenderOptions
    private let logger: Logger
    private var reloadAt: Date?
    /// Whether the next failed reload is shown. A reload the folder's events asked for
    /// is tried once more after a quiet spell before its failure is shown: a writer that
    /// pauses mid-file (a slow job, a network copy) leaves a half-written file that is
    /// not a broken snapshot. A reload asked for with `r` shows its failure at once.
    private var reportNextFailure = false
    /// How long a snapshot that does not load is given to settle before it is tried again
    /// (a reload's, and at start-up).
    static let confirmationDelay: TimeInterval = 2.5
    private var emptyReads = 0

    init(state: AppState, terminal: CursesTerminal, themes: ThemeCatalog, signals: SignalSource, wake: WakePipe,
         reloader: SnapshotReloader, watcher: FileWatcher?, options: RenderOptions, logger: Logger) {
        self.state = state
        self.terminal = terminal
        self.themes = themes
        self.signals = signals
        self.wake = wake
        self.reloader = reloader
        self.watcher = watcher
        self.options = options
        self.logger = logger
    }

    /// Runs until quit, hang-up or a terminating signal. Returns the exit status.
    func run() -> Int32 {
        var dirty = true
        var status: Int32 = 0
        loop: while true {
            if dirty {
                terminal.setTheme(themes.theme(state.themeName))
                terminal.draw(ScreenRenderer.render(state, options: options))
                dirty = false
            }
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: signals.fd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wake.readFD, events: Int16(POLLIN), revents: 0)]
            if let descriptor = watcher?.pollDescriptor { fds.append(descriptor) }
            let ready = poll(&fds, nfds_t(fds.count), timeoutMilliseconds())
            if ready < 0 && errno != EINTR {
                logger.error("poll failed: \(String(cString: strerror(errno)))")
                status = 1
                break
            }
            let now = Date()

            // Signals first: a hang-up or SIGTERM ends the loop before anything else.
            if fds[1].revents & Int16(POLLIN) != 0 {
                for signal in signals.drain() {
                    switch signal {
                    case SIGWINCH:
                        _ = perform(state: .resize(terminal.handleResize()))
                        dirty = true
                    case SIGPIPE:
                        continue
                    default:
                        logger.info("exiting on signal \(signal)")
                        // 128 + signal, as shells report it, so scripts can tell a kill from a quit.
                        status = 128 + signal
                        break loop
                    }
                }
            }
            // The terminal went away (SSH disconnect, tmux killed): exit, never spin.
            if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                logger.info("terminal hung up")
                break
            }
            if fds[0].revents & Int16(POLLIN) != 0 {
                let inputs = terminal.readInput()
                emptyReads = inputs == nil ? emptyReads + 1 : 0
                if emptyReads >= 5 {
                    logger.info("terminal input closed")
                    break
                }
                for input in inputs ?? [] {
                    let action: Action = switch input {
                    case .key(let key): .key(key)
                    case .mouse(let event): .mouse(event)
                    }
                    if perform(state: action) { break loop }
                    dirty = true
                }
            }
            if fds[2].revents & Int16(POLLIN) != 0 {
                wake.drain()
                if let result = reloader.take() {
                    switch result {
                    case .success(let prepared):
                        reportNextFailure = false
                        logger.info("snapshot loaded", metadata: ["asOf": "\(prepared.snapshot.manifest.asOf)"])
                        // The replaced snapshot and rows are freed off this thread (below).
                        retired.hold(state.data)
                        retired.hold(prepared)
                        _ = perform(state: .snapshotPrepared(prepared, at: now))
                    case .failure where reloadAt != nil && !reportNextFailure:
                        break  // more writes came meanwhile: the reload they asked for decides
                    case .failure(let error) where !reportNextFailure:
                        logger.info("snapshot not loadable yet; trying again", metadata: ["problems": "\(error.problems.count)"])
                        reportNextFailure = true
                        reloadAt = now.addingTimeInterval(Self.confirmationDelay)
                    case .failure(let error):
                        logger.warning("snapshot rejected", metadata: ["problems": "\(error.problems.count)"])
                        reportNextFailure = false
                        _ = perform(state: .snapshotFailed(error.problems, at: now))
                    }
                    dirty = true
                }
                // This scope's references (`result`, `prepared`) are gone now.
                retired.releaseHeld()
            }
            // New writes: a failure seen before them is not confirmed by the next try.
            if let watcher, watcher.changed(ready: fds.count > 3 && fds[3].revents & Int16(POLLIN) != 0, now: now) {
                reloadAt = now.addingTimeInterval(FileWatcher.settle)
                reportNextFailure = false
            }
            if let at = reloadAt, now >= at {
                reloadAt = nil
                reloader.request(base: state.reloadBase)
            }
            if needsTick(now) {
                _ = perform(state: .tick(now))
                dirty = true
            }
        }
        terminal.shutdown()
        return status
    }

    private var lastTick = Date()

    /// When the screen next changes by itself: the oldest change mark fades, or the
    /// staleness warning may appear (checked hourly). Nothing else is time-dependent.
    private var nextTick: Date {
        if let oldest = state.changeMarks.values.map(\.at).min() {
            return oldest.addingTimeInterval(Reducer.changeMarkDuration + 0.05)
        }
        return lastTick.addingTimeInterval(3600)
    }

    private func needsTick(_ now: Date) -> Bool {
        guard now >= nextTick else { return false }
        lastTick = now
        return true
    }

    /// The poll timeout: the nearest of the debounce deadline, the next file-time
    /// poll and the next tick; never a busy loop.
    private func timeoutMilliseconds() -> Int32 {
        var deadlines: [Date] = [nextTick]
        if let reloadAt { deadlines.append(reloadAt) }
        if let nextPoll = watcher?.nextPoll { deadlines.append(nextPoll) }
        let wait = deadlines.min()!.timeIntervalSinceNow
        return Int32(max(0, min(3_600_000, (wait * 1000).rounded(.up))))
    }

    /// Runs the reducer and its effects; true when the program should quit.
    private func perform(state action: Action) -> Bool {
        let effects = Reducer.reduce(&state, action)
        for effect in effects {
            switch effect {
            case .quit: return true
            case .reload:
                // Asked for now: a retry or debounced reload still pending is this one.
                reloadAt = nil
                reportNextFailure = true
                reloader.request(base: state.reloadBase)
            case .setMouse(let on): terminal.setMouse(on)
            case .redraw: terminal.repaintEverything()
            case .copyToClipboard(let text): terminal.copyToClipboard(text)
            case .suspend:
                if terminal.suspend(mouse: state.mouseEnabled) {
                    _ = Reducer.reduce(&state, .resize(terminal.size))
                } else {
                    state.notice = "Ctrl-Z: no shell to suspend to here (q quits)"
                }
            }
        }
        return false
    }
}
