import Foundation
import IMAP
import Logging
import MIME
import NIOCore

/// The mailbox of each signed-in user, through the IMAP module's per-account connection pool.
/// Also the production `MailLoginVerifying`: a successful login leaves its connection in the
/// user's pool for the requests that follow.
final class IMAPMailStore: MailStore, MailLoginVerifying {
    let pool: IMAPConnectionPool
    let logger: Logger
    /// Each user's recently used folders' conversations (issue 30), threaded once per UIDVALIDITY.
    let conversationCache = ConversationCache()
    /// Whole messages up to this size are parsed in one fetch; bigger ones part by part.
    static let wholeMessageLimit = 2 * 1024 * 1024

    convenience init(configuration: WebmailConfiguration, logger: Logger) {
        self.init(server: MailServerProbes.imapConfiguration(configuration), limits: Self.poolLimits(configuration), logger: logger)
    }

    /// A store on this IMAP server (tests give a scripted one, for faults Dovecot will not produce).
    init(server: IMAPConfiguration, limits: IMAPConnectionPool.Limits, logger: Logger) {
        self.pool = IMAPConnectionPool(server: server, limits: limits, logger: logger)
        self.logger = logger
    }

    /// The pool's bounds from the `ZM_IMAP_POOL_*` settings.
    static func poolLimits(_ configuration: WebmailConfiguration) -> IMAPConnectionPool.Limits {
        IMAPConnectionPool.Limits(
            maximumPerAccount: configuration.imapPoolMaxPerAccount, maximumTotal: configuration.imapPoolMaxTotal,
            idleTimeout: .seconds(configuration.imapPoolIdleTimeout), waitTimeout: .seconds(configuration.imapPoolWaitTimeout))
    }

    static func credentials(_ session: Session) -> IMAPCredentials {
        IMAPCredentials(username: session.email, password: session.password)
    }

    // MARK: Login

    func verifyLogin(email: String, password: String) async throws(MailLoginError) {
        do {
            try await pool.withConnection(for: IMAPCredentials(username: email, password: password)) { _ in }
        } catch IMAPError.authenticationFailed {
            throw .invalidCredentials
        } catch IMAPError.poolExhausted {
            throw .busy
        } catch let error as IMAPError where !error.isConnectionProblem {
            // e.g. refused to send credentials in clear: a configuration problem, not the user's.
            throw .unavailable(error.description)
        } catch {
            throw .unavailable(String(describing: error))
        }
    }

    // MARK: Errors

    /// Runs `body` on one of the user's pooled connections, mapping IMAP failures to API ones.
    func withConnection<T: Sendable>(_ session: Session, _ body: (IMAPConnection) async throws -> T) async throws(MailStoreError) -> T {
        do {
            return try await pool.withConnection(for: Self.credentials(session), body)
        } catch let error as MailStoreError {
            throw error
        } catch {
            throw Self.mapError(error, logger: logger)
        }
    }

    static func mapError(_ error: any Error, logger: Logger) -> MailStoreError {
        guard let error = error as? IMAPError else {
            logger.error("mail store failure", metadata: ["error": "\(String(describing: error))"])
            return .unavailable(String(describing: error))
        }
        switch error {
        case .authenticationFailed: return .authenticationFailed
        case .poolExhausted: return .busy
        case .unsupported("SORT"):
            return .invalid(.sortUnsupported, "이 메일 서버는 받은 날짜 순서로만 정렬할 수 있습니다")
        case .commandFailed(let command, let status, let text):
            // Dovecot 2.3 refuses SELECT/EXAMINE of a missing folder with a bare NO (no
            // [NONEXISTENT] code): a folder that cannot be opened is not found.
            let openRefused = ["SELECT", "EXAMINE"].contains(command.uppercased()) && status == .no && text.code == nil
            if text.code == .nonExistent || text.code == .tryCreate || openRefused { return .notFound(.folder) }
            logger.notice("IMAP command refused", metadata: ["command": "\(command)", "text": "\(text.text)"])
            // The server's own words (e.g. "Invalid uidset (0.001 + 0.000 secs)") are logged
            // above, never shown: they are internal and not in the user's language.
            return .invalid(.mailServerRefused, "메일 서버가 요청을 거부했습니다")
        default:
            logger.error("IMAP failure", metadata: ["error": "\(error.description)"])
            return .unavailable(error.description)
        }
    }

