import CSystemShims
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSH

/// One SSH session channel: collects the pty request and allowed environment, starts
/// one `sinoai watch` on a pseudo-terminal for the shell request, bridges bytes both
/// ways, forwards window changes, refuses exec and subsystems, and ends the dashboard
/// when the client goes (SIGHUP, then SIGKILL) or the channel when the dashboard exits
/// (with its exit status). Confined to the connection's event loop.
final class SessionHandler: ChannelInboundHandler {
    typealias InboundIn = SSHChannelData
    typealias OutboundOut = SSHChannelData

    private let server: SSHServer
    private let connection: ConnectionState
    private var logger: Logger
    private var context: ChannelHandlerContext?

    private var hasPty = false
    private var term = ""
    private var rows = 24
    private var cols = 80
    private var clientEnvironment: [String: String] = [:]

    private var pid: pid_t?
    private var masterFD: Int32 = -1
    private var ptyChannel: Channel?
    private var ptyOpen = false
    /// The pty master is being handed to NIO.
    private var attaching = false
    private var holdsSlot = false
    private var started = NIODeadline.now()
    private var exit: ChildExit?
    private var terminating = false
    private var finished = false
    private var sshOpen = true
    private var endReason: String?
    private var lastInput = NIODeadline.now()
    private var idleTask: Scheduled<Void>?
    private var reportedDroppedInput = false

    static let maxTerminalSide = 1000

    init(server: SSHServer, connection: ConnectionState) {
        self.server = server
        self.connection = connection
        self.logger = connection.logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        connection.sessionOpened()
        server.trackSession(context.channel)
        // A client's EOF (stdin closed) must not end a pty session.
        _ = context.channel.setOption(ChannelOptions.allowRemoteHalfClosure, value: true)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        sshOpen = false
        server.untrackSession(context.channel)
        connection.sessionClosed()
        idleTask?.cancel()
        if pid != nil, exit == nil {
            if endReason == nil { endReason = server.isShuttingDown ? "server shutting down" : "client disconnected" }
            terminateChild()
        }
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        // Back-pressure: stop reading the dashboard's output while the client's window is full.
        if let ptyChannel { _ = ptyChannel.setOption(ChannelOptions.autoRead, value: context.channel.isWritable) }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        logger.debug("session channel error: \(error)")
        context.close(promise: nil)
    }

    // MARK: Requests

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let request as SSHChannelRequestEvent.PseudoTerminalRequest:
            guard pid == nil, !hasPty else {
                reply(context, false, request.wantReply)
                return
            }
            hasPty = true
            term = request.term
            (rows, cols) = Self.clampedSize(rows: request.terminalRowHeight, cols: request.terminalCharacterWidth)
            reply(context, true, request.wantReply)

        case let request as SSHChannelRequestEvent.EnvironmentRequest:
            if pid == nil, clientEnvironment.count < 32, ChildEnvironment.isAllowed(name: request.name, value: request.value) {
                clientEnvironment[request.name] = request.value
                reply(context, true, request.wantReply)
            } else {
                logger.debug("ignored environment variable \(LogText.escaped(request.name, limit: 40))")
                reply(context, false, request.wantReply)
            }

        case let request as SSHChannelRequestEvent.ShellRequest:
            startDashboard(context, wantReply: request.wantReply)

        case let request as SSHChannelRequestEvent.ExecRequest:
            refuse(context, wantReply: request.wantReply, what: "exec request",
                   detail: ["command": "\(LogText.escaped(request.command, limit: 80))"],
                   message: "sinoai serve: commands are not allowed here; this server only shows the SinoAI dashboard. Connect without a command: ssh -t HOST")

        case let request as SSHChannelRequestEvent.SubsystemRequest:
            refuse(context, wantReply: request.wantReply, what: "subsystem request",
                   detail: ["subsystem": "\(LogText.escaped(request.subsystem, limit: 40))"],
                   message: "sinoai serve: subsystems (sftp, scp) are not available; this server only shows the SinoAI dashboard.")

