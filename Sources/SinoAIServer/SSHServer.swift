import CSystemShims
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSH

/// What `sinoai serve` was asked to do.
public struct ServerConfiguration: Sendable {
    public var listen: ListenAddress
    /// The absolute path of the `sinoai` executable run for each session.
    public var executable: String
    /// The snapshot folder every session shows (passed as `--data`).
    public var dataDirectory: String
    public var maxSessions: Int
    /// Seconds without input after which a session is closed; nil: never.
    public var idleTimeout: TimeInterval?
    /// New connections per address; nil: unlimited.
    public var rateLimit: RateLimitSpec?
    /// Seconds a connection may take to authenticate (and, afterwards, to open a session).
    public var loginGraceTime: TimeInterval
    /// Seconds between SIGHUP and SIGKILL when a session's dashboard must go.
    public var killGraceTime: TimeInterval
    /// HOME for the dashboards.
    public var home: String

    public init(listen: ListenAddress, executable: String, dataDirectory: String, maxSessions: Int = 32,
                idleTimeout: TimeInterval? = nil, rateLimit: RateLimitSpec? = RateLimitSpec(count: 10, interval: 10),
                loginGraceTime: TimeInterval = 30, killGraceTime: TimeInterval = 1, home: String = "/") {
        self.listen = listen
        self.executable = executable
        self.dataDirectory = dataDirectory
        self.maxSessions = maxSessions
        self.idleTimeout = idleTimeout
        self.rateLimit = rateLimit
        self.loginGraceTime = loginGraceTime
        self.killGraceTime = killGraceTime
        self.home = home
    }

    /// Open TCP connections allowed at once (authenticated or not).
    public var maxConnections: Int { maxSessions * 2 + 8 }

    /// The dashboard's argv: fixed, built here only; nothing a client sends is part of it.
    public var childArguments: [String] { [executable, "watch", "--data", dataDirectory] }
}

/// `sinoai serve`: an SSH server (swift-nio-ssh) that authenticates public keys from an
/// authorized_keys file and gives every session its own `sinoai watch` on a pty.
public final class SSHServer: @unchecked Sendable {
    public let configuration: ServerConfiguration
    let hostKey: NIOSSHPrivateKey
    let authorizedKeys: AuthorizedKeysFile
    let logger: Logger
    let registry = ChildRegistry()
    private let rateLimiter: RateLimiter?
    private let group: MultiThreadedEventLoopGroup