    // MARK: Folders

    func folders(for session: Session) async throws(MailStoreError) -> [APIFolder] {
        let infos = try await withConnection(session) { connection in
            try await connection.listMailboxes(pattern: "*", statusItems: [.messages, .unseen])
        }
        return FolderTree.build(infos)
    }

    /// The folder with a special use (e.g. Trash), found by LIST.
    func folder(withRole role: MailboxRole, session: Session) async throws(MailStoreError) -> MailboxName? {
        let infos = try await withConnection(session) { connection in try await connection.listMailboxes(pattern: "*") }
        return infos.first { MailboxRole(name: $0.name, attributes: $0.attributes) == role }?.name
    }

    // MARK: Listing

    func messages(for session: Session, folder: String, page: Int, size: Int, query: MessageQuery) async throws(MailStoreError) -> APIMessagePage {
        let search = Self.searchKey(query)
        let sort = Self.sortKeys(query.sort)
        // Each summary becomes its list item's JSON as soon as it is read, while Dovecot still
        // sends the rest: only the page's frame is left to write after the last one.
        let result = try await withConnection(session) { connection in
            try await connection.fetchPage(in: MailboxName(folder), page: page, pageSize: size, search: search, sort: sort) { listed in
                var writer = JSONWriter(capacity: 640)
                writer.messageListItem(listed)
                return writer.document
            }
        }
        return APIMessagePage(total: result.total, page: page, size: size, items: .rendered(result.items))
    }

    /// The SEARCH of a list's filters and words; nil for the whole folder.
    static func searchKey(_ query: MessageQuery) -> SearchKey? {
        var keys: [SearchKey] = []
        if let text = query.text {
            keys += SearchTerms.split(text).map { term -> SearchKey in query.includeBody ? .text(term) : headerScope(term) }
        }
        if let from = query.from { keys.append(.from(from)) }
        if let to = query.to { keys.append(.to(to)) }
        if let subject = query.subject { keys.append(.subject(subject)) }
        if let since = query.since { keys.append(.since(searchDay(since))) }
        if let before = query.before { keys.append(.before(searchDay(before))) }
        if query.withAttachments { keys.append(attachmentKey) }
        if query.unseenOnly { keys.append(.unseen) }
        if query.flaggedOnly { keys.append(.flagged) }
        return keys.isEmpty ? nil : (keys.count == 1 ? keys[0] : .and(keys))
    }

    /// The default scope of a search word (issue 34): subject, From, To or Cc. Dovecot answers
    /// these from the headers alone (its cache), where TEXT reads every body.
    static func headerScope(_ term: String) -> SearchKey {
        .or(.subject(term), .or(.from(term), .or(.to(term), .cc(term))))
    }

    /// "Has attachments". Dovecot has no attachment key without its optional plugins, so: the
    /// top-level Content-Type is multipart/mixed (what every client, Outlook's TNEF mail too, sends
    /// when files are attached: RFC 2046's "independent parts"), or the message itself is one
    /// attachment (Content-Disposition: attachment). multipart/related (an HTML body's inline
    /// images) and multipart/alternative do not count, as no user calls those attachments. One
    /// SEARCH, so the total and the pages stay exact; a multipart/mixed mail whose only parts are
    /// text counts too (rare: a forwarded inline text), which keeps the pages exact where a BODYSTRUCTURE
    /// check after the SEARCH would leave short pages.
    static let attachmentKey: SearchKey = .or(
        .header(name: "Content-Type", value: "multipart/mixed"),
        .header(name: "Content-Disposition", value: "attachment"))

    static func searchDay(_ day: CalendarDay) -> SearchDay {
        SearchDay(year: day.year, month: day.month, day: day.day)
    }

