import Foundation
import Logging
import NIOCore

/// The order of an SMTP submission session on one connection: greeting, EHLO, STARTTLS, EHLO,
/// AUTH, one mail transaction, QUIT. Every step maps server refusals to `SMTPError`s that name
/// the stage.
struct SMTPSession {
    let connection: SMTPConnection
    let greeting: SMTPReply
    private(set) var capabilities: SMTPCapabilities
    private var timeouts: SMTPTimeouts { connection.configuration.timeouts }

    /// Connects and brings the session to the point where AUTH may be sent: TLS established and
    /// verified (either mode), capabilities read over TLS.
    static func open(configuration: SMTPConfiguration, group: any EventLoopGroup, logger: Logger) async throws(SMTPError) -> SMTPSession {
        let clientName = try validatedClientName(configuration.clientName)
        let connection = try await SMTPConnection.connect(configuration: configuration, group: group, logger: logger)
        do throws(SMTPError) {
            let greeting = try await connection.readReply(stage: .greeting, timeout: configuration.timeouts.greeting)
            guard greeting.code == 220 else { throw SMTPError.rejected(greeting, stage: .greeting) }
            var capabilities = try await hello(connection, clientName: clientName)
            if configuration.security == .startTLS {
                guard capabilities.startTLS else {
                    // No credentials and no message may travel in clear text: stop here.
                    throw SMTPError(.tlsUnavailable, stage: .startTLS,
                                    message: "the server does not offer STARTTLS; refusing to continue without TLS")
                }
                let reply = try await connection.command("STARTTLS", stage: .startTLS)
                guard reply.code == 220 else { throw SMTPError.rejected(reply, stage: .startTLS) }
                try await connection.upgradeToTLS()
                // RFC 3207 §4.2: forget everything learnt before TLS and ask again.
                capabilities = try await hello(connection, clientName: clientName)
            }
            return SMTPSession(connection: connection, greeting: greeting, capabilities: capabilities)
        } catch {
            await abandon(connection, after: error)
            throw error
        }
    }

    /// EHLO, falling back to HELO when the server does not know EHLO (RFC 5321 §3.2).
    private static func hello(_ connection: SMTPConnection, clientName: String) async throws(SMTPError) -> SMTPCapabilities {
        let reply = try await connection.command("EHLO \(clientName)", stage: .ehlo)
        if reply.code == 250 { return SMTPCapabilities(ehloReply: reply) }
        guard [500, 501, 502, 504].contains(reply.code) else { throw SMTPError.rejected(reply, stage: .ehlo) }
        let helo = try await connection.command("HELO \(clientName)", stage: .ehlo)
        guard helo.code == 250 else { throw SMTPError.rejected(helo, stage: .ehlo) }
        return .helo
    }