    private let lock = NSLock()
    private var serverChannel: Channel?
    private var connections: [ObjectIdentifier: Channel] = [:]
    /// Open session channels, so a shutdown can give each client's terminal back first.
    private var sessionChannels: [ObjectIdentifier: Channel] = [:]
    private var sessionSlots = 0
    private var shuttingDown = false
    private var exitStatus: Int32 = 0
    private let stopped = DispatchSemaphore(value: 0)

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    public init(configuration: ServerConfiguration, hostKey: NIOSSHPrivateKey, authorizedKeys: AuthorizedKeysFile, logger: Logger) {
        self.configuration = configuration
        self.hostKey = hostKey
        self.authorizedKeys = authorizedKeys
        self.logger = logger
        self.rateLimiter = configuration.rateLimit.map { RateLimiter($0) }
        // One event loop is plenty for a team's dashboards, and keeps every session's
        // state on one thread.
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    /// Binds and starts accepting. Returns the bound port (useful with port 0).
    @discardableResult
    public func start() throws -> Int {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(ChannelOptions.backlog, value: 128)
            .childChannelOption(ChannelOptions.socketOption(.so_keepalive), value: 1)
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                self.initializeConnection(channel)
            }
        let channel: Channel
        do {
            channel = try bootstrap.bind(host: configuration.listen.host, port: configuration.listen.port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw Problem(description: "cannot listen on \(configuration.listen): \(error)")
        }
        lock.lock()
        serverChannel = channel
        lock.unlock()
        let port = channel.localAddress?.port ?? configuration.listen.port
        logger.info("listening", metadata: [
            "address": "\(ListenAddress(host: configuration.listen.host, port: port))",
            "maxSessions": "\(configuration.maxSessions)",
            "idleTimeout": "\(configuration.idleTimeout.map(DurationParser.describe) ?? "off")",
            "rateLimit": "\(configuration.rateLimit?.description ?? "off")",
            "data": "\(configuration.dataDirectory)",
        ])
        return port
    }

    /// SIGCHLD: reap; SIGTERM/SIGINT: shut down; SIGHUP: re-read the authorized keys.
    public func handleSignal(_ signal: Int32) {
        switch signal {
        case SIGCHLD:
            registry.reapAll()
        case SIGTERM, SIGINT:
            logger.info("shutting down on signal \(ChildExit.signalName(signal))")
            shutdown(status: signal == SIGINT ? 130 : 0)
        case SIGHUP:
            let count = authorizedKeys.reloadIfChanged()
            logger.info("SIGHUP: authorized keys \(count.map { "reloaded (\($0) keys)" } ?? "unchanged")")
        default:
            break
        }
    }

    /// Stops accepting, closes every connection (which hangs up every dashboard), waits
    /// until all children are reaped (SIGKILL after a grace period), then releases
    /// `waitUntilStopped`.
    public func shutdown(status: Int32 = 0) {
        lock.lock()
        if shuttingDown {
            lock.unlock()
            return
        }
        shuttingDown = true
        exitStatus = status
        let listener = serverChannel
        let open = Array(connections.values)
        lock.unlock()

        listener?.close(promise: nil)
        // Each session first gets its terminal reset and a word on why it ends (the
        // dashboards are hung up with their ptys, so their own restore is lost); the
        // connections close once that is written, or after a second at most.
        lock.lock()
        let sessions = Array(sessionChannels.values)
        lock.unlock()
        let writes = sessions.map { channel -> EventLoopFuture<Void> in
            var message = channel.allocator.buffer(capacity: 64)
            message.writeString("\r\nsinoai serve: the server is shutting down.\r\n")
            channel.write(SessionHandler.terminalReset(channel.allocator), promise: nil)
            return channel.writeAndFlush(SSHChannelData(type: .stdErr, data: .byteBuffer(message)))
        }
        let closeAll = Once()
        let closeConnections: @Sendable () -> Void = {
            if closeAll.claim() { for connection in open { connection.close(promise: nil) } }
        }
        if let loop = open.first?.eventLoop, !writes.isEmpty {
            EventLoopFuture.andAllComplete(writes, on: loop).whenComplete { _ in closeConnections() }
            DispatchQueue.global().asyncAfter(deadline: .now() + 1, execute: closeConnections)
        } else {
            closeConnections()
        }
        let registry = self.registry
        let logger = self.logger
        let stopped = self.stopped
        let once = Once()
        let done: @Sendable () -> Void = {
            if once.claim() { stopped.signal() }
        }
        registry.whenEmpty(done)
        // Children ignoring SIGHUP get SIGKILL; after that, stop waiting regardless.
        let grace = configuration.killGraceTime + 1
        DispatchQueue.global().asyncAfter(deadline: .now() + grace) {
            if registry.count > 0 {
                logger.warning("killing \(registry.count) dashboards that did not exit")
                registry.signalAll(SIGKILL)
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + grace + 3) {
            registry.reapAll()
            if registry.count > 0 { logger.error("\(registry.count) dashboards could not be reaped") }
            done()
        }
    }

    /// Blocks until `shutdown` has finished; returns the exit status.
    public func waitUntilStopped() -> Int32 {
        stopped.wait()
        try? group.syncShutdownGracefully()
        logger.info("stopped")
        lock.lock()
        defer { lock.unlock() }
        return exitStatus
    }

    // MARK: Connections and session slots

    private func initializeConnection(_ channel: Channel) -> EventLoopFuture<Void> {
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        let remote = channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "unknown"
        if let rateLimiter, !rateLimiter.allow(address) {
            logger.warning("connection refused: too many new connections from this address",
                           metadata: ["remote": "\(remote)", "limit": "\(configuration.rateLimit?.description ?? "")"])
            return channel.eventLoop.makeFailedFuture(Problem(description: "rate limited"))
        }
        lock.lock()
        let refusal: String? = shuttingDown ? "shutting down"
            : connections.count >= configuration.maxConnections ? "too many open connections (\(connections.count))" : nil
        if refusal == nil { connections[ObjectIdentifier(channel)] = channel }
        lock.unlock()
        if let refusal {
            logger.warning("connection refused: \(refusal)", metadata: ["remote": "\(remote)"])
            return channel.eventLoop.makeFailedFuture(Problem(description: refusal))
        }
        var connectionLogger = logger
        connectionLogger[metadataKey: "remote"] = "\(remote)"
        connectionLogger.info("connection opened")
        channel.closeFuture.whenComplete { [self] _ in
            lock.lock()
            connections[ObjectIdentifier(channel)] = nil
            lock.unlock()
        }
        let hostKey = self.hostKey
        return channel.eventLoop.makeCompletedFuture {
            let connection = ConnectionState(channel: channel, logger: connectionLogger,
                                             grace: configuration.loginGraceTime)
            var serverConfiguration = SSHServerConfiguration(
                hostKeys: [hostKey], userAuthDelegate: KeyAuthenticationDelegate(keys: authorizedKeys, connection: connection))
            serverConfiguration.maxAuthAttempts = 12
            let handler = NIOSSHHandler(
                role: .server(serverConfiguration), allocator: channel.allocator,
                inboundChildChannelInitializer: { [self] child, type in
                    switch type {
                    case .session:
                        return child.eventLoop.makeCompletedFuture {
                            try child.pipeline.syncOperations.addHandler(SessionHandler(server: self, connection: connection))
                        }
                    case .directTCPIP, .forwardedTCPIP:
                        connection.logger.warning("refused a port-forwarding channel")
                        return child.eventLoop.makeFailedFuture(Problem(description: "port forwarding is not allowed"))
                    }
                })
            try channel.pipeline.syncOperations.addHandlers([handler, ConnectionHandler(connection: connection)])
        }
    }

    /// Takes one of the `maxSessions` slots; false when all are in use or shutting down.
    func reserveSession() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !shuttingDown, sessionSlots < configuration.maxSessions else { return false }
        sessionSlots += 1
        return true
    }

    func trackSession(_ channel: Channel) {
        lock.lock()
        sessionChannels[ObjectIdentifier(channel)] = channel
        lock.unlock()
    }

    func untrackSession(_ channel: Channel) {
        lock.lock()
        sessionChannels[ObjectIdentifier(channel)] = nil
        lock.unlock()
    }

    func releaseSession() {
        lock.lock()
        sessionSlots -= 1
        lock.unlock()
    }

    public var isShuttingDown: Bool {
        lock.lock()
        defer { lock.unlock() }
        return shuttingDown
    }

    /// Sessions with a running dashboard.
    public var activeSessions: Int {
        lock.lock()
        defer { lock.unlock() }
        return sessionSlots
    }
}

/// Per-connection state shared by its handlers, confined to its event loop.
final class ConnectionState {
    let channel: Channel
    var logger: Logger
    let grace: TimeInterval
    let opened = NIODeadline.now()
    var authenticated = false
    var user: String?
    var openSessions = 0
    var sessionsStarted = 0
    private var timer: Scheduled<Void>?

