import CSystemShims
import Foundation

/// Signals as readable events: blocked for the whole process (before any thread
/// starts) and read from a signalfd in the run loop, so the loop can restore the
/// terminal before exiting on SIGTERM, SIGHUP or SIGINT.
final class SignalSource {
    let fd: Int32

    static let handled: [Int32] = [SIGWINCH, SIGHUP, SIGTERM, SIGINT, SIGQUIT, SIGPIPE]

    init() throws {
        let fd = Self.handled.withUnsafeBufferPointer { sinoai_signalfd($0.baseAddress, Int32($0.count)) }
        guard fd >= 0 else { throw CommandFailure(message: "cannot set up signal handling: \(String(cString: strerror(errno)))", code: 1) }
        self.fd = fd
    }

    /// Pending signal numbers.
    func drain() -> [Int32] {
        var result: [Int32] = []
        while true {
            let signal = sinoai_read_signal(fd)
            if signal < 0 { break }
            result.append(signal)
        }
        return result
    }

    deinit { close(fd) }
}

/// A pipe that wakes `poll()` when a background job has a result.
final class WakePipe: @unchecked Sendable {
    let readFD: Int32
    let writeFD: Int32

    init() throws {
        var fds: [Int32] = [0, 0]
        guard sinoai_pipe(&fds) == 0 else { throw CommandFailure(message: "cannot create a pipe", code: 1) }
        readFD = fds[0]
        writeFD = fds[1]
    }

    func wake() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readFD, &buffer, buffer.count) > 0 {}
    }

    deinit {
        close(readFD)
        close(writeFD)
    }
}
