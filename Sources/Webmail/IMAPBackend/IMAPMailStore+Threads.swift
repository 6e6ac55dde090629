import Foundation
import IMAP
import MIME

/// Conversations (issue 30) on Dovecot's THREAD: a folder is threaded once per UIDVALIDITY
/// (`UID THREAD REFS UTF-8 ALL`), then kept current from the headers of new mail alone.
extension IMAPMailStore: ConversationReading {
    /// REFS: links by References/In-Reply-To only, threads by their latest message. REFERENCES
    /// also merges threads whose base subject is the same however far apart (RFC 5256 step 5),
    /// which joins every "회의" of a year into one conversation; REFS does not.
    static let threadAlgorithms: [ThreadAlgorithm] = [.refs, .references]
    /// The header fields new mail is threaded by.
    static let threadingFields = ["MESSAGE-ID", "IN-REPLY-TO", "REFERENCES"]
    /// A conversation's detail shows at most its newest this many messages.
    static let maximumConversationMessages = 200

    func conversations(for session: Session, folder: String, page: Int, size: Int, query: MessageQuery) async throws(MailStoreError) -> APIConversationPage {
        let mailbox = MailboxName(folder)
        let criteria = Self.searchKey(query)
        let (total, uidValidity, pageConversations, summaries) = try await withConnection(session) { connection in
            let forest = try await self.currentForest(session, folder: folder, connection: connection)
            var ordered = forest.ordered()
            if let criteria {
                let matching = Set(try await connection.search(in: mailbox, criteria))
                ordered = ordered.filter { $0.contains(where: matching.contains) }
            }
            let start = (page - 1) * size
            let pageConversations = start < ordered.count ? Array(ordered[start..<min(ordered.count, start + size)]) : []
            let uids = pageConversations.flatMap { $0 }
            let summaries = uids.isEmpty ? [] : try await connection.fetchSummaries(in: mailbox, uids: SequenceSet(numbers: uids))
            return (ordered.count, forest.uidValidity, pageConversations, summaries)
        }
        let listed = Dictionary(summaries.map(MessageMapping.summary).map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        let threads: [APIConversation] = pageConversations.compactMap { uids in
            let messages = uids.compactMap { listed[$0] }
            guard !messages.isEmpty, let first = uids.first else { return nil }
            return APIConversation(id: ConversationID(uidValidity: uidValidity, firstUID: first), messages: messages)
        }
        return APIConversationPage(total: total, page: page, size: size, threads: threads)
    }

    func conversation(for session: Session, folder: String, id: String) async throws(MailStoreError) -> APIConversationDetail {
        guard let conversationID = ConversationID(id) else { throw .notFound(.message) }
        let uids = try await withConnection(session) { connection -> [UInt32] in
            let forest = try await self.currentForest(session, folder: folder, connection: connection)
            guard forest.uidValidity == conversationID.uidValidity,
                let uids = forest.conversation(containing: conversationID.firstUID)
            else { throw MailStoreError.notFound(.message) }
            return Array(uids.suffix(Self.maximumConversationMessages))
        }
        var messages: [APIConversationMessage] = []
        for uid in uids {
            do throws(MailStoreError) {
                messages.append(APIConversationMessage(message: try await message(for: session, folder: folder, uid: uid), folder: folder, own: false))
            } catch {
                guard case .notFound = error else { throw error }
                continue  // expunged since the forest was read
            }
        }
        messages += try await ownReplies(session, folder: folder, to: messages)
        messages.sort { APIConversation.olderFirst($0.message.summary, $1.message.summary) }
        return APIConversationDetail(id: conversationID.description, messages: messages)
    }

    /// The user's own messages in Sent that belong to the conversation: one UID SEARCH for any
    /// whose Message-ID, In-Reply-To or References names one of the conversation's messages
    /// (Outlook's replies carry In-Reply-To and References too, beside its Thread-Index).
    func ownReplies(_ session: Session, folder: String, to messages: [APIConversationMessage]) async throws(MailStoreError) -> [APIConversationMessage] {
        guard let sent = try await self.folder(withRole: .sent, session: session), sent.displayName != folder else { return [] }
        let ids = Array(Set(messages.compactMap(\.message.messageID))).sorted()
        guard !ids.isEmpty else { return [] }
        // Message-IDs come from mail anyone can send: only ones a HEADER search can carry as a
        // quoted string are searched (no control characters, no quotes or backslashes).
        let searchable = ids.filter { id in id.utf8.count <= 250 && !id.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "\\" } }
        let keys = searchable.flatMap { id -> [SearchKey] in
            let quoted = "<\(id)>"
            return [.header(name: "Message-ID", value: quoted), .header(name: "In-Reply-To", value: quoted), .header(name: "References", value: quoted)]
        }
        guard let criteria = Self.anyOf(keys) else { return [] }
        let found = try await withConnection(session) { connection in try await connection.search(in: sent, criteria) }
        let known = Set(ids)
        var own: [APIConversationMessage] = []
        for uid in found.suffix(Self.maximumConversationMessages) {
            guard let message = try? await message(for: session, folder: sent.displayName, uid: uid) else { continue }
            // The same message filed in both folders (a copy to oneself) is shown once.
            if let id = message.messageID, known.contains(id) { continue }
            own.append(APIConversationMessage(message: message, folder: sent.displayName, own: true))
        }
        return own
    }