    /// Call on the channel's event loop.
    init(channel: Channel, logger: Logger, grace: TimeInterval) {
        self.channel = channel
        self.logger = logger
        self.grace = grace
        // NIOSSHHandler does not pass channelInactive on; the close future always completes.
        channel.closeFuture.assumeIsolated().whenComplete { [self] _ in closed() }
    }

    /// Closes the connection unless authentication (then: a session) happens in time.
    func armTimer() {
        timer?.cancel()
        timer = channel.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(grace * 1000))) { [self] in
            if !authenticated {
                logger.warning("closing: not authenticated within \(DurationParser.describe(grace))")
                channel.close(promise: nil)
            } else if openSessions == 0 {
                logger.info("closing: no session open for \(DurationParser.describe(grace))")
                channel.close(promise: nil)
            }
        }
    }

    func didAuthenticate() {
        if openSessions == 0 { armTimer() }
    }

    func sessionOpened() {
        openSessions += 1
        timer?.cancel()
        timer = nil
    }

    func sessionClosed() {
        openSessions -= 1
        if openSessions == 0, channel.isActive { armTimer() }
    }

    private func closed() {
        timer?.cancel()
        timer = nil
        let seconds = Double((NIODeadline.now() - opened).nanoseconds) / 1e9
        logger.info("connection closed", metadata: [
            "authenticated": "\(authenticated)", "sessions": "\(sessionsStarted)",
            "duration": "\(DurationParser.describe(seconds))",
        ])
    }
}

