import Foundation

/// Replaces a file so readers see either the old or the new content, never a mix:
/// write a temporary file in the same folder, fsync it, rename it over the target,
/// fsync the folder.
public enum AtomicFile {
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static func write(_ bytes: [UInt8], to url: URL) throws(Failure) {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        var mode: mode_t = 0o644
        var info = stat()
        if stat(url.path, &info) == 0 { mode = info.st_mode & 0o7777 }
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Failure(message: "cannot create \(temporary.path): \(String(cString: strerror(errno)))") }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let message = String(cString: strerror(errno))
                close(fd)
                unlink(temporary.path)
                throw Failure(message: "cannot write \(temporary.path): \(message)")
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            close(fd)
            unlink(temporary.path)
            throw Failure(message: "fsync failed for \(temporary.path)")
        }
        close(fd)
        guard rename(temporary.path, url.path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary.path)
            throw Failure(message: "cannot replace \(url.path): \(message)")
        }
        let dirFD = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }
}
