import Foundation
import MIME

/// An attachment or inline part of a message.
public struct APIAttachment: Codable, Sendable, Equatable {
    /// The IMAP section number, e.g. "2" or "2.1".
    public var part: String
    public var filename: String
    public var contentType: String
    /// Decoded size in bytes (exact; for a big message read part by part see `DecodedPartSize`, which falls back to an estimate from the stored size).
    public var size: Int
    public var inline: Bool
    public var contentID: String?

    enum CodingKeys: String, CodingKey {
        case part, filename, size, inline
        case contentType = "content_type"
        case contentID = "content_id"
    }

    public init(part: String, filename: String, contentType: String, size: Int, inline: Bool, contentID: String?) {
        self.part = part
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.inline = inline
        self.contentID = contentID
    }
}

/// A whole message for reading (DESIGN.md, JSON shapes): the list item's fields plus bodies.
public struct APIMessage: Codable, Sendable {
    public var summary: APIMessageSummary
    public var cc: [APIAddress]
    /// Blind copies: only a draft (in the user's own Drafts) carries them; empty otherwise.
    public var bcc: [APIAddress]
    public var replyTo: [APIAddress]
    public var messageID: String?
    public var inReplyTo: String?
    public var references: [String]
    /// The best plain-text body, decoded to UTF-8.
    public var text: String?
    /// The best HTML body, decoded to UTF-8, raw (the SPA sanitizes it).
    public var html: String?
    public var attachments: [APIAttachment]
    /// What a draft's writer typed in To/Cc/Bcc that is not an address; sent only when there is some.
    public var unparsedRecipients = UnparsedRecipients()

    enum CodingKeys: String, CodingKey {
        case cc, bcc, text, html, attachments, references
        case replyTo = "reply_to", messageID = "message_id", inReplyTo = "in_reply_to"
        case unparsedRecipients = "unparsed_recipients"
    }

    public init(summary: APIMessageSummary, cc: [APIAddress], replyTo: [APIAddress], messageID: String?, inReplyTo: String?,
                references: [String], text: String?, html: String?, attachments: [APIAttachment], bcc: [APIAddress] = []) {
        self.summary = summary
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.text = text
        self.html = html
        self.attachments = attachments
    }

    /// The summary's keys and the detail's keys in one flat object.
    public func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cc, forKey: .cc)
        try container.encode(bcc, forKey: .bcc)
        try container.encode(replyTo, forKey: .replyTo)
        try container.encode(messageID, forKey: .messageID)
        try container.encode(inReplyTo, forKey: .inReplyTo)
        try container.encode(references, forKey: .references)
        try container.encode(text, forKey: .text)
        try container.encode(html, forKey: .html)
        try container.encode(attachments, forKey: .attachments)
        if !unparsedRecipients.isEmpty { try container.encode(unparsedRecipients, forKey: .unparsedRecipients) }
    }

    public init(from decoder: any Decoder) throws {
        summary = try APIMessageSummary(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cc = try container.decode([APIAddress].self, forKey: .cc)
        bcc = try container.decodeIfPresent([APIAddress].self, forKey: .bcc) ?? []
        replyTo = try container.decode([APIAddress].self, forKey: .replyTo)
        messageID = try container.decodeIfPresent(String.self, forKey: .messageID)
        inReplyTo = try container.decodeIfPresent(String.self, forKey: .inReplyTo)
        references = try container.decode([String].self, forKey: .references)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        html = try container.decodeIfPresent(String.self, forKey: .html)
        attachments = try container.decode([APIAttachment].self, forKey: .attachments)
        unparsedRecipients = try container.decodeIfPresent(UnparsedRecipients.self, forKey: .unparsedRecipients) ?? UnparsedRecipients()
    }
}
