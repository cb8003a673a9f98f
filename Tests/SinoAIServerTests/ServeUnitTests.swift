import Crypto
import Foundation
import Logging
import NIOSSH
import XCTest
@testable import SinoAIServer

private let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

private func ed25519Line(comment: String = "") -> (String, NIOSSHPublicKey) {
    let key = NIOSSHPrivateKey(ed25519Key: Curve25519.Signing.PrivateKey()).publicKey
    let line = String(openSSHPublicKey: key) + (comment.isEmpty ? "" : " " + comment)
    return (line, key)
}

private func p256Line(comment: String = "") -> (String, NIOSSHPublicKey) {
    let key = NIOSSHPrivateKey(p256Key: P256.Signing.PrivateKey()).publicKey
    return (String(openSSHPublicKey: key) + (comment.isEmpty ? "" : " " + comment), key)
}

final class ServeAuthorizedKeysTests: XCTestCase {
    let rsaLine = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 sam@old-laptop"

    func testAcceptsEd25519AndECDSAWithComments() {
        let (ed, edKey) = ed25519Line(comment: "lin@research-box")
        let (ec, ecKey) = p256Line(comment: "sam")
        let p384 = String(openSSHPublicKey: NIOSSHPrivateKey(p384Key: P384.Signing.PrivateKey()).publicKey)
        let text = "# team keys\n\n\(ed)\n   \(ec)  \n\(p384)\n"
        let result = AuthorizedKeysParser.parse(text)
        XCTAssertEqual(result.warnings, [])
        XCTAssertEqual(result.keys.count, 3)
        XCTAssertEqual(result.keys[0].key, edKey)
        XCTAssertEqual(result.keys[0].comment, "lin@research-box")
        XCTAssertEqual(result.keys[0].type, "ssh-ed25519")
        XCTAssertEqual(result.keys[0].line, 3)
        XCTAssertEqual(result.keys[1].key, ecKey)
        XCTAssertEqual(result.keys[1].comment, "sam")
        XCTAssertEqual(result.keys[1].line, 4)
        XCTAssertEqual(result.keys[2].type, "ecdsa-sha2-nistp384")
        XCTAssertEqual(result.keys[2].comment, "")
        XCTAssertTrue(result.keys[0].fingerprint.hasPrefix("SHA256:"))
        XCTAssertFalse(result.keys[0].fingerprint.hasSuffix("="))
    }

    func testSkipsOptionsLinesWithAWarning() {
        let (ed, _) = ed25519Line(comment: "ops")
        let text = """
            command="/bin/sh -c 'cat /etc/passwd'",no-pty \(ed)
            restrict \(ed)
            from="10.0.0.0/8" \(ed)
            """
        let result = AuthorizedKeysParser.parse(text)
        XCTAssertEqual(result.keys.count, 0)
        XCTAssertEqual(result.warnings.count, 3)
        XCTAssertTrue(result.warnings.allSatisfy { $0.contains("options") && $0.contains("skipped") }, "\(result.warnings)")
        XCTAssertTrue(result.warnings[0].hasPrefix("line 1:"))
        XCTAssertTrue(result.warnings[2].hasPrefix("line 3:"))
    }

    func testSkipsRSAAndOtherUnsupportedTypes() {
        let (ed, edKey) = ed25519Line()
        let text = """
            \(rsaLine)
            ssh-dss AAAAB3NzaC1kc3MAAACBAP sam
            sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29t key
            ssh-ed25519-cert-v01@openssh.com AAAAIHNzaC1lZDI1NTE5LWNlcnQtdjAxQG9wZW5zc2guY29t cert
            \(ed)
            """
        let result = AuthorizedKeysParser.parse(text)
        XCTAssertEqual(result.keys.map(\.key), [edKey])
        XCTAssertEqual(result.keys.first?.line, 5)
        XCTAssertEqual(result.warnings.count, 4, "\(result.warnings)")
        XCTAssertTrue(result.warnings[0].contains("ssh-rsa is not supported"), result.warnings[0])
        XCTAssertTrue(result.warnings.allSatisfy { $0.contains("not supported") })
    }