    private static func validatedClientName(_ name: String) throws(SMTPError) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.[]:".utf8)
        guard !name.isEmpty, name.utf8.count <= 255, name.utf8.allSatisfy(allowed.contains) else {
            throw SMTPError(.invalidInput, stage: .preparation, message: "invalid EHLO client name")
        }
        return name
    }

    // MARK: - AUTH

    /// AUTH PLAIN when offered (one round trip), else AUTH LOGIN. Only ever called on a session
    /// that `open` secured with TLS.
    func authenticate(_ credentials: SMTPCredentials) async throws(SMTPError) {
        guard !credentials.username.isEmpty,
              !credentials.username.unicodeScalars.contains(where: { $0.value == 0 }),
              !credentials.password.unicodeScalars.contains(where: { $0.value == 0 })
        else {
            throw SMTPError(.invalidInput, stage: .authentication, message: "user name or password is empty or contains NUL")
        }
        let mechanisms = capabilities.authMechanisms
        let reply: SMTPReply
        if mechanisms.contains("PLAIN") {
            let token = base64(Array("\u{0}\(credentials.username)\u{0}\(credentials.password)".utf8))
            reply = try await connection.command("AUTH PLAIN \(token)", stage: .authentication, logged: "AUTH PLAIN <credentials>")
        } else if mechanisms.contains("LOGIN") {
            let start = try await connection.command("AUTH LOGIN", stage: .authentication)
            guard start.code == 334 else { throw SMTPError.rejected(start, stage: .authentication) }
            let user = try await connection.command(base64(Array(credentials.username.utf8)), stage: .authentication, logged: "<user name>")
            guard user.code == 334 else { throw SMTPError.rejected(user, stage: .authentication) }
            reply = try await connection.command(base64(Array(credentials.password.utf8)), stage: .authentication, logged: "<password>")
        } else {
            throw SMTPError(.authenticationUnavailable, stage: .authentication,
                            message: mechanisms.isEmpty ? "the server offers no AUTH" : "no supported AUTH mechanism (offered: \(mechanisms.joined(separator: " ")))")
        }
        guard reply.code == 235 else { throw SMTPError.rejected(reply, stage: .authentication) }
    }

    private func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    // MARK: - Mail transaction

    /// MAIL FROM, RCPT TO for each recipient, DATA, the message, and the final reply. Refused
    /// before anything is sent when the message exceeds SIZE or needs 8BITMIME the server lacks.
    /// Any refused recipient aborts the whole transaction (nothing is delivered to anyone), so a
    /// user never sends to half of the list without knowing.
    ///
    /// With `smtpUTF8` (only when the server offers it) the envelope carries the addresses as
    /// typed, `MAIL FROM:<…> SMTPUTF8` (RFC 6531 §3.4); otherwise their ASCII form, and an
    /// address that has none (a non-ASCII local part) is refused before anything is sent.
    /// `beforeMessage` runs once the server waits for the message (354), right before its bytes
    /// go out: the last moment the caller can withdraw it (false) with nothing delivered.
    func transfer<Message: Collection<UInt8>>(_ message: Message, envelope: SMTPEnvelope, smtpUTF8: Bool = false,
                                              beforeMessage: (@Sendable () async -> Bool)? = nil) async throws(SMTPError) -> SMTPDeliveryReceipt {
        if smtpUTF8 && !capabilities.smtpUTF8 {
            throw SMTPError(.smtpUTF8Unsupported, stage: .preparation, message: "the server does not offer SMTPUTF8")
        }
        if !smtpUTF8, let address = envelope.addresses.first(where: \.requiresSMTPUTF8) {
            throw SMTPError(.smtpUTF8Unsupported, stage: .preparation, recipient: address.address,
                            message: "the part before @ of \(address.address) is not ASCII and the server does not offer SMTPUTF8")
        }
        let form: (SMTPAddress) -> String = smtpUTF8 ? { $0.internationalizedAddress } : { $0.address }
        // Line-ending normalisation only ever adds bytes, so a message already over the limit is
        // refused without the cost of encoding it.
        if let limit = capabilities.sizeLimit, message.count > limit {
            throw Self.tooLarge(size: message.count, limit: limit)
        }
        let data = SMTPMessageData(message: message)
        if let limit = capabilities.sizeLimit, data.messageSize > limit {
            throw Self.tooLarge(size: data.messageSize, limit: limit)
        }
        if data.containsEightBit && !capabilities.eightBitMIME {
            throw SMTPError(.eightBitUnsupported, stage: .preparation,
                            message: "the message contains 8-bit data and the server does not offer 8BITMIME")
        }
        var mailFrom = "MAIL FROM:<\(form(envelope.sender))>"
        if capabilities.supports("SIZE") { mailFrom += " SIZE=\(data.messageSize)" }
        if data.containsEightBit { mailFrom += " BODY=8BITMIME" }
        if smtpUTF8 { mailFrom += " SMTPUTF8" }
        let recipientCommands = envelope.recipients.map { "RCPT TO:<\(form($0))>" }

        let mailReply: SMTPReply
        var recipientReplies: [SMTPReply] = []
        let dataReply: SMTPReply?
        if capabilities.pipelining {
            // RFC 2920: the whole envelope and DATA in one write, then the replies in order.
            let batch = ([mailFrom] + recipientCommands + ["DATA"]).map { $0 + "\r\n" }.joined()
            connection.logger.debug("C: \(mailFrom) + \(recipientCommands.count) RCPT + DATA (pipelined)")
            try await connection.write(Array(batch.utf8), stage: .mailFrom)
            mailReply = try await connection.readReply(stage: .mailFrom, timeout: timeouts.command)
            for _ in recipientCommands {
                recipientReplies.append(try await connection.readReply(stage: .recipient, timeout: timeouts.command))
            }
            dataReply = try await connection.readReply(stage: .data, timeout: timeouts.command)
        } else {
            mailReply = try await connection.command(mailFrom, stage: .mailFrom)
            if mailReply.isPositiveCompletion {
                for command in recipientCommands {
                    recipientReplies.append(try await connection.command(command, stage: .recipient))
                }
            }
            let allAccepted = recipientReplies.count == recipientCommands.count && recipientReplies.allSatisfy { $0.isPositiveCompletion }
            dataReply = allAccepted ? try await connection.command("DATA", stage: .data) : nil
        }

        if let failure = Self.envelopeFailure(mail: mailReply, recipients: recipientReplies, envelope: envelope, data: dataReply) {
            if dataReply?.code == 354 {
                // The server waits for the message; the only way not to send it is to drop the
                // connection before the final dot (RFC 5321 §4.1.1.4: no dot, no delivery).
                await connection.close()
            } else {
                _ = try? await connection.command("RSET", stage: .quit)
            }
            throw failure
        }
        if let beforeMessage, await !beforeMessage() {
            // No dot, no delivery (RFC 5321 §4.1.1.4): hanging up now sends nothing.
            await connection.close()
            throw SMTPError(.connectionClosed, stage: .data, message: "the message was withdrawn before its body was sent")
        }
        do throws(SMTPError) {
            try await connection.write(data.bytes, stage: .messageBody)
        } catch {
            // A server that refuses mid-upload (552 too large, 554 policy) replies and hangs up;
            // its reply says more than "connection closed".
            if let reply = try? await connection.readReply(stage: .messageBody, timeout: .seconds(1)), !reply.isPositiveCompletion {
                throw SMTPError.rejected(reply, stage: .messageBody)
            }
            throw error
        }
        let finalReply = try await connection.readReply(stage: .messageBody, timeout: timeouts.messageAccepted)
        guard finalReply.isPositiveCompletion else { throw SMTPError.rejected(finalReply, stage: .messageBody) }
        connection.logger.debug("S: \(finalReply.code) \(finalReply.text)")
        return SMTPDeliveryReceipt(reply: finalReply, recipients: envelope.recipients, messageSize: data.messageSize, smtpUTF8: smtpUTF8)
    }

    private static func tooLarge(size: Int, limit: Int) -> SMTPError {
        SMTPError(.messageTooLarge(size: size, limit: limit), stage: .preparation,
                  message: "the message has \(size) bytes; the server accepts at most \(limit) bytes")
    }

    /// The first failure of MAIL, RCPT or DATA, or nil when the server waits for the message.
    private static func envelopeFailure(mail: SMTPReply, recipients: [SMTPReply], envelope: SMTPEnvelope, data: SMTPReply?) -> SMTPError? {
        guard mail.isPositiveCompletion else { return .rejected(mail, stage: .mailFrom) }
        let refused = zip(envelope.recipients, recipients).filter { !$0.1.isPositiveCompletion }
        if let (recipient, reply) = refused.first {
            let count = refused.count == 1 ? "" : " (\(refused.count) of \(envelope.recipients.count) recipients refused)"
            let temporary = reply.isTransientFailure ? " (temporary)" : ""
            return SMTPError(.rejected, stage: .recipient, reply: reply, recipient: recipient.address,
                             refusedRecipients: refused.map { SMTPError.RefusedRecipient(address: $0.0.address, reply: $0.1) },
                             message: "the server refused recipient \(recipient.address)\(count)\(temporary); nothing was sent")
        }
        guard let data else { return SMTPError(.protocolViolation, stage: .data, message: "no reply to DATA") }
        guard data.code == 354 else { return .rejected(data, stage: .data) }
        return nil
    }

    /// QUIT and close. A failure here changes nothing about what was delivered, so it is ignored.
    func quit() async {
        _ = try? await connection.command("QUIT", stage: .quit)
        await connection.close()
    }

    /// Ends a session that failed: a polite QUIT when the server is still talking, then close.
    static func abandon(_ connection: SMTPConnection, after error: SMTPError) async {
        if case .rejected = error.kind, error.stage != .startTLS {
            _ = try? await connection.command("QUIT", stage: .quit, timeout: .seconds(2))
        }
        await connection.close()
    }
}