        case let request as SSHChannelRequestEvent.WindowChangeRequest:
            lastInput = .now()
            (rows, cols) = Self.clampedSize(rows: request.terminalRowHeight, cols: request.terminalCharacterWidth)
            if ptyOpen { _ = sinoai_set_winsize(masterFD, Int32(rows), Int32(cols)) }

        case is SSHChannelRequestEvent.SignalRequest:
            logger.debug("ignored a signal request")

        case let channelEvent as ChannelEvent where channelEvent == .inputClosed:
            // The client closed its input; the dashboard keeps running until the channel closes.
            break

        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    static func clampedSize(rows: Int, cols: Int) -> (Int, Int) {
        (rows > 0 ? min(rows, maxTerminalSide) : 24, cols > 0 ? min(cols, maxTerminalSide) : 80)
    }

    private func reply(_ context: ChannelHandlerContext, _ success: Bool, _ wantReply: Bool) {
        guard wantReply else { return }
        if success {
            context.channel.triggerUserOutboundEvent(ChannelSuccessEvent(), promise: nil)
        } else {
            context.channel.triggerUserOutboundEvent(ChannelFailureEvent(), promise: nil)
        }
    }

    /// Refuses a request: nothing runs; the client gets the reason on stderr and exit
    /// status 1, and the channel closes. (A plain failure reply would make OpenSSH print
    /// only "exec request failed" and drop the reason.)
    private func refuse(_ context: ChannelHandlerContext, wantReply: Bool, what: String,
                        detail: Logger.Metadata = [:], message: String) {
        logger.warning("refused \(what)", metadata: detail)
        guard pid == nil, !finished else {
            reply(context, false, wantReply)
            return
        }
        finished = true
        reply(context, true, wantReply)
        var buffer = context.channel.allocator.buffer(capacity: message.utf8.count + 2)
        buffer.writeString(message + (hasPty ? "\r\n" : "\n"))
        context.writeAndFlush(wrapOutboundOut(SSHChannelData(type: .stdErr, data: .byteBuffer(buffer))), promise: nil)
        context.channel.triggerUserOutboundEvent(SSHChannelRequestEvent.ExitStatus(exitStatus: 1), promise: nil)
        context.close(promise: nil)
    }

    // MARK: The dashboard

