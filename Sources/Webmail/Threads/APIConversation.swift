import Foundation

/// A sender of a conversation as its row shows it (`김영희 ×3`): the list's address object plus
/// how many of the conversation's messages are from them.
public struct APIParticipant: Codable, Sendable, Equatable {
    public var name: String
    public var email: String
    public var count: Int
}

/// One row of the conversation list (`GET /mail/threads`).
public struct APIConversation: Codable, Sendable, Equatable {
    public var id: String
    /// The first message's subject without reply/forward prefixes.
    public var subject: String
    /// Distinct senders, in the order they first wrote.
    public var participants: [APIParticipant]
    public var count: Int
    public var unseen: Int
    public var flagged: Bool
    /// The latest message's date.
    public var date: Date?
    public var hasAttachments: Bool
    /// The conversation's messages in this folder, ascending: what whole-conversation actions
    /// (`POST /mail/messages/flags|move|delete`) take.
    public var uids: [UInt32]

    enum CodingKeys: String, CodingKey {
        case id, subject, participants, count, unseen, flagged, date, uids
        case hasAttachments = "has_attachments"
    }

    /// The row of a conversation from its messages' list items (any order).
    init(id: ConversationID, messages: [APIMessageSummary]) {
        let byDate = messages.sorted(by: APIConversation.olderFirst)
        self.id = id.description
        subject = BaseSubject.of(byDate.first?.subject ?? "")
        var participants: [APIParticipant] = []
        for message in byDate {
            guard let from = message.from else { continue }
            if let index = participants.firstIndex(where: { $0.email.lowercased() == from.email.lowercased() }) {
                participants[index].count += 1
                if participants[index].name.isEmpty { participants[index].name = from.name }
            } else {
                participants.append(APIParticipant(name: from.name, email: from.email, count: 1))
            }
        }
        self.participants = participants
        count = messages.count
        unseen = messages.filter { !$0.flags.seen }.count
        flagged = messages.contains { $0.flags.flagged }
        date = byDate.last?.date
        hasAttachments = messages.contains(where: \.hasAttachments)
        uids = messages.map(\.uid).sorted()
    }

    /// Oldest first by the Date header, then by UID (arrival) for equal or missing dates.
    static func olderFirst(_ a: APIMessageSummary, _ b: APIMessageSummary) -> Bool {
        switch (a.date, b.date) {
        case let (x?, y?) where x != y: return x < y
        default: return a.uid < b.uid
        }
    }
}

/// `GET /mail/threads`: conversations newest activity first.
public struct APIConversationPage: Codable, Sendable {
    public var total: Int
    public var page: Int
    public var size: Int
    public var threads: [APIConversation]
}

/// A message of a conversation as the reader shows it: the message JSON of `GET /mail/messages/{uid}`
/// plus the folder it is in and, for the user's own replies joined from Sent, `"own": true`.
public struct APIConversationMessage: Encodable, Sendable {
    public var message: APIMessage
    public var folder: String
    public var own: Bool

    enum CodingKeys: String, CodingKey { case folder, own }

    public func encode(to encoder: any Encoder) throws {
        try message.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(folder, forKey: .folder)
        try container.encode(own, forKey: .own)
    }
}

/// `GET /mail/threads/{id}`: oldest to newest.
public struct APIConversationDetail: Encodable, Sendable {
    public var id: String
    public var messages: [APIConversationMessage]
}

/// What the conversation routes need from a mailbox (the IMAP store has it; stores made for
/// tests need not).
public protocol ConversationReading: Sendable {
    func conversations(for session: Session, folder: String, page: Int, size: Int, query: MessageQuery) async throws(MailStoreError) -> APIConversationPage
    func conversation(for session: Session, folder: String, id: String) async throws(MailStoreError) -> APIConversationDetail
}
