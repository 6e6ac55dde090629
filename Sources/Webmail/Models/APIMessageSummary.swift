import Foundation

/// The flags the SPA shows.
public struct APIFlags: Codable, Sendable, Equatable {
    public var seen: Bool
    public var flagged: Bool
    public var answered: Bool
    public var draft: Bool
    /// `$Forwarded`: the list marks it, as it marks `answered`.
    public var forwarded: Bool

    public init(seen: Bool = false, flagged: Bool = false, answered: Bool = false, draft: Bool = false, forwarded: Bool = false) {
        self.seen = seen
        self.flagged = flagged
        self.answered = answered
        self.draft = draft
        self.forwarded = forwarded
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
    var items: Items

    /// The page's messages. A page read from IMAP holds them as JSON only (see ``Items``); they
    /// are decoded from it when asked for, which only tests and other callers than the HTTP
    /// answer do.
    public var messages: [APIMessageSummary] {
        get {
            switch items {
            case .summaries(let summaries): return summaries
            case .rendered(let documents):
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .iso8601
                return documents.compactMap { try? decoder.decode(APIMessageSummary.self, from: Data($0)) }
            }
        }
        set { items = .summaries(newValue) }
    }

    /// How the messages are held.
    enum Items: Sendable {
        case summaries([APIMessageSummary])
        /// Each message's JSON, written straight from the FETCH answer while the rest of the page
        /// was still arriving (`IMAPMailStore.messages`, `JSONWriter.messageListItem`): only the
        /// page's frame is left to write after the last one.
        case rendered([[UInt8]])
    }

    enum CodingKeys: String, CodingKey {
        case total, page, size, messages
    }

    public init(total: Int, page: Int, size: Int, messages: [APIMessageSummary]) {
        self.init(total: total, page: page, size: size, items: .summaries(messages))
    }

    init(total: Int, page: Int, size: Int, items: Items) {
        self.total = total
        self.page = page
        self.size = size
        self.items = items
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            total: try container.decode(Int.self, forKey: .total), page: try container.decode(Int.self, forKey: .page),
            size: try container.decode(Int.self, forKey: .size),
            messages: try container.decode([APIMessageSummary].self, forKey: .messages))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(total, forKey: .total)
        try container.encode(page, forKey: .page)
        try container.encode(size, forKey: .size)
        try container.encode(messages, forKey: .messages)
    }
}
