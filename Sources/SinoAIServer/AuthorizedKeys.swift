import Crypto
import Foundation
import Logging
import NIOCore
import NIOSSH

/// One accepted line of an authorized_keys file.
public struct AuthorizedKey: Sendable {
    public var key: NIOSSHPublicKey
    /// "ssh-ed25519", "ecdsa-sha2-nistp256", …
    public var type: String
    /// The comment after the key (usually who it belongs to), possibly empty.
    public var comment: String
    /// 1-based line number in the file.
    public var line: Int
    /// "SHA256:…", as `ssh-keygen -lf` prints it.
    public var fingerprint: String
}

/// authorized_keys in OpenSSH's format, restricted to what `sinoai serve` supports: one
/// ed25519 or ECDSA (P-256/384/521) key per line, no options. Anything else is skipped
/// with a warning naming the line; blank lines and `#` comments are ignored.
public enum AuthorizedKeysParser {
    public static let supportedTypes: Set<String> = [
        "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
    ]

    public struct Result: Sendable {
        public var keys: [AuthorizedKey]
        public var warnings: [String]
    }

    public static func parse(_ text: String) -> Result {
        var keys: [AuthorizedKey] = []
        var warnings: [String] = []
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let first = tokens[0]
            if supportedTypes.contains(first) {
                guard tokens.count >= 2 else {
                    warnings.append("line \(number): \(first) key without key data; skipped")
                    continue
                }
                guard let key = try? NIOSSHPublicKey(openSSHPublicKey: "\(first) \(tokens[1])"),
                      let blob = Data(base64Encoded: tokens[1])
                else {
                    warnings.append("line \(number): malformed \(first) key; skipped")
                    continue
                }
                keys.append(AuthorizedKey(key: key, type: first, comment: tokens.dropFirst(2).joined(separator: " "),
                                          line: number, fingerprint: fingerprint(blob: blob)))
            } else if isKeyType(first) {
                warnings.append("line \(number): key type \(LogText.escaped(first, limit: 40)) is not supported (use ssh-ed25519 or ecdsa-sha2-nistp256/384/521); skipped")
            } else if let type = tokens.dropFirst().first(where: isKeyType) {
                warnings.append("line \(number): options before the \(LogText.escaped(type, limit: 40)) key are not supported (remove them: every key gets the same read-only dashboard); skipped")
            } else {
                warnings.append("line \(number): not a public key; skipped")
            }
        }
        return Result(keys: keys, warnings: warnings)
    }

    /// Looks like an OpenSSH key type: supported ones, RSA/DSA, security keys, certificates.
    static func isKeyType(_ token: String) -> Bool {
        supportedTypes.contains(token) || token.hasPrefix("ssh-") || token.hasPrefix("ecdsa-sha2-")
            || token.hasPrefix("sk-") || token.hasPrefix("rsa-sha2-") || token.hasSuffix("@openssh.com")
    }

    /// "SHA256:" + unpadded base64 of the SHA-256 of the key blob.
    public static func fingerprint(blob: Data) -> String {
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }

    /// The fingerprint of a key as a client presented it.
    public static func fingerprint(of key: NIOSSHPublicKey) -> String {
        let parts = String(openSSHPublicKey: key).split(separator: " ")
        guard parts.count >= 2, let blob = Data(base64Encoded: String(parts[1])) else { return "SHA256:?" }
        return fingerprint(blob: blob)
    }
}

/// The authorized_keys file, re-read whenever it changes (checked with one `stat` per
/// authentication attempt, so edits take effect for the next login without a restart).
public final class AuthorizedKeysFile: @unchecked Sendable {
    public let path: String
    private let logger: Logger
    private let lock = NSLock()
    private var signature: [Int64]?
    private var keys: [NIOSSHPublicKey: AuthorizedKey] = [:]

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Loads the file now; throws when it is missing, unreadable or writable by others.
    public init(path: String, logger: Logger) throws {
        self.path = path
        self.logger = logger
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw Problem(description: "cannot read the authorized keys file \(path): \(String(cString: strerror(errno)))")
        }
        if let problem = Self.permissionProblem(mode: info.st_mode) {
            throw Problem(description: "the authorized keys file \(path) \(problem); run: chmod go-w \(path)")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw Problem(description: "cannot read the authorized keys file \(path)")
        }
        _ = reloadIfChanged()
    }

    /// Why a file with this mode must not be trusted, or nil. Like sshd's StrictModes:
    /// anyone who can write the file can let themselves in.
    public static func permissionProblem(mode: mode_t) -> String? {
        (mode & 0o022) != 0 ? "is writable by group or others (mode \(String(mode & 0o777, radix: 8)))" : nil
    }

    /// The entry for a key a client proved it holds, or nil.
    public func lookup(_ key: NIOSSHPublicKey) -> AuthorizedKey? {
        _ = reloadIfChanged()
        lock.lock()
        defer { lock.unlock() }
        return keys[key]
    }

    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return keys.count
    }

    /// Re-reads the file if its identity, size or times changed. Returns the number of
    /// keys when it was (re)loaded, nil when unchanged.
    @discardableResult
    public func reloadIfChanged() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        var info = stat()
        guard stat(path, &info) == 0 else {
            if signature != [] {
                logger.error("authorized keys file unreadable; refusing every key until it is back",
                             metadata: ["path": "\(path)", "error": "\(String(cString: strerror(errno)))"])
                signature = []
                keys = [:]
            }
            return nil
        }
        let current: [Int64] = [Int64(info.st_dev), Int64(info.st_ino), Int64(info.st_size), Int64(info.st_mode),
                                Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec),
                                Int64(info.st_ctim.tv_sec), Int64(info.st_ctim.tv_nsec)]
        if current == signature { return nil }
        signature = current
        if let problem = Self.permissionProblem(mode: info.st_mode) {
            logger.error("authorized keys file \(problem); refusing every key until fixed", metadata: ["path": "\(path)"])
            keys = [:]
            return 0
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            logger.error("cannot read the authorized keys file; refusing every key", metadata: ["path": "\(path)"])
            keys = [:]
            return 0
        }
        let result = AuthorizedKeysParser.parse(String(decoding: data, as: UTF8.self))
        for warning in result.warnings {
            logger.warning("authorized keys: \(warning)", metadata: ["path": "\(path)"])
        }
        var table: [NIOSSHPublicKey: AuthorizedKey] = [:]
        for entry in result.keys where table[entry.key] == nil { table[entry.key] = entry }
        keys = table
        logger.info("authorized keys loaded", metadata: ["path": "\(path)", "keys": "\(table.count)"])
        return table.count
    }
}
