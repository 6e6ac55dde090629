import Foundation

/// The output of `MessageBuilder`: what SMTP sends and IMAP appends.
public struct BuiltMessage: Sendable {
    /// The message: CRLF line ends, 7-bit headers, lines within 998 (headers folded at 78).
    public let bytes: [UInt8]
    /// SMTP envelope: MAIL FROM and every RCPT TO, Bcc included (Bcc is in a header only
    /// when `MessageBuilder.isDraft`).
    public let envelope: Envelope
    /// The Message-ID written, without angle brackets.
    public let messageID: String

    public var data: Data { Data(bytes) }
}

/// The SMTP envelope of a built message.
public struct Envelope: Sendable, Hashable {
    /// Reverse path (MAIL FROM).
    public let sender: String
    /// Forward paths (RCPT TO): To, Cc and Bcc, each address once, in that order.
    public let recipients: [String]
}
