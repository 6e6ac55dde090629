import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One authenticated ManageSieve session (RFC 5804): connect, STARTTLS with the certificate
/// verified, AUTHENTICATE PLAIN with the initial response, then the script commands. Every
/// wait has the configured deadline; a missed deadline closes the connection. Commands run one
/// at a time (an actor); open one per request and ``logout()`` after use.
public actor ManageSieveConnection {
    private let channel: Channel
    private let handler: NIOLoopBound<ManageSieveResponseHandler>
    private let configuration: ManageSieveConfiguration
    /// The capabilities the server announced after STARTTLS.
    public private(set) var capabilities: ManageSieveCapabilities

    private init(channel: Channel, handler: NIOLoopBound<ManageSieveResponseHandler>,
                 configuration: ManageSieveConfiguration, capabilities: ManageSieveCapabilities) {
        self.channel = channel
        self.handler = handler
        self.configuration = configuration
        self.capabilities = capabilities
    }

    /// Connects, reads the greeting, upgrades with STARTTLS and authenticates.
    public static func connect(configuration: ManageSieveConfiguration,
                               credentials: ManageSieveCredentials,
                               group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> ManageSieveConnection {
        let saslResponse = try plainInitialResponse(credentials)
        let connection = try await secured(configuration: configuration, group: group)
        do {
            try await connection.authenticate(saslResponse)
            return connection
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Connects and upgrades with STARTTLS (certificate verified), sends no credentials, says
    /// LOGOUT: what `zioinfo-mail check` asks of the server. Returns its capabilities.
    public static func probe(configuration: ManageSieveConfiguration,
                             group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> ManageSieveCapabilities {
        let connection = try await secured(configuration: configuration, group: group)
        let capabilities = await connection.capabilities
        await connection.logout()
        return capabilities
    }

    private static func secured(configuration: ManageSieveConfiguration, group: EventLoopGroup) async throws -> ManageSieveConnection {
        let context = try makeTLSContext(caFilePath: configuration.caFilePath)
        let limits = configuration.limits
        let channel: Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(timeAmount(configuration.connectTimeout))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ManageSieveResponseHandler(limits: limits))
                    }
                }
                .connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw ManageSieveError.connectFailed("\(configuration.host):\(configuration.port): \(error)")
        }
        do {
            let handler = try await channel.eventLoop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: ManageSieveResponseHandler.self),
                             eventLoop: channel.eventLoop)
            }.get()
            let greeting = try await exchange(channel: channel, handler: handler, command: nil,
                                              step: "greeting", timeout: configuration.commandTimeout)
            try check(greeting, command: "greeting")
            guard ManageSieveCapabilities(lines: greeting.lines).offersStartTLS else {
                throw ManageSieveError.startTLSUnavailable
            }
            try check(try await exchange(channel: channel, handler: handler, command: ManageSieveCommand("STARTTLS"),
                                         step: "STARTTLS", timeout: configuration.commandTimeout), command: "STARTTLS")
            let serverName = tlsServerName(host: configuration.host, override: configuration.tlsServerName)
            try await channel.eventLoop.submit {
                let tls = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                try channel.pipeline.syncOperations.addHandler(tls, position: .first)
            }.get()
            // RFC 5804 section 2.2: after the handshake the server sends its capabilities again.
            let afterTLS = try await exchange(channel: channel, handler: handler, command: nil,
                                              step: "TLS handshake", timeout: configuration.commandTimeout)
            try check(afterTLS, command: "STARTTLS")
            return ManageSieveConnection(channel: channel, handler: handler, configuration: configuration,
                                         capabilities: ManageSieveCapabilities(lines: afterTLS.lines))
        } catch {
            try? await channel.close()
            throw error
        }
    }

    // MARK: - Commands

    public func listScripts() async throws -> [SieveScriptListing] {
        let response = try await run(ManageSieveCommand("LISTSCRIPTS"))
        return try response.lines.map { line in
            guard case .string(let name)? = line.first else {
                throw ManageSieveError.protocolViolation("LISTSCRIPTS line without a name")
            }
            let active = line.count > 1 && line[1].text.uppercased() == "ACTIVE"
            return SieveScriptListing(name: String(decoding: name, as: UTF8.self), isActive: active)
        }
    }

    public func getScript(_ name: String) async throws -> String {
        var command = ManageSieveCommand("GETSCRIPT")
        try command.quoted(name)
        let response = try await run(command)
        guard let line = response.lines.first, case .string(let script)? = line.first else {
            throw ManageSieveError.protocolViolation("GETSCRIPT answered without a script")
        }
        return String(decoding: script, as: UTF8.self)
    }

    /// Stores a script; a script the server cannot compile is refused with its errors.
    /// Returns the server's warnings (`OK (WARNINGS)`), if any.
    @discardableResult
    public func putScript(_ name: String, content: String) async throws -> String? {
        var command = ManageSieveCommand("PUTSCRIPT")
        try command.quoted(name)
        command.literal(Array(content.utf8))
        return warnings(try await run(command))
    }

    /// Compiles a script without storing it; errors come back as ``ManageSieveError/refused``.
    @discardableResult
    public func checkScript(_ content: String) async throws -> String? {
        var command = ManageSieveCommand("CHECKSCRIPT")
        command.literal(Array(content.utf8))
        return warnings(try await run(command))
    }

    /// Makes `name` the active script; `""` leaves no script active.
    public func setActive(_ name: String) async throws {
        var command = ManageSieveCommand("SETACTIVE")
        try command.quoted(name)
        _ = try await run(command)
    }

    public func deleteScript(_ name: String) async throws {
        var command = ManageSieveCommand("DELETESCRIPT")
        try command.quoted(name)
        _ = try await run(command)
    }

    /// Whether a script of `size` bytes named `name` would fit; a refusal names the quota.
    public func haveSpace(_ name: String, size: Int) async throws {
        var command = ManageSieveCommand("HAVESPACE")
        try command.quoted(name)
        command.number(size)
        _ = try await run(command)
    }

    /// Says goodbye and closes; errors on the way out are ignored (the work is done).
    public func logout() async {
        _ = try? await run(ManageSieveCommand("LOGOUT"))
        try? await channel.close()
    }

    /// Closes without LOGOUT (after a failure).
    public func close() async {
        try? await channel.close()
    }

    // MARK: - Plumbing

    private func authenticate(_ initialResponse: String) async throws {
        var command = ManageSieveCommand("AUTHENTICATE")
        try command.quoted("PLAIN")
        try command.quoted(initialResponse)
        let response = try await Self.exchange(channel: channel, handler: handler, command: command,
                                               step: "AUTHENTICATE", timeout: configuration.commandTimeout)
        switch response.status {
        case .ok: return
        case .no: throw ManageSieveError.authenticationFailed(reason: response.text ?? "")
        case .bye: throw ManageSieveError.serverClosed(reason: response.text ?? "")
        }
    }

    private func run(_ command: ManageSieveCommand) async throws -> ManageSieveResponse {
        let response = try await Self.exchange(channel: channel, handler: handler, command: command,
                                               step: command.name, timeout: configuration.commandTimeout)
        try Self.check(response, command: command.name)
        return response
    }

    private func warnings(_ response: ManageSieveResponse) -> String? {
        response.code?.name == "WARNINGS" ? response.text : nil
    }

    /// Sends `command` (if any) and waits for the next response, within `timeout`.
    private static func exchange(channel: Channel, handler: NIOLoopBound<ManageSieveResponseHandler>,
                                 command: ManageSieveCommand?, step: String,
                                 timeout: Duration) async throws -> ManageSieveResponse {
        let promise = channel.eventLoop.makePromise(of: ManageSieveResponse.self)
        let bytes = command?.finished()
        channel.eventLoop.execute {
            handler.value.expect(promise)
            if let bytes {
                channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
            }
        }
        let deadline = channel.eventLoop.scheduleTask(in: timeAmount(timeout)) {
            handler.value.fail(.timedOut(step: step))
            channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        return try await promise.futureResult.get()
    }

    private static func check(_ response: ManageSieveResponse, command: String) throws {
        switch response.status {
        case .ok: return
        case .no: throw ManageSieveError.refused(command: command, code: response.code?.name, reason: response.text ?? "")
        case .bye: throw ManageSieveError.serverClosed(reason: response.text ?? "")
        }
    }

    private static func plainInitialResponse(_ credentials: ManageSieveCredentials) throws -> String {
        guard !credentials.username.isEmpty, !credentials.username.contains("\0"), !credentials.password.contains("\0") else {
            throw ManageSieveError.invalidArgument("a user name or password that SASL PLAIN cannot carry")
        }
        return Data(([0] + Array(credentials.username.utf8) + [0] + Array(credentials.password.utf8))).base64EncodedString()
    }

    private static func makeTLSContext(caFilePath: String?) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        tls.minimumTLSVersion = .tlsv12
        do {
            if let caFilePath {
                tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(caFilePath))]
            }
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw ManageSieveError.tlsFailed("cannot set up TLS: \(error)")
        }
    }

    /// SNI and the name verified: the host unless it is an IP address (NIOSSL then checks the
    /// certificate's IP SANs).
    private static func tlsServerName(host: String, override: String?) -> String? {
        if let override { return override }
        return (try? SocketAddress(ipAddress: host, port: 0)) != nil ? nil : host
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
