import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// One TCP (or TLS) connection to an SMTP server and the command/reply primitives on it.
///
/// It knows about stages and timeouts but not about the order of an SMTP session; that is
/// `SMTPSession`'s job. All channel state is confined to the channel's event loop.
final class SMTPConnection: Sendable {
    let channel: Channel
    private let handler: NIOLoopBound<SMTPClientHandler>
    let configuration: SMTPConfiguration
    let logger: Logger

    private init(channel: Channel, handler: NIOLoopBound<SMTPClientHandler>, configuration: SMTPConfiguration, logger: Logger) {
        self.channel = channel
        self.handler = handler
        self.configuration = configuration
        self.logger = logger
    }

    /// Opens the TCP connection; with implicit TLS the TLS handler is installed before the first byte.
    /// Does not read the greeting.
    static func connect(
        configuration: SMTPConfiguration,
        group: any EventLoopGroup,
        logger: Logger
    ) async throws(SMTPError) -> SMTPConnection {
        let tlsContext: NIOSSLContext?
        if configuration.security == .implicitTLS {
            tlsContext = try makeTLSContext(configuration, stage: .connect)
        } else {
            tlsContext = nil
        }
        let serverHostname = tlsServerHostname(for: configuration.host)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(configuration.timeouts.connect.timeAmount)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        let tls = try NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname)
                        try channel.pipeline.syncOperations.addHandler(tls)
                    }
                    try channel.pipeline.syncOperations.addHandler(SMTPClientHandler())
                }
            }
        let channel: Channel
        do {
            channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            let timedOut = (error as? ChannelError).map { if case .connectTimeout = $0 { true } else { false } } ?? false
            throw SMTPError(timedOut ? .timeout : .connectionFailed, stage: .connect,
                            message: "cannot connect to \(configuration.host):\(configuration.port): \(error)")
        }
        do {
            let handler = try await channel.eventLoop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: SMTPClientHandler.self), eventLoop: channel.eventLoop)
            }.get()
            return SMTPConnection(channel: channel, handler: handler, configuration: configuration, logger: logger)
        } catch {
            channel.close(promise: nil)
            throw SMTPError(.connectionFailed, stage: .connect, message: "connection set-up failed: \(error)")
        }
    }

    /// Waits for the next reply of `stage`.
    func readReply(stage: SMTPStage, timeout: Duration) async throws(SMTPError) -> SMTPReply {
        let handler = self.handler
        let eventLoop = channel.eventLoop
        do {
            return try await eventLoop.flatSubmit {
                handler.value.nextReply(timeout: timeout.timeAmount, on: eventLoop)
            }.get()
        } catch {
            throw SMTPTransportFailure(pipelineError: error).error(at: stage)
        }
    }

    /// Writes raw bytes. A write failure is reported as the failure the handler saw first (e.g.
    /// the TLS error that closed the channel), not as a generic "channel closed".
    func write(_ bytes: [UInt8], stage: SMTPStage) async throws(SMTPError) {
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        do {
            try await channel.writeAndFlush(buffer).get()
        } catch {
            throw SMTPTransportFailure(pipelineError: error).error(at: stage)
        }
    }

    /// Sends one command line. `line` must already be validated: it never contains CR, LF or NUL.
    /// `logged` replaces the line in the debug log (for AUTH).
    func send(_ line: String, stage: SMTPStage, logged: String? = nil) async throws(SMTPError) {
        // Callers validate their input; this is the last line of defence against a second
        // command smuggled into one line.
        guard !line.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else {
            throw SMTPError(.invalidInput, stage: stage, message: "refusing to send a command containing CR, LF or NUL")
        }
        logger.debug("C: \(logged ?? line)", metadata: ["smtp.stage": "\(stage)"])
        try await write(Array(line.utf8) + [0x0D, 0x0A], stage: stage)
    }

    /// Sends a command and waits for its reply.
    func command(_ line: String, stage: SMTPStage, timeout: Duration? = nil, logged: String? = nil) async throws(SMTPError) -> SMTPReply {
        try await send(line, stage: stage, logged: logged)
        let reply = try await readReply(stage: stage, timeout: timeout ?? configuration.timeouts.command)
        logger.debug("S: \(reply.code) \(reply.enhancedCode.map { "\($0) " } ?? "")\(stage == .authentication ? "…" : reply.text)",
                     metadata: ["smtp.stage": "\(stage)"])
        return reply
    }

    /// Upgrades the plaintext connection after the server's 220 to STARTTLS and waits for the
    /// handshake, which verifies the certificate chain and the host name.
    func upgradeToTLS() async throws(SMTPError) {
        let context = try Self.makeTLSContext(configuration, stage: .startTLS)
        let serverHostname = Self.tlsServerHostname(for: configuration.host)
        let handler = self.handler
        let channel = self.channel
        let timeout = configuration.timeouts.command.timeAmount
        do {
            try await channel.eventLoop.flatSubmit { () -> EventLoopFuture<Void> in
                guard handler.value.isInputDrained else {
                    // Bytes after the 220 were sent in plaintext; trusting them would let a
                    // man in the middle inject replies into the encrypted session.
                    return channel.eventLoop.makeFailedFuture(
                        SMTPTransportFailure.protocolViolation("data pipelined after the STARTTLS reply"))
                }
                do {
                    let tls = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                    try channel.pipeline.syncOperations.addHandler(tls, position: .first)
                } catch {
                    return channel.eventLoop.makeFailedFuture(SMTPTransportFailure.tls("\(error)"))
                }
                return handler.value.tlsHandshakeCompleted(timeout: timeout, on: channel.eventLoop)
            }.get()
        } catch {
            channel.close(promise: nil)
            throw SMTPTransportFailure(pipelineError: error).error(at: .startTLS)
        }
    }

    func close() async {
        try? await channel.close().get()
    }

    /// System trust roots plus the configured CA file; full verification, TLS 1.2 or newer.
    static func makeTLSContext(_ configuration: SMTPConfiguration, stage: SMTPStage) throws(SMTPError) -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        tls.certificateVerification = .fullVerification
        tls.trustRoots = .default
        if let caFile = configuration.caFilePath {
            tls.additionalTrustRoots = [.file(caFile)]
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw SMTPError(.tlsFailed, stage: stage, message: "cannot set up TLS (CA file \(configuration.caFilePath ?? "none")): \(error)")
        }
    }

    /// SNI and host-name verification need a DNS name; for an IP address NIOSSL checks the
    /// certificate's IP SAN against the connected address instead.
    static func tlsServerHostname(for host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }
}

extension Duration {
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
