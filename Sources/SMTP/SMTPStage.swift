/// The step of an SMTP session in which something happened; every `SMTPError` names one so the
/// caller can tell "the server refused the recipient" from "the password was wrong".
public enum SMTPStage: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// TCP connect (and, for implicit TLS on port 465, the TLS handshake).
    case connect
    /// Waiting for the server's 220 greeting.
    case greeting
    /// EHLO, or the HELO fallback.
    case ehlo
    /// The STARTTLS command and the TLS handshake that follows it.
    case startTLS
    /// AUTH PLAIN / AUTH LOGIN.
    case authentication
    /// Checks made before the envelope is sent (address syntax, SIZE, 8BITMIME).
    case preparation
    /// MAIL FROM.
    case mailFrom
    /// RCPT TO, one per recipient.
    case recipient
    /// The DATA command (waiting for 354).
    case data
    /// The reply after the final "." of the message: the server's acceptance or refusal.
    case messageBody
    /// QUIT. Failures here never undo a delivered message.
    case quit

    public var description: String { rawValue }
}
