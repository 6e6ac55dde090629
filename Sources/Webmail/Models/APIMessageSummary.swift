import Foundation

/// The flags the SPA shows.
public struct APIFlags: Codable, Sendable, Equatable {
    public var seen: Bool
    public var flagged: Bool
    public var answered: Bool
    public var draft: Bool

    public init(seen: Bool = false, flagged: Bool = false, answered: Bool = false, draft: Bool = false) {
        self.seen = seen
        self.flagged = flagged
        self.answered = answered
        self.draft = draft
    }
}

/// A message list item (DESIGN.md, JSON shapes).
public struct APIMessageSummary: Codable, Sendable, Equatable {
    public var uid: UInt32
    public var subject: String
    public var from: APIAddress?
    public var to: [APIAddress]
    public var date: Date?
    public var flags: APIFlags
    public var size: Int
    public var hasAttachments: Bool
    public var preview: String

    enum CodingKeys: String, CodingKey {
        case uid, subject, from, to, date, flags, size, preview
        case hasAttachments = "has_attachments"
    }

    public init(uid: UInt32, subject: String, from: APIAddress?, to: [APIAddress], date: Date?,
                flags: APIFlags, size: Int, hasAttachments: Bool, preview: String) {
        self.uid = uid
        self.subject = subject
        self.from = from
        self.to = to
        self.date = date
        self.flags = flags
        self.size = size
        self.hasAttachments = hasAttachments
        self.preview = preview
    }
}

/// One page of a folder, newest first.
public struct APIMessagePage: Codable, Sendable {
    public var total: Int
    public var page: Int
    public var size: Int
    public var messages: [APIMessageSummary]
    /// Each message's JSON, written while the rest of the page was still arriving from IMAP
    /// (see `IMAPMailStore.messages`); `json()` uses it when it matches `messages`.
    var renderedMessages: [[UInt8]]?

    enum CodingKeys: String, CodingKey {
        case total, page, size, messages
    }

    public init(total: Int, page: Int, size: Int, messages: [APIMessageSummary]) {
        self.total = total
        self.page = page
        self.size = size
        self.messages = messages
    }
}
