import Crypto
import Foundation
import NIOSSH

/// The server's ed25519 host key: generated on first run, stored as the base64 of its
/// 32-byte raw representation in a file of mode 0600. A key file readable by group or
/// others is refused, as sshd refuses such private keys.
public enum HostKeyStore {
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    public struct Loaded {
        public var key: NIOSSHPrivateKey
        public var created: Bool
        /// "ssh-ed25519 AAAA…", for a known_hosts line.
        public var publicKeyLine: String
        public var fingerprint: String
    }

    /// Why a key file with this mode must not be used, or nil.
    public static func permissionProblem(mode: mode_t) -> String? {
        (mode & 0o077) != 0 ? "is readable or writable by group or others (mode \(String(mode & 0o777, radix: 8)))" : nil
    }

    public static func loadOrCreate(path: String) throws -> Loaded {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            guard errno == ENOENT else {
                throw Problem(description: "cannot open the host key \(path): \(String(cString: strerror(errno)))")
            }
            return try create(path: path)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw Problem(description: "the host key \(path) is not a regular file")
        }
        if let problem = permissionProblem(mode: info.st_mode) {
            throw Problem(description: "refusing to use the host key \(path): it \(problem); run: chmod 600 \(path)")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 512)
        while bytes.count <= 4096 {
            let n = read(fd, &chunk, chunk.count)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw Problem(description: "cannot read the host key \(path): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        let raw = try decode(bytes, path: path)
        let key: Curve25519.Signing.PrivateKey
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        } catch {
            throw Problem(description: "the host key \(path) is not a valid ed25519 key")
        }
        return loaded(key, created: false)
    }

    /// Raw 32 bytes, or their base64 on one line.
    static func decode(_ bytes: [UInt8], path: String) throws -> Data {
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if let data = Data(base64Encoded: text), data.count == 32 { return data }
        if bytes.count == 32 { return Data(bytes) }
        throw Problem(description: "the host key \(path) is not a sinoai host key (expected the base64 of a 32-byte ed25519 key)")
    }

    static func create(path: String) throws -> Loaded {
        let key = Curve25519.Signing.PrivateKey()
        let text = key.rawRepresentation.base64EncodedString() + "\n"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw Problem(description: "cannot create the host key \(path): \(String(cString: strerror(errno)))")
        }
        var ok = fchmod(fd, 0o600) == 0
        let bytes = Array(text.utf8)
        ok = ok && bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok else {
            let reason = String(cString: strerror(errno))
            unlink(path)
            throw Problem(description: "cannot write the host key \(path): \(reason)")
        }
        return loaded(key, created: true)
    }

    static func loaded(_ key: Curve25519.Signing.PrivateKey, created: Bool) -> Loaded {
        let privateKey = NIOSSHPrivateKey(ed25519Key: key)
        let line = String(openSSHPublicKey: privateKey.publicKey)
        return Loaded(key: privateKey, created: created, publicKeyLine: line,
                      fingerprint: AuthorizedKeysParser.fingerprint(of: privateKey.publicKey))
    }
}
