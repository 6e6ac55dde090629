import Foundation
import IMAP
import Logging

/// 수신확인 and 발송취소 (issue 33): finds the user's own Sent message, looks into each internal
/// recipient's mailbox through the master user (at most `parallelLookups` at once), records the
/// first time a copy was seen read, and recalls unread copies. Every lookup and recall is logged
/// with who asked, the Message-ID and the recipient; never content, never a credential.
struct ReceiptService: Sendable {
    let senderMailbox: IMAPMailStore
    let recipients: RecipientMailboxes
    let readTimes: ReceiptReadTimes
    let limiter: ReceiptRateLimiter
    let internalDomains: Set<String>
    let logger: Logger
    static let parallelLookups = 4
    /// Sent messages per page of the 수신확인 overview.
    static let overviewPageSize = 10

    struct Receipt: Sendable, Encodable {
        let email: String
        let `internal`: Bool
        let status: ReceiptStatus
        let readAt: Date?
        enum CodingKeys: String, CodingKey { case email, `internal`, status, readAt = "read_at" }

        /// `read_at` is always there, null until read.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(email, forKey: .email)
            try container.encode(`internal`, forKey: .internal)
            try container.encode(status, forKey: .status)
            try container.encode(readAt, forKey: .readAt)
        }
    }

    struct Recall: Sendable, Encodable {
        let email: String
        let result: RecallResult
    }

    struct OverviewItem: Sendable, Encodable {
        let uid: UInt32
        let subject: String
        let date: Date?
        let recipients: Int
        let `internal`: Int
        let read: Int
        let recalled: Bool
    }

    /// In one of the server's own domains. An address with the master separator (or a space or
    /// control character) is never looked up: `a*b@…*master` would name another login.
    func isInternal(_ address: String) -> Bool { Self.isInternal(address, domains: internalDomains) }

    static func isInternal(_ address: String, domains: Set<String>) -> Bool {
        guard let at = address.lastIndex(of: "@"), !address.contains(IMAPMasterLogin.separator),
              !address.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else { return false }
        return domains.contains(String(address[address.index(after: at)...]).lowercased())
    }

    // MARK: The sender's own message

    /// The Sent folder's name, when `folder` is the user's Sent (special use \Sent).
    func sentFolder(_ folder: String, session: Session) async throws(MailStoreError) -> MailboxName {
        guard let sent = try await senderMailbox.folder(withRole: .sent, session: session), sent == MailboxName(folder) else {
            throw .notFound(.message)
        }
        return sent
    }

    /// The user's own message `uid` in their Sent, else not found (someone else's From, another
    /// folder, no Message-ID: 404 alike, so nothing is told about what is there).
    func sentMessage(_ uid: UInt32, folder: String, session: Session) async throws(MailStoreError) -> SentMessage {
        let sent = try await sentFolder(folder, session: session)
        let summaries = try await senderMailbox.withConnection(session) { connection in
            try await connection.fetchSummaries(in: sent, uids: SequenceSet(numbers: [uid]))
        }
        guard let summary = summaries.first(where: { $0.uid == uid }), let message = SentMessage(summary, sender: session.email) else {
            throw .notFound(.message)
        }
        return message
    }

    // MARK: 수신확인

    func receipts(of message: SentMessage, session: Session) async throws -> [Receipt] {
        let statuses = try await lookUp([message], session: session)
        return statuses[message.messageID] ?? []
    }

    /// Every recipient's receipt of each message: one master login per internal recipient
    /// for all of `messages` together (their Message-IDs OR-ed in one SEARCH per folder).
    func lookUp(_ messages: [SentMessage], session: Session) async throws -> [String: [Receipt]] {
        let internalRecipients = Array(Set(messages.flatMap(\.recipients).filter(isInternal))).sorted()
        try spend(internalRecipients.count, session: session)
        // nil: that recipient's mailbox did not answer (its deadline) — 확인 불가 for them alone.
        let byRecipient: [String: [String: [RecipientCopy]]?] = try await forEachLimited(internalRecipients) { recipient in
            let ids = messages.filter { $0.recipients.contains(recipient) }.map(\.messageID)
            return try await unlessUnanswered(recipient, session: session) { try await recipients.copies(of: ids, for: recipient) }
        }
        var result: [String: [Receipt]] = [:]
        for message in messages {
            let readers = message.recipients.filter { recipient in
                (byRecipient[recipient]??[message.messageID] ?? []).contains(where: \.seen)
            }
            let times = try await readTimes.record(sender: session.email, messageID: message.messageID, readBy: readers)
            result[message.messageID] = message.recipients.map { recipient in
                guard isInternal(recipient) else { return Receipt(email: recipient, internal: false, status: .external, readAt: nil) }
                let status: ReceiptStatus
                if case .some(.some(let found)) = byRecipient[recipient] {
                    status = Self.status(found[message.messageID] ?? [], seenBefore: times[recipient] != nil)
                } else {
                    status = .unknown
                }
                logger.info("receipt lookup", metadata: [
                    "user": "\(session.email)", "message_id": "\(message.messageID)", "recipient": "\(recipient)", "status": "\(status.rawValue)",
                ])
                return Receipt(email: recipient, internal: true, status: status, readAt: times[recipient])
            }
        }
        return result
    }

    /// A copy outside Trash decides (read if any such copy is); only copies in Trash: 삭제됨.
    /// None: 삭제됨 when the webmail once saw it read (it existed, the recipient removed it), else
    /// 찾을 수 없음 (never seen: delivered beyond the folders looked at, expunged unread, recalled).
    static func status(_ copies: [RecipientCopy], seenBefore: Bool) -> ReceiptStatus {
        let kept = copies.filter { !$0.inTrash }
        if !kept.isEmpty { return kept.contains(where: \.seen) ? .read : .unread }
        if !copies.isEmpty || seenBefore { return .deleted }
        return .notFound
    }

    // MARK: 발송취소

    func recall(_ message: SentMessage, folder: String, session: Session) async throws -> [Recall] {
        let internalRecipients = message.recipients.filter(isInternal)
        try spend(internalRecipients.count, session: session)
        let results = try await forEachLimited(internalRecipients) { recipient in
            let result = try await unlessUnanswered(recipient, session: session) {
                try await recipients.recall(message.messageID, from: recipient)
            } ?? .unknown
            logger.notice("recall", metadata: [
                "user": "\(session.email)", "message_id": "\(message.messageID)", "recipient": "\(recipient)", "result": "\(result.rawValue)",
            ])
            return result
        }
        let answer = message.recipients.map { recipient in
            Recall(email: recipient, result: isInternal(recipient) ? results[recipient] ?? .notFound : .external)
        }
        if answer.contains(where: { $0.result == .recalled }) {
            _ = try await senderMailbox.withConnection(session) { connection in
                try await connection.storeFlags(in: MailboxName(folder), uids: SequenceSet(numbers: [message.uid]), .add, [SentMessage.recalledKeyword])
            }
        }
        return answer
    }

    // MARK: The overview

    /// The newest Sent messages of `page` with their counts. Cheap by design: one page of
    /// `overviewPageSize`, one master login per distinct internal recipient on it (not per
    /// message), asked only when the user opens or refreshes the view.
    func overview(page: Int, session: Session) async throws -> (items: [OverviewItem], hasMore: Bool) {
        guard let sent = try await senderMailbox.folder(withRole: .sent, session: session) else { return ([], false) }
        let size = Self.overviewPageSize
        let (summaries, total) = try await senderMailbox.withConnection(session) { connection in
            let uids = try await connection.search(in: sent, .all)
            let newest = Array(uids.reversed().dropFirst((page - 1) * size).prefix(size))
            let summaries = newest.isEmpty ? [] : try await connection.fetchSummaries(in: sent, uids: SequenceSet(numbers: newest))
            return (summaries, uids.count)
        }
        let messages = summaries.sorted { $0.uid > $1.uid }.compactMap { SentMessage($0, sender: session.email) }
        let receipts = try await lookUp(messages, session: session)
        let items = messages.map { message in
            let all = receipts[message.messageID] ?? []
            return OverviewItem(uid: message.uid, subject: message.subject, date: message.date, recipients: all.count,
                                internal: all.filter(\.internal).count, read: all.filter { $0.status == .read }.count,
                                recalled: message.recalled)
        }
        return (items, total > page * size)
    }

    // MARK: Helpers

    /// `body`'s answer, or nil when the recipient's mailbox failed or ran past its deadline
    /// (`RecipientMailboxes.visitDeadline`): one slow mailbox costs its own answer, not the request's.
    private func unlessUnanswered<T: Sendable>(_ recipient: String, session: Session,
                                               _ body: () async throws -> T) async throws -> T? {
        do {
            return try await body()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            logger.warning("receipt lookup unanswered", metadata: [
                "user": "\(session.email)", "recipient": "\(recipient)", "error": "\(error)",
            ])
            return nil
        }
    }

    private func spend(_ lookups: Int, session: Session) throws {
        if let wait = limiter.take(lookups, for: session.email.lowercased()) {
            throw APIError(.tooManyRequests, "수신확인 요청이 너무 많습니다. \(wait)초 후 다시 시도하세요", code: .rateLimited,
                           headers: [.retryAfter: String(wait)], retryAfter: wait)
        }
    }

    /// `body` for each item, at most `parallelLookups` at a time.
    private func forEachLimited<T: Sendable>(_ items: [String], _ body: @escaping @Sendable (String) async throws -> T) async throws -> [String: T] {
        try await withThrowingTaskGroup(of: (String, T).self) { group in
            var results: [String: T] = [:]
            var pending = items[...]
            for _ in 0..<Self.parallelLookups {
                guard let item = pending.popFirst() else { break }
                group.addTask { (item, try await body(item)) }
            }
            while let (item, value) = try await group.next() {
                results[item] = value
                if let next = pending.popFirst() { group.addTask { (next, try await body(next)) } }
            }
            return results
        }
    }
}
