import ArgumentParser
import Foundation
import Logging
import SinoAIDomain
import SinoAIServer

/// `sinoai serve`: an SSH server giving every login its own read-only live dashboard.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the live dashboard over SSH: each login gets its own read-only `sinoai watch`.",
        discussion: """
        Public-key authentication only, from an authorized_keys file (ssh-ed25519 and ecdsa-sha2-nistp256/384/521 \
        keys, no options; the file is re-read when it changes). Each session must request a terminal and gets one \
        dashboard on the server's snapshot; commands, subsystems and port forwarding are refused. The ed25519 host \
        key is created on first run (mode 0600); a key file readable by others is refused. SIGTERM stops the server \
        and every dashboard. Logs go to stderr; the bound address is printed on stdout.
        """)

    @Option(help: ArgumentHelp("Address and port to listen on (port 0: any free port).", valueName: "host:port"))
    var listen: String = "127.0.0.1:2222"
    @Option(help: ArgumentHelp("The authorized_keys file of the people allowed in.", valueName: "file"))
    var authorizedKeys: String
    @Option(help: ArgumentHelp("The server's ed25519 host key (created with mode 0600 if missing).", valueName: "file"))
    var hostKey: String
    @OptionGroup var dataOptions: DataOptions
    // `.unconditional`: a negative number is a (rejected) value, not a missing one.
    @Option(parsing: .unconditional, help: ArgumentHelp("Dashboards running at once.", valueName: "n"))
    var maxSessions: Int = 32
    @Option(parsing: .unconditional, help: ArgumentHelp("Close a session after this long without input (90s, 30m, 8h; 0: never).", valueName: "duration"))
    var idleTimeout: String = "12h"
    @Option(help: ArgumentHelp("New connections allowed per address (count/duration, or off).", valueName: "n/duration"))
    var rateLimit: String = "10/10s"
    @Option(help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error, critical.", valueName: "level"))
    var logLevel: String = "info"

    func validate() throws {
        guard ListenAddress(listen) != nil else { throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:2222 or [::1]:2222") }
        guard (1...10_000).contains(maxSessions) else { throw ValidationError("--max-sessions must be between 1 and 10000") }
        guard DurationParser.seconds(idleTimeout) != nil else { throw ValidationError("--idle-timeout must be a duration such as 90s, 30m or 8h (0: never)") }
        do { _ = try RateLimitSpec.parse(rateLimit) } catch { throw ValidationError("--rate-limit must be COUNT/DURATION such as 10/10s, or off") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical") }
    }

    func run() throws {
        // Before any thread exists: SIGCHLD, SIGTERM, SIGINT and SIGHUP are read from a
        // signalfd, so every thread (and the event loops) inherit the blocked mask.
        let signals: SignalWatcher
        do {
            signals = try SignalWatcher()
        } catch {
            throw CommandFailure(message: "\(error)", code: 1)
        }
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let logger = Logger(label: "sinoai.serve") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }

        // A missing folder is a mistake to refuse now. A snapshot that does not load may be
        // mid-update (a restart during the nightly job): logins wait for it, as `watch`
        // does, so the server starts and says so rather than fail into a restart loop.
        let directory = try DataLocator.locate(explicit: dataOptions.data)
        if case .failure(let error) = SnapshotLoader.load(from: directory) {
            logger.warning("the snapshot does not load yet; logins wait until it does", metadata: [
                "data": "\(directory.path)", "problems": "\(error.problems.count)",
                "first": "\(Text.escaped(error.problems.first?.description ?? "", limit: 200))"])
        }
        let address = ListenAddress(listen)!
        let idle = DurationParser.seconds(idleTimeout) ?? 0
        let limit = try RateLimitSpec.parse(rateLimit)

        let hostKeyFile: HostKeyStore.Loaded
        let keys: AuthorizedKeysFile
        do {
            keys = try AuthorizedKeysFile(path: authorizedKeys, logger: logger)
            hostKeyFile = try HostKeyStore.loadOrCreate(path: hostKey)
        } catch {
            throw CommandFailure(message: "\(error)", code: 1)
        }
        logger.info(hostKeyFile.created ? "host key created" : "host key loaded", metadata: [
            "path": "\(hostKey)", "fingerprint": "\(hostKeyFile.fingerprint)", "publicKey": "\(hostKeyFile.publicKeyLine)",
        ])
        if keys.count == 0 { logger.warning("no usable key in \(authorizedKeys) yet: every login is refused until one is added") }

        let configuration = ServerConfiguration(
            listen: address, executable: Self.executablePath(), dataDirectory: directory.path,
            maxSessions: maxSessions, idleTimeout: idle > 0 ? idle : nil, rateLimit: limit,
            home: ProcessInfo.processInfo.environment["HOME"] ?? "/")
        let server = SSHServer(configuration: configuration, hostKey: hostKeyFile.key, authorizedKeys: keys, logger: logger)
        let port: Int
        do {
            port = try server.start()
        } catch {
            throw CommandFailure(message: "\(error)", code: 1)
        }
        signals.start { signal in server.handleSignal(signal) }
        emit("sinoai serve: listening on \(ListenAddress(host: address.host, port: port)) (host key \(hostKeyFile.fingerprint))")
        let status = server.waitUntilStopped()
        if status != 0 { throw ExitCode(status) }
    }

    /// This executable's absolute path, for the sessions' `sinoai watch`.
    static func executablePath() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"), path.hasPrefix("/"),
           FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        let argv0 = CommandLine.arguments.first ?? "sinoai"
        if argv0.contains("/") {
            return URL(fileURLWithPath: argv0).standardizedFileURL.resolvingSymlinksInPath().path
        }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(argv0)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return argv0
    }
}