    private func startDashboard(_ context: ChannelHandlerContext, wantReply: Bool) {
        guard pid == nil, !finished else {
            reply(context, false, wantReply)
            return
        }
        guard hasPty else {
            refuse(context, wantReply: wantReply, what: "shell without a terminal",
                   message: "sinoai serve: the dashboard needs a terminal; connect with ssh -t HOST (and without -T).")
            return
        }
        guard server.reserveSession() else {
            refuse(context, wantReply: wantReply, what: "session: all \(server.configuration.maxSessions) sessions in use",
                   message: "sinoai serve: all \(server.configuration.maxSessions) sessions are in use; try again later.")
            return
        }
        holdsSlot = true
        let configuration = server.configuration
        let environment = ChildEnvironment.build(term: term, client: clientEnvironment, home: configuration.home)
        let loop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        let spawned: (pid: pid_t, master: Int32)
        do {
            spawned = try server.registry.spawn(
                executable: configuration.executable, argv: configuration.childArguments, environment: environment,
                rows: rows, cols: cols
            ) { exit in
                loop.execute { bound.value.dashboardExited(exit) }
            }
        } catch {
            holdsSlot = false
            server.releaseSession()
            logger.error("\(error)")
            refuse(context, wantReply: wantReply, what: "session: the dashboard could not start",
                   message: "sinoai serve: the dashboard could not start; the server's log says why.")
            return
        }
        pid = spawned.pid
        masterFD = spawned.master
        started = .now()
        lastInput = .now()
        connection.sessionsStarted += 1
        logger[metadataKey: "pid"] = "\(spawned.pid)"
        logger.info("session started", metadata: [
            "term": "\(environment.first { $0.hasPrefix("TERM=") }?.dropFirst(5) ?? "")", "size": "\(cols)x\(rows)",
            "sessions": "\(server.activeSessions)",
        ])

        let output = fcntl(spawned.master, F_DUPFD_CLOEXEC, 0)
        guard output >= 0 else {
            close(spawned.master)
            logger.error("cannot duplicate the pty descriptor: \(String(cString: strerror(errno)))")
            reply(context, false, wantReply)
            terminateChild()
            return
        }
        attaching = true
        NIOPipeBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(PtyHandler(session: bound))
                }
            }
            .takingOwnershipOfDescriptors(input: spawned.master, output: output)
            .assumeIsolated()
            .whenComplete { [self] result in
                switch result {
                case .success(let channel):
                    attaching = false
                    ptyChannel = channel
                    ptyOpen = true
                    _ = sinoai_set_winsize(masterFD, Int32(rows), Int32(cols))
                    if let context = self.context { reply(context, true, wantReply) }
                    if !sshOpen || (terminating && exit == nil) {
                        // The client left while the pty was being attached.
                        channel.close(promise: nil)
                        terminateChild()
                    } else if exit != nil {
                        // The dashboard already ended (bad snapshot, say): pass on what it
                        // wrote, then close; the master reports EIO once drained.
                        _ = channel.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(300)) {
                            channel.close(promise: nil)
                        }
                    } else {
                        if let context = self.context, !context.channel.isWritable {
                            _ = channel.setOption(ChannelOptions.autoRead, value: false)
                        }
                        scheduleIdleCheck()
                    }
                case .failure(let error):
                    attaching = false
                    logger.error("cannot attach to the pty: \(error)")
                    if let context = self.context { reply(context, false, wantReply) }
                    terminateChild()
                    if exit != nil { finish() }
                }
            }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard case .channel = message.type, case .byteBuffer(let bytes) = message.data else { return }
        lastInput = .now()
        guard ptyOpen, let ptyChannel else { return }
        if ptyChannel.isWritable {
            ptyChannel.writeAndFlush(bytes, promise: nil)
        } else if !reportedDroppedInput {
            // The dashboard is not reading; do not buffer without bound.
            reportedDroppedInput = true
            logger.info("dropping input: the dashboard is not reading")
        }
    }

    /// Bytes from the dashboard.
    func ptyOutput(_ bytes: ByteBuffer) {
        guard sshOpen, let context else { return }
        context.write(wrapOutboundOut(SSHChannelData(type: .channel, data: .byteBuffer(bytes))), promise: nil)
    }

    func ptyFlush() {
        context?.flush()
    }

    /// The pty closed: the dashboard exited (EIO on the master) or we closed it.
    func ptyClosed() {
        ptyOpen = false
        ptyChannel = nil
        masterFD = -1
        if exit != nil {
            finish()
        } else {
            terminateChild()
        }
    }

    /// SIGHUP to the dashboard's process group now, SIGKILL after the grace period
    /// (both skipped once it has been reaped), and the pty closed.
    private func terminateChild() {
        guard let pid, exit == nil, !terminating else { return }
        terminating = true
        let registry = server.registry
        registry.signalGroup(pid, SIGHUP)
        ptyChannel?.close(promise: nil)
        let logger = self.logger
        DispatchQueue.global().asyncAfter(deadline: .now() + server.configuration.killGraceTime) {
            if registry.pids.contains(pid) {
                logger.warning("dashboard ignored SIGHUP; sending SIGKILL", metadata: ["pid": "\(pid)"])
                registry.signalGroup(pid, SIGKILL)
            }
        }
    }

    /// The dashboard was reaped.
    func dashboardExited(_ exit: ChildExit) {
        self.exit = exit
        idleTask?.cancel()
        if holdsSlot {
            holdsSlot = false
            server.releaseSession()
        }
        let seconds = Double((NIODeadline.now() - started).nanoseconds) / 1e9
        logger.info("session ended", metadata: [
            "status": "\(exit)", "duration": "\(DurationParser.describe(seconds))",
            "reason": "\(endReason ?? "dashboard exited")",
        ])
        if ptyOpen, let ptyChannel {
            // Let the last output drain (the master reports EIO once it is empty), but not forever.
            _ = ptyChannel.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(300)) {
                ptyChannel.close(promise: nil)
            }
        } else if !attaching {
            finish()
        }
    }

    /// Attributes off, mouse reporting off (all modes), the normal screen, the cursor on:
    /// what a client's terminal needs when its dashboard was hung up without restoring it.
    static func terminalReset(_ allocator: ByteBufferAllocator) -> SSHChannelData {
        var reset = allocator.buffer(capacity: 64)
        reset.writeString("\u{1B}[0m\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l\u{1B}[?1049l\u{1B}[?25h")
        return SSHChannelData(type: .channel, data: .byteBuffer(reset))
    }

    /// Sends the exit status and closes the channel, once.
    private func finish() {
        guard !finished else { return }
        finished = true
        guard sshOpen, let context, let exit else { return }
        if terminating {
            // The server hung the dashboard up (its pty closed at once), so the dashboard's
            // own restore never reached the client: leave the alternate screen, stop mouse
            // reporting, show the cursor, so the user's shell is usable again.
            context.writeAndFlush(wrapOutboundOut(Self.terminalReset(context.channel.allocator)), promise: nil)
        }
        if endReason == "idle timeout", let timeout = server.configuration.idleTimeout {
            var buffer = context.channel.allocator.buffer(capacity: 100)
            buffer.writeString("\r\nsinoai serve: closed after \(DurationParser.describe(timeout)) without input.\r\n")
            context.writeAndFlush(wrapOutboundOut(SSHChannelData(type: .stdErr, data: .byteBuffer(buffer))), promise: nil)
        }
        // No CHANNEL_EOF first: swift-nio-ssh 0.15.1 rejects sending EOF after the peer's
        // EOF ("Sent EOF out of sequence"), which would lose the exit status. Close implies it.
        let event: any Sendable = switch exit {
        case .exited(let status): SSHChannelRequestEvent.ExitStatus(exitStatus: Int(status))
        case .signaled(let signal): SSHChannelRequestEvent.ExitSignal(
            signalName: ChildExit.signalName(signal), errorMessage: "", language: "", dumpedCore: false)
        }
        context.channel.triggerUserOutboundEvent(event, promise: nil)
        context.close(promise: nil)
    }

    // MARK: Idle timeout

    private func scheduleIdleCheck() {
        guard let timeout = server.configuration.idleTimeout, timeout > 0, let context else { return }
        let deadline = lastInput + .nanoseconds(Int64(timeout * 1e9))
        idleTask = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            guard exit == nil, !terminating, let timeout = server.configuration.idleTimeout else { return }
            if NIODeadline.now() >= lastInput + .nanoseconds(Int64(timeout * 1e9)) {
                endReason = "idle timeout"
                logger.info("closing an idle session", metadata: ["idleTimeout": "\(DurationParser.describe(timeout))"])
                terminateChild()
            } else {
                scheduleIdleCheck()
            }
        }
    }
}

/// The pty master's side of the bridge: the dashboard's output goes to the session.
final class PtyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let session: NIOLoopBound<SessionHandler>

    init(session: NIOLoopBound<SessionHandler>) {
        self.session = session
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        session.value.ptyOutput(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        session.value.ptyFlush()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // EIO once the dashboard has gone: the normal end.
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        session.value.ptyClosed()
        context.fireChannelInactive()
    }
}