    /// The SORT keys of a list order. The list is always sorted, by the received date unless
    /// asked otherwise: sequence order is only the order messages came into the folder, and a
    /// message restored from Trash came last (issue 25, bug 4). Ties go newest received first.
    static func sortKeys(_ sort: MessageSort) -> [SortKey] {
        let descending = sort.descending
        switch sort.field {
        case .received: return [SortKey(.arrival, reversed: descending)]
        case .sent: return [SortKey(.date, reversed: descending), SortKey(.arrival, reversed: true)]
        case .from: return [SortKey(.displayFrom, reversed: descending), SortKey(.arrival, reversed: true)]
        case .subject: return [SortKey(.subject, reversed: descending), SortKey(.arrival, reversed: true)]
        case .size: return [SortKey(.size, reversed: descending), SortKey(.arrival, reversed: true)]
        }
    }

    // MARK: Reading

    /// Reading never changes flags (issue 23): `\Seen` is set by an explicit `setFlags`, so a GET
    /// that mail HTML makes with the user's cookie cannot mark anything read.
    func message(for session: Session, folder: String, uid: UInt32) async throws(MailStoreError) -> APIMessage {
        let mailbox = MailboxName(folder)
        return try await withConnection(session) { connection in
            // One round trip: the summary and, up to the limit, the whole message (issue 24).
            guard let fetched = try await connection.fetchMessageToRead(in: mailbox, uid: uid, wholeUpTo: Self.wholeMessageLimit) else {
                throw MailStoreError.notFound(.message)
            }
            let summary = fetched.summary
            let listItem = MessageMapping.summary(summary)
            if summary.size > UInt64(Self.wholeMessageLimit), let structure = summary.bodyStructure {
                return try await Self.largeMessage(listItem, structure: structure, uid: uid, mailbox: mailbox, connection: connection)
            }
            // Without a BODYSTRUCTURE a large message is still read whole, as before.
            var whole = fetched.raw
            if whole == nil { whole = try await connection.fetchRawMessage(in: mailbox, uid: uid) }
            guard let raw = whole else {
                throw MailStoreError.notFound(.message)
            }
            // Parsing and mapping up to 2 MB and 10,000 parts is CPU work: off the event loop.
            return try await OffLoopWork.run {
                let parsed = MIMEMessage(raw)
                var mapped = MessageMapping.message(listItem, parsed)
                // Only a draft in the user's own mailbox has a Bcc header; it refills compose.
                mapped.bcc = parsed.bcc.map(MessageMapping.address)
                return mapped
            }
        }
    }

