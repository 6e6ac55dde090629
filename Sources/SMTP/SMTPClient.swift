import Logging
import NIOCore
import NIOPosix

/// A submission client for one server: each call opens its own connection, runs one session and
/// closes it, so a `SMTPClient` is a cheap value that can be shared freely.
///
/// ```swift
/// let client = SMTPClient(configuration: SMTPConfiguration(
///     host: "mail.zioinfo.co.kr", security: .startTLS, caFilePath: env["ZM_CA_FILE"]))
/// let envelope = try SMTPEnvelope(sender: "ythong@zioinfo.co.kr",
///                                 recipients: ["info@zioinfo.co.kr", "hidden@zioinfo.co.kr"])
/// let receipt = try await client.send(messageBytes, envelope: envelope,
///     credentials: SMTPCredentials(username: "ythong@zioinfo.co.kr", password: password))
/// ```
///
/// Security: TLS (STARTTLS or implicit) is mandatory and verified before AUTH; a server that does
/// not offer STARTTLS gets no credentials (`SMTPError.Kind.tlsUnavailable`). Passwords are never
/// logged. Every failure is an `SMTPError` naming the stage and carrying the server's reply.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    let group: any EventLoopGroup
    let logger: Logger

    public init(
        configuration: SMTPConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "zioinfo.smtp")
    ) {
        self.configuration = configuration
        self.group = eventLoopGroup
        self.logger = logger
    }

    /// Submits `message` (RFC 5322 bytes; any line endings) to the envelope's recipients after
    /// logging in. Returns the server's acceptance; throws `SMTPError` otherwise.
    public func send<Message: Collection<UInt8>>(
        _ message: Message,
        envelope: SMTPEnvelope,
        credentials: SMTPCredentials
    ) async throws(SMTPError) -> SMTPDeliveryReceipt {
        let session = try await SMTPSession.open(configuration: configuration, group: group, logger: logger)
        do throws(SMTPError) {
            try await session.authenticate(credentials)
            let receipt = try await session.transfer(message, envelope: envelope)
            await session.quit()
            return receipt
        } catch {
            await SMTPSession.abandon(session.connection, after: error)
            throw error
        }
    }

    /// Submits `request`: with SMTPUTF8 (its UTF-8 form, addresses as typed) when the request is
    /// internationalised and the server offers SMTPUTF8, else its ASCII form (domains in
    /// Punycode). A request whose addresses have no ASCII form (`envelope.requiresSMTPUTF8`)
    /// fails with `.smtpUTF8Unsupported` on a server without SMTPUTF8, before MAIL FROM.
    /// `receipt.smtpUTF8` says which form went out (`request.message(smtpUTF8:)`).
    /// `beforeMessage` runs right before the message's bytes go out (the server said 354); false
    /// withdraws it, nothing delivered (the outbox records there that the mail may be sent).
    public func send(_ request: SendRequest, credentials: SMTPCredentials,
                     beforeMessage: (@Sendable () async -> Bool)? = nil) async throws(SMTPError) -> SMTPDeliveryReceipt {
        let session = try await SMTPSession.open(configuration: configuration, group: group, logger: logger)
        do throws(SMTPError) {
            try await session.authenticate(credentials)
            let smtpUTF8 = request.envelope.isInternationalized && session.capabilities.smtpUTF8
            let receipt = try await session.transfer(request.message(smtpUTF8: smtpUTF8), envelope: request.envelope, smtpUTF8: smtpUTF8,
                                                   beforeMessage: beforeMessage)
            await session.quit()
            return receipt
        } catch {
            await SMTPSession.abandon(session.connection, after: error)
            throw error
        }
    }

    /// Checks that the server is reachable and speaks verified TLS: connect, greeting, EHLO,
    /// STARTTLS (or implicit TLS), EHLO again, QUIT. Sends no credentials. For `zioinfo-mail check`.
    public func probe() async throws(SMTPError) -> SMTPProbeResult {
        let session = try await SMTPSession.open(configuration: configuration, group: group, logger: logger)
        await session.quit()
        return SMTPProbeResult(greeting: session.greeting, capabilities: session.capabilities, tlsVerified: true)
    }
}