    func testMalformedAndGarbageLines() {
        let text = """
            ssh-ed25519
            ssh-ed25519 not-base64!!
            ssh-ed25519 \(Data(repeating: 7, count: 20).base64EncodedString())
            hello world
            ecdsa-sha2-nistp256 \(String(openSSHPublicKey: NIOSSHPrivateKey(ed25519Key: .init()).publicKey).split(separator: " ")[1])
            """
        let result = AuthorizedKeysParser.parse(text)
        XCTAssertEqual(result.keys.count, 0)
        XCTAssertEqual(result.warnings.count, 5, "\(result.warnings)")
        XCTAssertTrue(result.warnings[3].contains("not a public key"))
        // A key whose blob says ed25519 under an ecdsa label is malformed, not accepted.
        XCTAssertTrue(result.warnings[4].contains("malformed"))
    }

    func testCRLFAndTabs() {
        let (ed, edKey) = ed25519Line()
        let parts = ed.split(separator: " ")
        let result = AuthorizedKeysParser.parse("\(parts[0])\t\(parts[1])\tlin laptop\r\n")
        XCTAssertEqual(result.keys.map(\.key), [edKey])
        XCTAssertEqual(result.keys.first?.comment, "lin laptop")
    }

    func testFingerprintMatchesSSHKeygen() throws {
        guard let keygen = ServeTools.find("ssh-keygen") else { throw XCTSkip("ssh-keygen is not installed") }
        let dir = try ServeTemporaryDirectory()
        let (line, key) = ed25519Line(comment: "x")
        let file = dir.url.appendingPathComponent("k.pub")
        try Data((line + "\n").utf8).write(to: file)
        let output = try ServeTools.run(keygen, ["-l", "-E", "sha256", "-f", file.path]).stdout
        XCTAssertTrue(output.contains(AuthorizedKeysParser.fingerprint(of: key)), output)
    }

