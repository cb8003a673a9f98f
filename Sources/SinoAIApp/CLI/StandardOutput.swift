import Foundation
import SinoAIDomain

/// Writes to stdout and stderr with `write(2)`, so a failed write is an exit status
/// instead of a trap (Foundation's `FileHandle.write` traps on EPIPE and ENOSPC).
enum StandardOutput {
    /// The status a shell shows for a process killed by SIGPIPE (128 + 13): used when
    /// the reader went away with SIGPIPE ignored, so both cases look the same to a script.
    static let brokenPipeStatus: Int32 = 141

    /// Command output on stdout, ending in a newline. A reader that went away (`| head`)
    /// ends the process quietly; any other failure (`> /dev/full`) is one line on
    /// stderr and exit status 1.
    static func emit(_ text: String) {
        let line = text.utf8.last == UInt8(ascii: "\n") ? text : text + "\n"
        guard let failure = write(line, to: STDOUT_FILENO) else { return }
        if failure == EPIPE { exit(brokenPipeStatus) }
        error("sinoai: cannot write output: \(String(cString: strerror(failure)))")
        exit(1)
    }

    /// A message on stderr, ending in a newline; control characters in it (an argument
    /// echoed back, a file name) are shown escaped, line by line.
    static func error(_ message: String) {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map { Text.escaped(String($0)) }
        let text = lines.joined(separator: "\n")
        _ = write(text.hasSuffix("\n") ? text : text + "\n", to: STDERR_FILENO)
    }

    /// Writes all of `text`; nil when done, else the errno that stopped it.
    private static func write(_ text: String, to descriptor: Int32) -> Int32? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    // A non-blocking stdout (some parents set it): wait until it drains.
                    if errno == EAGAIN || errno == EWOULDBLOCK {
                        var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                        _ = poll(&ready, 1, -1)
                        continue
                    }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }
}

/// Writes command output to stdout in one piece (see `StandardOutput.emit`).
func emit(_ text: String) {
    StandardOutput.emit(text)
}
