import CSystemShims
import Foundation

/// How a session's dashboard ended.
public enum ChildExit: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    public var description: String {
        switch self {
        case .exited(let status): "exit status \(status)"
        case .signaled(let signal): "signal \(ChildExit.signalName(signal))"
        }
    }

    /// "HUP", "KILL", … (the SSH exit-signal names).
    public static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGABRT: "ABRT"
        case SIGALRM: "ALRM"
        case SIGFPE: "FPE"
        case SIGHUP: "HUP"
        case SIGILL: "ILL"
        case SIGINT: "INT"
        case SIGKILL: "KILL"
        case SIGPIPE: "PIPE"
        case SIGQUIT: "QUIT"
        case SIGSEGV: "SEGV"
        case SIGTERM: "TERM"
        case SIGUSR1: "USR1"
        case SIGUSR2: "USR2"
        default: "SIG\(signal)"
        }
    }
}

/// Every dashboard process the server started. Spawning, signalling and reaping happen
/// under one lock, so a pid is never signalled after it was reaped (when it could
/// belong to someone else), and a child that exits at once is still reaped.
final class ChildRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var children: [pid_t: @Sendable (ChildExit) -> Void] = [:]
    private var drainWaiters: [@Sendable () -> Void] = []

    struct SpawnError: Error, CustomStringConvertible {
        var errno: Int32
        var description: String { "cannot start the dashboard: \(String(cString: strerror(errno)))" }
    }

    /// Starts `argv` on a new pty; `onExit` is called (on the signal thread) once reaped.
    func spawn(executable: String, argv: [String], environment: [String], rows: Int, cols: Int,
               onExit: @escaping @Sendable (ChildExit) -> Void) throws -> (pid: pid_t, master: Int32) {
        let cArgv = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup($0) } + [nil]
        defer {
            for p in cArgv { free(p) }
            for p in cEnv { free(p) }
        }
        lock.lock()
        defer { lock.unlock() }
        var master: Int32 = -1
        let pid = cArgv.withUnsafeBufferPointer { argvBuffer in
            cEnv.withUnsafeBufferPointer { envBuffer in
                sinoai_spawn_pty(executable, argvBuffer.baseAddress, envBuffer.baseAddress,
                                 Int32(clamping: rows), Int32(clamping: cols), &master)
            }
        }
        guard pid > 0 else { throw SpawnError(errno: errno) }
        children[pid] = onExit
        return (pid, master)
    }

    /// Sends `signal` to the child's process group, unless it was already reaped.
    func signalGroup(_ pid: pid_t, _ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        guard children[pid] != nil else { return }
        kill(-pid, signal)
    }

    func signalAll(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        for pid in children.keys { kill(-pid, signal) }
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return children.count
    }

    var pids: [pid_t] {
        lock.lock()
        defer { lock.unlock() }
        return Array(children.keys)
    }

    /// Reaps every child that has exited (after SIGCHLD; signals coalesce, so all are checked).
    func reapAll() {
        var finished: [(ChildExit, @Sendable (ChildExit) -> Void)] = []
        var waiters: [@Sendable () -> Void] = []
        lock.lock()
        for (pid, callback) in children {
            var status: Int32 = -1
            var signal: Int32 = 0
            let result = sinoai_reap_child(pid, &status, &signal)
            if result == 1 {
                children[pid] = nil
                finished.append((signal > 0 ? .signaled(signal) : .exited(status), callback))
            } else if result < 0 && errno == ECHILD {
                children[pid] = nil  // not ours any more; nothing to report
                finished.append((.exited(255), callback))
            }
        }
        if children.isEmpty {
            waiters = drainWaiters
            drainWaiters = []
        }
        lock.unlock()
        for (exit, callback) in finished { callback(exit) }
        for waiter in waiters { waiter() }
    }

    /// Calls `body` once no child is left (at once if none is).
    func whenEmpty(_ body: @escaping @Sendable () -> Void) {
        lock.lock()
        if children.isEmpty {
            lock.unlock()
            body()
            return
        }
        drainWaiters.append(body)
        lock.unlock()
    }
}

/// Signals for the server, read from a signalfd on a thread of their own: SIGCHLD
/// (reap), SIGTERM and SIGINT (shut down), SIGHUP (re-read the authorized keys).
public final class SignalWatcher: @unchecked Sendable {
    public static let handled: [Int32] = [SIGCHLD, SIGTERM, SIGINT, SIGHUP]
    private let fd: Int32

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Blocks the signals in this thread, so threads created later inherit the mask.
    /// Call it before anything starts a thread (before the event loops).
    public init() throws {
        let fd = Self.handled.withUnsafeBufferPointer { sinoai_block_signals_fd($0.baseAddress, Int32($0.count)) }
        guard fd >= 0 else { throw Problem(description: "cannot set up signal handling: \(String(cString: strerror(errno)))") }
        self.fd = fd
    }

    /// Delivers each signal to `handler` on a dedicated thread, forever.
    public func start(_ handler: @escaping @Sendable (Int32) -> Void) {
        let fd = self.fd
        let thread = Thread {
            while true {
                let signal = sinoai_wait_signal(fd, -1)
                if signal > 0 { handler(signal) } else if signal < 0 { usleep(100_000) }
            }
        }
        thread.name = "sinoai-serve-signals"
        thread.start()
    }
}
