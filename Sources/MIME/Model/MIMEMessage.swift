import Foundation

/// A parsed Internet message (RFC 5322 + MIME) — the entry point for reading mail.
///
/// ```swift
/// let message = MIMEMessage(bytes)               // never throws; limits in MIMELimits
/// message.subject                                 // decoded (RFC 2047, CP949 for EUC-KR labels …)
/// message.from, message.to, message.cc            // [MailAddress] (name, email)
/// message.date, message.messageID, message.inReplyTo, message.references
/// message.textBody, message.htmlBody              // best bodies, like mail clients choose them
/// message.attachments                             // [MIMEAttachment] with IMAP section paths
/// message.root                                    // the MIMEPart tree, for anything else
/// ```
///
/// Related entry points: `EncodedWords.decode` (a header value), `CharsetDecoder.decode`
/// (bytes in a named or unknown charset), `TransferDecoder` (streaming base64/QP),
/// `AddressListParser.parse`, `ContentType(parsing:)`, `ContentDisposition(parsing:)`,
/// `MailDate.parse`, and `MessageBuilder` for outgoing mail.
public struct MIMEMessage: Sendable {
    /// The top-level entity; its header is the message header.
    public let root: MIMEPart
    /// True when a limit cut the tree somewhere (see `MIMELimits`).
    public let isTruncated: Bool

    init(root: MIMEPart, isTruncated: Bool) {
        self.root = root
        self.isTruncated = isTruncated
    }

    /// Parses a message. Never throws: broken input gives the best reading possible.
    public init(_ bytes: [UInt8], limits: MIMELimits = .default) {
        self = MIMETreeParser(bytes: bytes, limits: limits).parseMessage()
    }

    public init(_ data: Data, limits: MIMELimits = .default) {
        self.init([UInt8](data), limits: limits)
    }

    public var header: MIMEHeader { root.header }

    public var subject: String? { header["Subject"] }
    public var from: [MailAddress] { addresses("From") }
    public var sender: [MailAddress] { addresses("Sender") }
    public var replyTo: [MailAddress] { addresses("Reply-To") }
    public var to: [MailAddress] { addresses("To") }
    public var cc: [MailAddress] { addresses("Cc") }
    public var bcc: [MailAddress] { addresses("Bcc") }

    /// The Date header; nil when missing or unreadable.
    public var date: Date? { header["Date"].flatMap(MailDate.parse) }

    /// Message-ID without angle brackets.
    public var messageID: String? { MessageIDList.parse(header.rawValue("Message-ID") ?? []).first }
    /// The first message id of In-Reply-To, without angle brackets.
    public var inReplyTo: String? { MessageIDList.parse(header.rawValue("In-Reply-To") ?? []).first }
    /// References, oldest first, without angle brackets.
    public var references: [String] { MessageIDList.parse(header.rawValue("References") ?? []) }

    /// The best plain-text body (derived from the HTML body when only HTML exists).
    public var textBody: String? { BodySelector.select(from: root).text }
    /// The best HTML body, decoded to a String (not sanitized).
    public var htmlBody: String? { BodySelector.select(from: root).html }
    /// Text body, HTML body and attachments in one pass.
    public var content: MessageContent { BodySelector.select(from: root) }
    /// Every part that is not a chosen body: files, inline images, forwarded messages.
    public var attachments: [MIMEAttachment] { BodySelector.select(from: root).attachments }

    /// Addresses of the first field with this name (a repeated To is malformed; the first one
    /// is what IMAP ENVELOPE and CPython report too).
    private func addresses(_ name: String) -> [MailAddress] {
        header.rawValue(name).map { AddressListParser.parse($0) } ?? []
    }
}