    /// A big message is read part by part: its header, the text and HTML bodies, and for every
    /// other part only its MIME header (name, type) — the attachments' bytes stay on the server
    /// until they are downloaded.
    static func largeMessage(_ listItem: APIMessageSummary, structure: BodyStructure, uid: UInt32, mailbox: MailboxName,
                             connection: IMAPConnection) async throws -> APIMessage {
        let header = try await connection.fetchSection(in: mailbox, uid: uid, section: .header) ?? []
        let headerOnly = MIMEMessage(header + Array("\r\n".utf8))
        var text: String?
        var html: String?
        var attachments: [APIAttachment] = []
        var described: [(section: [Int], part: BodyStructure.SinglePart, header: [UInt8])] = []
        for (section, part) in structure.parts() {
            let type = part.mediaType.lowercased()
            let isAttachment = part.disposition?.type.lowercased() == "attachment"
            let isBody = !isAttachment && part.size <= UInt64(wholeMessageLimit)
                && ((type == "text/plain" && text == nil) || (type == "text/html" && html == nil))
            let partHeader = try await connection.fetchSection(
                in: mailbox, uid: uid, section: SectionSpecifier(part: section.components, kind: .mime)) ?? []
            if isBody {
                let bytes = try await connection.fetchSection(in: mailbox, uid: uid, section: SectionSpecifier(part: section.components)) ?? []
                // Up to 2 MB to transfer- and charset-decode: off the event loop.
                let decoded = try await OffLoopWork.run { MIMEMessage(partHeader + Array("\r\n".utf8) + bytes).root.text }
                if type == "text/plain" { text = decoded } else { html = decoded }
                continue
            }
            let mime = MIMEMessage(partHeader + Array("\r\n".utf8)).root
            let encodedSize = Int(clamping: part.size)
            described.append((section.components, part, partHeader))
            attachments.append(APIAttachment(
                part: section.description,
                filename: mime.filename ?? "attachment-\(section.description)",
                contentType: type,
                size: part.encoding.lowercased() == "base64" ? encodedSize / 4 * 3 : encodedSize,
                inline: part.disposition?.type.lowercased() == "inline" || (part.id != nil && !isAttachment),
                contentID: mime.contentID))
        }
        // The estimates above become the real sizes wherever they can be had without downloading
        // (a server that refuses a piece leaves the estimate: the message itself was read).
        let sizes = (try? await DecodedPartSize.sizes(of: described, uid: uid, mailbox: mailbox, connection: connection)) ?? [:]
        for (index, item) in described.enumerated() { if let size = sizes[item.section] { attachments[index].size = size } }
        var summary = listItem
        summary.preview = MessageMapping.preview(text)
        var message = APIMessage(
            summary: summary, cc: headerOnly.cc.map(MessageMapping.address), replyTo: headerOnly.replyTo.map(MessageMapping.address),
            messageID: headerOnly.messageID, inReplyTo: headerOnly.inReplyTo, references: headerOnly.references,
            text: text, html: html, attachments: attachments, bcc: headerOnly.bcc.map(MessageMapping.address))
        message.unparsedRecipients = headerOnly.unparsedRecipients
        return message
    }

    func rawMessage(for session: Session, folder: String, uid: UInt32) async throws(MailStoreError) -> AsyncThrowingStream<ByteBuffer, any Error> {
        let stream: PooledPartStream?
        do {
            stream = try await pool.streamPart(for: Self.credentials(session), in: MailboxName(folder), uid: uid, section: .whole)
        } catch {
            throw Self.mapError(error, logger: logger)
        }
        guard let stream else { throw .notFound(.message) }
        return Self.byteBuffers(stream)
    }

    func part(for session: Session, folder: String, uid: UInt32, part: String) async throws(MailStoreError) -> MailPartStream {
        let mailbox = MailboxName(folder)
        let numbers = part.split(separator: ".").compactMap { Int($0) }
        // The part's own MIME header says its name and type (RFC 2231/2047 decoded by MIME).
        let header = try await withConnection(session) { connection in
            try await connection.fetchSection(in: mailbox, uid: uid, section: SectionSpecifier(part: numbers, kind: .mime))
        }
        guard let header, !header.isEmpty else { throw .notFound(.part) }
        let described = MIMEMessage(header + Array("\r\n\r\n".utf8)).root
        let info = APIAttachment(
            part: part,
            filename: described.filename ?? "attachment-\(part)",
            contentType: described.contentType.mimeType,
            size: 0, inline: false, contentID: described.contentID)
        let stream: PooledPartStream?
        do {
            stream = try await pool.streamPart(for: Self.credentials(session), in: mailbox, uid: uid,
                                               section: SectionSpecifier(part: numbers), decoded: true)
        } catch {
            throw Self.mapError(error, logger: logger)
        }
        guard let stream else { throw .notFound(.part) }
        // A server without BINARY sends the part as stored: its base64 or quoted-printable is
        // decoded here, chunk by chunk as it streams (issue 24; before, it reached the user encoded).
        let encoding = stream.isTransferDecoded ? nil : described.transferEncoding
        return MailPartStream(info: info, body: Self.byteBuffers(stream, decoding: encoding), charset: described.contentType.charset)
    }

    /// Re-chunks the pool's byte arrays as ByteBuffers, pulling only as fast as the HTTP client
    /// reads; with `encoding`, each chunk is transfer-decoded on its way (`TransferDecoder`).
    static func byteBuffers(_ stream: PooledPartStream, decoding encoding: TransferEncoding? = nil) -> AsyncThrowingStream<ByteBuffer, any Error> {
        let iterator = IteratorBox(stream.makeAsyncIterator(), decoder: encoding.map(TransferDecoder.init))
        return AsyncThrowingStream(unfolding: { try await iterator.next() })
    }

