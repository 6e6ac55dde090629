/// A part the reader shows as a file or an inline resource rather than as the message text.
public struct MIMEAttachment: Sendable, Hashable {
    /// IMAP section path ("2", "2.1"): `BODY[section]` streams exactly this part.
    public let section: String
    /// Decoded filename; for a forwarded message, its subject + ".eml"; else a generated name.
    public let filename: String
    /// `type/subtype`, lowercased.
    public let contentType: String
    /// Size after removing the transfer encoding.
    public let size: Int
    /// Shown inside the message (Content-Disposition inline, or a Content-ID'd related part).
    public let isInline: Bool
    /// Content-ID without angle brackets, for `cid:` references.
    public let contentID: String?
    /// How the part's bytes are encoded in the message (decode while streaming).
    public let transferEncoding: TransferEncoding
    /// Declared charset for text parts.
    public let charset: String?
}

/// The reader's view of a message: best text, best HTML, and everything else as attachments.
public struct MessageContent: Sendable {
    public let text: String?
    public let html: String?
    public let attachments: [MIMEAttachment]
}