    /// A balanced OR of the keys, so the command's nesting (and the writer's recursion) is log n deep.
    static func anyOf(_ keys: [SearchKey]) -> SearchKey? {
        guard !keys.isEmpty else { return nil }
        if keys.count == 1 { return keys[0] }
        let middle = keys.count / 2
        guard let left = anyOf(Array(keys[..<middle])), let right = anyOf(Array(keys[middle...])) else { return nil }
        return .or(left, right)
    }

    static func cacheKey(_ session: Session, _ folder: String) -> ConversationCache.Key {
        ConversationCache.Key(user: session.email.lowercased(), folder: folder)
    }

    /// The folder's conversations now: the cached forest brought up to date by what arrived
    /// since (one UID FETCH of the new UIDs' threading headers; nothing else when nothing
    /// arrived or left), or, the first time and after a UIDVALIDITY change, one THREAD.
    func currentForest(_ session: Session, folder: String, connection: IMAPConnection) async throws -> ConversationForest {
        let mailbox = MailboxName(folder)
        let key = Self.cacheKey(session, folder)
        if var forest = conversationCache.forest(for: key) {
            let arrived = try await connection.newMessages(in: mailbox, since: forest.uidNext, fields: Self.threadingFields)
            if arrived.uidValidity == forest.uidValidity {
                if !arrived.headers.isEmpty {
                    try await attach(arrived.headers, to: &forest, in: mailbox, connection: connection)
                }
                if forest.messageCount != Int(arrived.exists) {
                    // Something left (expunged, moved): prune to what the folder has.
                    let present = Set(try await connection.search(in: mailbox, .all))
                    forest = try await OffLoopWork.run { [forest] in
                        var pruned = forest
                        pruned.prune(keeping: present)
                        return pruned
                    }
                }
                conversationCache.store(forest, for: key)
                return forest
            }
        }
        var threaded: IMAPConnection.Threads?
        for algorithm in Self.threadAlgorithms {
            do {
                threaded = try await connection.thread(in: mailbox, algorithm: algorithm)
                break
            } catch IMAPError.unsupported {
                continue
            }
        }
        guard let threaded else { throw MailStoreError.invalid(.mailServerRefused, "이 메일 서버는 대화형 보기를 지원하지 않습니다") }
        let trees = threaded.trees
        let validity = threaded.uidValidity ?? 0
        // Tens of thousands of trees to index: off the event loop.
        let forest = try await OffLoopWork.run { ConversationForest(trees: trees, uidValidity: validity) }
        conversationCache.store(forest, for: key)
        return forest
    }

    /// Threads new mail by its headers, as REFS does: a message joins the conversation of the
    /// nearest message it names (In-Reply-To, then References from the newest back) that is
    /// in this folder; the named messages are found with one UID SEARCH on their Message-IDs
    /// and one FETCH of the candidates' Message-ID (a HEADER search matches substrings).
    func attach(_ headers: [UInt32: [UInt8]], to forest: inout ConversationForest, in mailbox: MailboxName, connection: IMAPConnection) async throws {
        struct Arrival {
            var uid: UInt32
            var messageID: String?
            var parents: [String]
        }
        let arrivals: [Arrival] = headers.keys.sorted().map { uid in
            let parsed = MIMEMessage((headers[uid] ?? []) + Array("\r\n".utf8))
            var parents: [String] = []
            if let inReplyTo = parsed.inReplyTo { parents.append(inReplyTo) }
            parents += parsed.references.reversed()
            return Arrival(uid: uid, messageID: parsed.messageID, parents: parents)
        }
        var uidOf: [String: UInt32] = [:]
        for arrival in arrivals { if let id = arrival.messageID { uidOf[id] = uidOf[id] ?? arrival.uid } }
        let wanted = Set(arrivals.flatMap(\.parents)).subtracting(uidOf.keys).filter { id in
            id.utf8.count <= 250 && !id.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "\\" }
        }.sorted()
        if let criteria = Self.anyOf(wanted.prefix(500).map { SearchKey.header(name: "Message-ID", value: "<\($0)>") }) {
            let candidates = try await connection.search(in: mailbox, criteria)
            if !candidates.isEmpty {
                let found = try await connection.fetchHeaderFields(in: mailbox, uids: SequenceSet(numbers: candidates), fields: ["MESSAGE-ID"])
                for (uid, header) in found {
                    if let id = MIMEMessage(header + Array("\r\n".utf8)).messageID, uidOf[id] == nil { uidOf[id] = uid }
                }
            }
        }
        for arrival in arrivals {
            let parent = arrival.parents.lazy.compactMap { uidOf[$0] }.first { $0 != arrival.uid }
            forest.add(arrival.uid, replyingTo: parent)
        }
    }
}