    func testFileReloadsWhenItChanges() throws {
        let dir = try ServeTemporaryDirectory()
        let path = dir.url.appendingPathComponent("authorized_keys").path
        let (first, firstKey) = ed25519Line(comment: "one")
        let (second, secondKey) = p256Line(comment: "two")
        try Data((first + "\n").utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
        let file = try AuthorizedKeysFile(path: path, logger: quietLogger)
        XCTAssertEqual(file.lookup(firstKey)?.comment, "one")
        XCTAssertNil(file.lookup(secondKey))
        try Data((first + "\n" + second + "\n").utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(file.lookup(secondKey)?.comment, "two")
        // Removed from the file: refused at once.
        try Data((second + "\n").utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertNil(file.lookup(firstKey))
        // A file others can write is not trusted.
        chmod(path, 0o666)
        XCTAssertNil(file.lookup(secondKey))
        chmod(path, 0o644)
        XCTAssertEqual(file.lookup(secondKey)?.comment, "two")
        // Missing: everyone refused.
        unlink(path)
        XCTAssertNil(file.lookup(secondKey))
    }

    func testFileMustExistAndNotBeWritableByOthers() throws {
        let dir = try ServeTemporaryDirectory()
        let path = dir.url.appendingPathComponent("authorized_keys").path
        XCTAssertThrowsError(try AuthorizedKeysFile(path: path, logger: quietLogger))
        try Data().write(to: URL(fileURLWithPath: path))
        chmod(path, 0o620)
        XCTAssertThrowsError(try AuthorizedKeysFile(path: path, logger: quietLogger)) { error in
            XCTAssertTrue("\(error)".contains("writable by group or others"), "\(error)")
        }
        chmod(path, 0o644)
        XCTAssertEqual(try AuthorizedKeysFile(path: path, logger: quietLogger).count, 0)
    }
}

final class ServeSettingsTests: XCTestCase {
    func testDurations() {
        XCTAssertEqual(DurationParser.seconds("90s"), 90)
        XCTAssertEqual(DurationParser.seconds("30m"), 1800)
        XCTAssertEqual(DurationParser.seconds("1h30m"), 5400)
        XCTAssertEqual(DurationParser.seconds("2h"), 7200)
        XCTAssertEqual(DurationParser.seconds("1d"), 86400)
        XCTAssertEqual(DurationParser.seconds("45"), 45)
        XCTAssertEqual(DurationParser.seconds("1.5h"), 5400)
        XCTAssertEqual(DurationParser.seconds("500ms"), 0.5)
        XCTAssertEqual(DurationParser.seconds(" 10M "), 600)
        XCTAssertEqual(DurationParser.seconds("0"), 0)
        XCTAssertEqual(DurationParser.seconds("0s"), 0)
        for bad in ["", "m", "10x", "-5s", "5 m", "1e3", "h1", "10s5", "400d", "abc"] {
            XCTAssertNil(DurationParser.seconds(bad), bad)
        }
        XCTAssertEqual(DurationParser.describe(5400), "1h30m")
        XCTAssertEqual(DurationParser.describe(90), "1m30s")
        XCTAssertEqual(DurationParser.describe(0.2), "200ms")
    }

    func testListenAddresses() {
        XCTAssertEqual(ListenAddress("127.0.0.1:2222"), ListenAddress(host: "127.0.0.1", port: 2222))
        XCTAssertEqual(ListenAddress("[::1]:22"), ListenAddress(host: "::1", port: 22))
        XCTAssertEqual(ListenAddress(":2222"), ListenAddress(host: "0.0.0.0", port: 2222))
        XCTAssertEqual(ListenAddress("localhost:0"), ListenAddress(host: "localhost", port: 0))
        XCTAssertEqual(ListenAddress(host: "::1", port: 22).description, "[::1]:22")
        for bad in ["127.0.0.1", "127.0.0.1:", "127.0.0.1:70000", "::1:22", "host:22x", "a b:22", "[::1]22"] {
            XCTAssertNil(ListenAddress(bad), bad)
        }
    }

    func testRateLimitSpecs() {
        XCTAssertEqual(try RateLimitSpec.parse("10/10s"), RateLimitSpec(count: 10, interval: 10))
        XCTAssertEqual(try RateLimitSpec.parse("30/1m"), RateLimitSpec(count: 30, interval: 60))
        XCTAssertEqual(try RateLimitSpec.parse("5/20"), RateLimitSpec(count: 5, interval: 20))
        XCTAssertNil(try RateLimitSpec.parse("off"))
        for bad in ["10", "0/10s", "-1/10s", "10/0s", "x/10s", "10/10q", "10/10s/1", ""] {
            XCTAssertThrowsError(try RateLimitSpec.parse(bad), bad)
        }
    }

    func testLogTextEscapesControlCharacters() {
        XCTAssertEqual(LogText.escaped("lin\n\u{1B}[31mroot"), "lin\\u{A}\\u{1B}[31mroot")
        XCTAssertEqual(LogText.escaped("深度求索"), "深度求索")
        XCTAssertEqual(LogText.escaped(String(repeating: "a", count: 100), limit: 5), "aaaaa…")
    }

    func testChildArgumentsAreFixed() {
        let configuration = ServerConfiguration(listen: ListenAddress(host: "127.0.0.1", port: 0),
                                                executable: "/usr/bin/sinoai", dataDirectory: "/srv/data")
        XCTAssertEqual(configuration.childArguments, ["/usr/bin/sinoai", "watch", "--data", "/srv/data"])
        XCTAssertEqual(configuration.maxSessions, 32)
    }
}

final class ServeRateLimiterTests: XCTestCase {
    func testBurstThenRefill() {
        let limiter = RateLimiter(RateLimitSpec(count: 3, interval: 3))  // 1 token per second
        XCTAssertTrue(limiter.allow("10.0.0.1", now: 100))
        XCTAssertTrue(limiter.allow("10.0.0.1", now: 100.1))
        XCTAssertTrue(limiter.allow("10.0.0.1", now: 100.2))
        XCTAssertFalse(limiter.allow("10.0.0.1", now: 100.3))
        XCTAssertFalse(limiter.allow("10.0.0.1", now: 100.9))
        // Other addresses have their own bucket.
        XCTAssertTrue(limiter.allow("10.0.0.2", now: 100.9))
        // One second later one token is back, not more.
        XCTAssertTrue(limiter.allow("10.0.0.1", now: 101.35))
        XCTAssertFalse(limiter.allow("10.0.0.1", now: 101.4))
        // After a long pause the bucket is full again, capped at the burst.
        XCTAssertTrue(limiter.allow("10.0.0.1", now: 1000))
        XCTAssertTrue(limiter.allow("10.0.0.1", now: 1000))
        XCTAssertTrue(limiter.allow("10.0.0.1", now: 1000))
        XCTAssertFalse(limiter.allow("10.0.0.1", now: 1000))
    }

    func testRefusedAttemptsDoNotBorrow() {
        let limiter = RateLimiter(RateLimitSpec(count: 1, interval: 10))
        XCTAssertTrue(limiter.allow("a", now: 0))
        for t in stride(from: 1.0, to: 9.9, by: 1) { XCTAssertFalse(limiter.allow("a", now: t)) }
        XCTAssertTrue(limiter.allow("a", now: 10.01))
    }

    func testForgetsFullBucketsWhenManyAddresses() {
        let limiter = RateLimiter(RateLimitSpec(count: 2, interval: 1), pruneThreshold: 100)
        for i in 0..<100 { _ = limiter.allow("10.0.\(i / 256).\(i % 256)", now: 0) }
        XCTAssertEqual(limiter.trackedAddresses, 100)
        _ = limiter.allow("192.168.0.1", now: 50)
        XCTAssertLessThanOrEqual(limiter.trackedAddresses, 1)
    }
}

final class ServeEnvironmentTests: XCTestCase {
    func testTermIsSanitized() {
        let known: (String) -> Bool = { _ in true }
        XCTAssertEqual(ChildEnvironment.sanitizedTerm("xterm-256color", known: known), "xterm-256color")
        XCTAssertEqual(ChildEnvironment.sanitizedTerm("screen.xterm-256color", known: known), "screen.xterm-256color")
        XCTAssertEqual(ChildEnvironment.sanitizedTerm("rxvt-unicode+x", known: known), "rxvt-unicode+x")
        for bad in ["", "../../etc/passwd", "xterm;rm -rf /", "xterm 256", "xterm\n", "终端", ".hidden", String(repeating: "x", count: 65)] {
            XCTAssertEqual(ChildEnvironment.sanitizedTerm(bad, known: known), "xterm-256color", bad)
        }
        XCTAssertEqual(ChildEnvironment.sanitizedTerm("no-such-term", known: { _ in false }), "xterm-256color")
    }

    func testTerminfoLookup() throws {
        guard FileManager.default.fileExists(atPath: "/usr/share/terminfo") || FileManager.default.fileExists(atPath: "/lib/terminfo") else {
            throw XCTSkip("no terminfo database")
        }
        XCTAssertTrue(ChildEnvironment.terminfoKnows("xterm"))
        XCTAssertFalse(ChildEnvironment.terminfoKnows("sinoai-no-such-terminal"))
    }

    func testOnlyLocaleVariablesWithSaneValues() {
        XCTAssertTrue(ChildEnvironment.isAllowed(name: "LANG", value: "zh_CN.UTF-8"))
        XCTAssertTrue(ChildEnvironment.isAllowed(name: "LC_ALL", value: "C.UTF-8"))
        XCTAssertTrue(ChildEnvironment.isAllowed(name: "LC_CTYPE", value: "sr_RS@latin"))
        XCTAssertTrue(ChildEnvironment.isAllowed(name: "LC_TIME", value: "en_GB.utf8"))
        for (name, value) in [("LD_PRELOAD", "/tmp/x.so"), ("PATH", "/tmp"), ("SINOAI_DATA", "/etc"), ("TERM", "xterm"),
                              ("HOME", "/root"), ("lang", "C"), ("LC_", "C"), ("LC_all", "C"), ("LANGUAGE", "zh"),
                              ("LANG", ""), ("LANG", "C.UTF-8; rm"), ("LANG", "../../x"), ("LANG", "zh_CN.UTF-8\n"),
                              ("LC_ALL", String(repeating: "a", count: 65)), ("BASH_ENV", "/tmp/x")] {
            XCTAssertFalse(ChildEnvironment.isAllowed(name: name, value: value), "\(name)=\(value)")
        }
    }

    func testEnvironmentIsBuiltFromScratch() {
        let env = ChildEnvironment.build(
            term: "xterm-kitty", client: ["LANG": "zh_CN.UTF-8", "LC_TIME": "en_GB.UTF-8", "LD_PRELOAD": "/tmp/evil.so",
                                          "SINOAI_DATA": "/etc", "PATH": "/tmp", "LC_ALL": "bad value"],
            home: "/var/lib/sinoai", known: { _ in true })
        XCTAssertEqual(env, ["HOME=/var/lib/sinoai", "LANG=zh_CN.UTF-8", "LC_TIME=en_GB.UTF-8", "PATH=/usr/bin:/bin", "TERM=xterm-kitty"])
    }

    func testDefaults() {
        let env = ChildEnvironment.build(term: "evil`term`", client: [:], home: "", known: { _ in true })
        XCTAssertEqual(env, ["HOME=/", "LANG=C.UTF-8", "PATH=/usr/bin:/bin", "TERM=xterm-256color"])
    }
}

final class ServeHostKeyTests: XCTestCase {
    func testCreatedWithMode0600AndReloaded() throws {
        let dir = try ServeTemporaryDirectory()
        let path = dir.url.appendingPathComponent("host_key").path
        let created = try HostKeyStore.loadOrCreate(path: path)
        XCTAssertTrue(created.created)
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        let loaded = try HostKeyStore.loadOrCreate(path: path)
        XCTAssertFalse(loaded.created)
        XCTAssertEqual(loaded.publicKeyLine, created.publicKeyLine)
        XCTAssertEqual(loaded.fingerprint, created.fingerprint)
        XCTAssertTrue(created.publicKeyLine.hasPrefix("ssh-ed25519 "))
    }

    func testRefusesKeyReadableByOthers() throws {
        let dir = try ServeTemporaryDirectory()
        let path = dir.url.appendingPathComponent("host_key").path
        _ = try HostKeyStore.loadOrCreate(path: path)
        for mode: mode_t in [0o644, 0o640, 0o604, 0o660, 0o601] {
            chmod(path, mode)
            XCTAssertThrowsError(try HostKeyStore.loadOrCreate(path: path), "mode \(String(mode, radix: 8))") { error in
                XCTAssertTrue("\(error)".contains("chmod 600"), "\(error)")
            }
        }
        chmod(path, 0o400)
        XCTAssertNoThrow(try HostKeyStore.loadOrCreate(path: path))
        XCTAssertNil(HostKeyStore.permissionProblem(mode: 0o100600))
        XCTAssertNotNil(HostKeyStore.permissionProblem(mode: 0o100640))
    }

    func testRejectsForeignFilesAndSymlinks() throws {
        let dir = try ServeTemporaryDirectory()
        let path = dir.url.appendingPathComponent("host_key").path
        try Data("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
        XCTAssertThrowsError(try HostKeyStore.loadOrCreate(path: path)) { error in
            XCTAssertTrue("\(error)".contains("not a sinoai host key"), "\(error)")
        }
        let link = dir.url.appendingPathComponent("link").path
        symlink(path, link)
        XCTAssertThrowsError(try HostKeyStore.loadOrCreate(path: link))
        XCTAssertThrowsError(try HostKeyStore.loadOrCreate(path: dir.url.appendingPathComponent("missing/dir/key").path))
    }
}