    /// Holds the pool stream's iterator (and the decoder) for `byteBuffers`.
    /// `AsyncThrowingStream(unfolding:)` calls its closure for one element at a time, never
    /// concurrently (the stream has a single consumer), so the state is only ever used by one
    /// task at a time: the reason this unchecked Sendable is sound.
    private final class IteratorBox: @unchecked Sendable {
        private var iterator: PooledPartStream.Iterator
        private var decoder: TransferDecoder?
        private var finished = false

        init(_ iterator: PooledPartStream.Iterator, decoder: TransferDecoder?) {
            self.iterator = iterator
            self.decoder = decoder
        }

        func next() async throws -> ByteBuffer? {
            while !finished {
                guard let chunk = try await iterator.next() else {
                    finished = true
                    // What the decoder still holds (a last base64 group without padding, a soft break).
                    guard let rest = decoder?.finish(), !rest.isEmpty else { return nil }
                    return ByteBuffer(bytes: rest)
                }
                guard let decoded = decoder?.decode(chunk) else { return ByteBuffer(bytes: chunk) }
                if !decoded.isEmpty { return ByteBuffer(bytes: decoded) }
            }
            return nil
        }
    }

    // MARK: Changing

    func setFlags(for session: Session, folder: String, uids: [UInt32], seen: Bool?, flagged: Bool?) async throws(MailStoreError) {
        let mailbox = MailboxName(folder)
        let set = SequenceSet(numbers: uids)
        try await withConnection(session) { connection in
            for (value, flag) in [(seen, Flag.seen), (flagged, Flag.flagged)] {
                guard let value else { continue }
                try await connection.storeFlags(in: mailbox, uids: set, value ? .add : .remove, [flag])
            }
        }
    }

    func move(for session: Session, folder: String, uids: [UInt32], to target: String) async throws(MailStoreError) -> MovedMessages {
        let copied = try await withConnection(session) { connection in
            try await connection.moveMessages(in: MailboxName(folder), uids: SequenceSet(numbers: uids), to: MailboxName(target))
        }
        return Self.moved(uids, to: target, copied)
    }

    func delete(for session: Session, folder: String, uids: [UInt32]) async throws(MailStoreError) -> MovedMessages? {
        let mailbox = MailboxName(folder)
        guard let trash = try await self.folder(withRole: .trash, session: session) else {
            throw .invalid(.trashNotFound, "휴지통 폴더가 없습니다")
        }
        let copied = try await withConnection(session) { connection -> CopyResult? in
            if trash == mailbox {
                try await connection.expungeMessages(in: mailbox, uids: SequenceSet(numbers: uids))
                return nil
            }
            return try await connection.moveMessages(in: mailbox, uids: SequenceSet(numbers: uids), to: trash)
        }
        return copied.map { Self.moved(uids, to: trash.displayName, $0) }
    }

    /// The new UIDs in the order of `uids`; none unless the server reported one for each.
    static func moved(_ uids: [UInt32], to folder: String, _ copied: CopyResult) -> MovedMessages {
        let mapped = uids.compactMap { copied.uidMapping[$0] }
        return MovedMessages(folder: folder, uids: mapped.count == uids.count ? mapped : [])
    }

    // MARK: List tools (issue 25)

    func matchingUIDs(for session: Session, folder: String, query: MessageQuery) async throws(MailStoreError) -> [UInt32] {
        try await withConnection(session) { connection in
            try await connection.search(in: MailboxName(folder), Self.searchKey(query) ?? .all)
        }
    }

    func markForwarded(for session: Session, folder: String, uid: UInt32) async throws(MailStoreError) {
        try await withConnection(session) { connection in
            _ = try await connection.storeFlags(in: MailboxName(folder), uids: SequenceSet(numbers: [uid]), .add, [.forwarded])
        }
    }
}
