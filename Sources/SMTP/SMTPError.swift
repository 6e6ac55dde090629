/// A failure of an SMTP operation, typed so the API can tell the user exactly what happened.
///
/// Every error carries the `stage` it happened in and, when the server answered, its `reply`
/// (code, enhanced status code and text). `kind` classifies it:
///
/// | kind | typical case |
/// |---|---|
/// | `.rejected` | any 4xx/5xx reply: 535 bad credentials, 550/553 per recipient, 552 too large |
/// | `.messageTooLarge` | refused locally before upload because the server's SIZE is smaller |
/// | `.tlsUnavailable` | TLS is required but the server offers no STARTTLS (nothing secret was sent) |
/// | `.tlsFailed` | handshake, certificate or host-name verification failed |
/// | `.timeout` | the server did not answer within the stage's timeout |
/// | `.invalidInput` | an address or value was refused before anything was sent (CR/LF/NUL, syntax) |
/// | `.smtpUTF8Unsupported` | an address has a non-ASCII local part and the server does not offer SMTPUTF8 |
///
/// `isTemporary` is true for 4xx replies and timeouts/connection losses, where retrying later
/// can help.
public struct SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The server answered with a 4xx or 5xx reply (see `reply`).
        case rejected
        /// The message is bigger than the SIZE the server announced; it was never uploaded.
        case messageTooLarge(size: Int, limit: Int)
        /// TLS is required and the server did not offer STARTTLS.
        case tlsUnavailable
        /// The TLS handshake or certificate verification failed.
        case tlsFailed
        /// The server offers no SASL mechanism this client supports (PLAIN, LOGIN), or no AUTH at all.
        case authenticationUnavailable
        /// The message contains 8-bit data and the server does not offer 8BITMIME.
        case eightBitUnsupported
        /// An address has a non-ASCII local part (RFC 6531) and the server does not offer
        /// SMTPUTF8; nothing was sent. `recipient` names the address.
        case smtpUTF8Unsupported
        /// An envelope address or other input was refused before anything was sent.
        case invalidInput
        /// No reply within the stage's timeout.
        case timeout
        /// The TCP connection could not be made.
        case connectionFailed
        /// The server closed the connection unexpectedly.
        case connectionClosed
        /// The server sent something that is not SMTP.
        case protocolViolation
    }

    public let kind: Kind
    public let stage: SMTPStage
    /// The server's reply when there was one.
    public let reply: SMTPReply?
    /// The recipient a RCPT failure is about (the first one refused).
    public let recipient: String?
    /// Every recipient the server refused, in envelope order, with its own reply — so the user
    /// can be shown each bad address at once. Empty for failures of other stages.
    public let refusedRecipients: [RefusedRecipient]
    /// A human-readable explanation (never contains a password).
    public let message: String

    /// One address refused at RCPT TO.
    public struct RefusedRecipient: Sendable, Equatable {
        public let address: String
        public let reply: SMTPReply
    }

    public init(
        _ kind: Kind, stage: SMTPStage, reply: SMTPReply? = nil, recipient: String? = nil,
        refusedRecipients: [RefusedRecipient] = [], message: String
    ) {
        self.kind = kind
        self.stage = stage
        self.reply = reply
        self.recipient = recipient
        self.refusedRecipients = refusedRecipients
        self.message = message
    }

    /// The server's reply code, when it answered.
    public var code: Int? { reply?.code }
    /// The server's enhanced status code, when it sent one.
    public var enhancedCode: SMTPEnhancedStatusCode? { reply?.enhancedCode }

    /// True when trying again later may succeed: 4xx replies, timeouts, lost connections.
    public var isTemporary: Bool {
        switch kind {
        case .rejected: return reply?.isTransientFailure ?? false
        case .timeout, .connectionClosed, .connectionFailed: return true
        default: return false
        }
    }

    public var description: String {
        var text = "SMTP \(stage) failed: \(message)"
        if let recipient { text += " (recipient \(recipient))" }
        if let reply { text += " [server: \(reply)]" }
        return text
    }

    static func rejected(_ reply: SMTPReply, stage: SMTPStage, recipient: String? = nil) -> SMTPError {
        let what = reply.isTransientFailure ? "temporarily refused" : "refused"
        return SMTPError(.rejected, stage: stage, reply: reply, recipient: recipient,
                         message: "the server \(what) the \(stage) step")
    }
}