/// Public keys from the authorized_keys file; every other method is refused.
final class KeyAuthenticationDelegate: NIOSSHServerUserAuthenticationDelegate {
    let keys: AuthorizedKeysFile
    let connection: ConnectionState

    init(keys: AuthorizedKeysFile, connection: ConnectionState) {
        self.keys = keys
        self.connection = connection
    }

    var supportedAuthenticationMethods: NIOSSHAvailableUserAuthenticationMethods { .publicKey }

    func requestReceived(request: NIOSSHUserAuthenticationRequest,
                         responsePromise: EventLoopPromise<NIOSSHUserAuthenticationOutcome>) {
        let username = LogText.escaped(request.username, limit: 40)
        switch request.request {
        case .publicKey(let offer):
            // swift-nio-ssh has already verified the signature: the client holds this key.
            let fingerprint = AuthorizedKeysParser.fingerprint(of: offer.publicKey)
            if let entry = keys.lookup(offer.publicKey) {
                let who = entry.comment.isEmpty ? fingerprint : LogText.escaped(entry.comment, limit: 60)
                connection.authenticated = true
                connection.user = who
                connection.logger[metadataKey: "user"] = "\(who)"
                connection.logger.info("authentication accepted", metadata: [
                    "username": "\(username)", "key": "\(fingerprint)", "line": "\(entry.line)",
                ])
                responsePromise.succeed(.success)
            } else {
                connection.logger.warning("authentication refused: key not in authorized_keys",
                                          metadata: ["username": "\(username)", "key": "\(fingerprint)"])
                responsePromise.succeed(.failure)
            }
        case .password:
            connection.logger.warning("authentication refused: passwords are not accepted", metadata: ["username": "\(username)"])
            responsePromise.succeed(.failure)
        case .hostBased:
            connection.logger.warning("authentication refused: host-based authentication is not accepted", metadata: ["username": "\(username)"])
            responsePromise.succeed(.failure)
        case .none:
            connection.logger.debug("authentication method \"none\" refused", metadata: ["username": "\(username)"])
            responsePromise.succeed(.failure)
        }
    }
}

/// Connection-level events: authentication success and errors.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = Any
    let connection: ConnectionState

    init(connection: ConnectionState) {
        self.connection = connection
    }

    func handlerAdded(context: ChannelHandlerContext) {
        connection.armTimer()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is UserAuthSuccessEvent {
            connection.didAuthenticate()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        connection.logger.debug("connection error: \(error)")
        context.close(promise: nil)
    }

}

/// True for the first caller only.
final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false

    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if claimed { return false }
        claimed = true
        return true
    }
}
