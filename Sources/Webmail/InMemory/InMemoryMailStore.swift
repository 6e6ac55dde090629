import Foundation
import MIME
import NIOConcurrencyHelpers
import NIOCore

/// A `MailStore` and `MailLoginVerifying` held in memory: accounts with a password and the
/// usual special-use folders (INBOX, Drafts, Sent, Trash, Junk), messages as raw RFC 5322
/// bytes parsed by MIME. For fast controller tests (and later features) without a mail server;
/// the IMAP-backed store is tested against Dovecot.
///
/// It behaves as the IMAP one does where the routes can tell: a wrong password in a session is
/// `authenticationFailed`, an unknown folder or UID `notFound`, lists are newest first, reading
/// never changes flags, delete moves to Trash (expunges in Trash).
final class InMemoryMailStore: MailStore, MailLoginVerifying {
    /// A stored message.
    struct Message: Sendable {
        var uid: UInt32
        var bytes: [UInt8]
        var flags: APIFlags
        /// When it came into the mailbox (IMAP INTERNALDATE): kept by a move, the received date.
        var received = Date()
    }

    struct Folder: Sendable {
        var name: String
        var role: APIFolderRole?
        var nextUID: UInt32 = 1
        var messages: [Message] = []
    }

    struct Account: Sendable {
        var password: String
        var folders: [Folder]
    }

    let accounts: NIOLockedValueBox<[String: Account]>

    /// The folders every account starts with.
    static let standardFolders: [(String, APIFolderRole)] = [
        ("INBOX", .inbox), ("Drafts", .drafts), ("Sent", .sent), ("Trash", .trash), ("Junk", .junk),
    ]

    /// `accounts`: address → password.
    init(accounts: [String: String]) {
        self.accounts = NIOLockedValueBox(accounts.mapValues { password in
            Account(password: password, folders: Self.standardFolders.map { Folder(name: $0.0, role: $0.1) })
        })
    }

    // MARK: Test and feature helpers

    /// Stores `bytes` in `folder` of `email`'s mailbox; returns its UID (nil: no such folder).
    @discardableResult
    func append(_ bytes: [UInt8], to folder: String, of email: String, flags: APIFlags = APIFlags()) -> UInt32? {
        accounts.withLockedValue { accounts in
            guard let index = accounts[email]?.folders.firstIndex(where: { $0.name == folder }) else { return nil }
            let uid = accounts[email]!.folders[index].nextUID
            accounts[email]!.folders[index].nextUID += 1
            accounts[email]!.folders[index].messages.append(Message(uid: uid, bytes: bytes, flags: flags))
            return uid
        }
    }

    /// The messages of `folder`, oldest first.
    func contents(of folder: String, of email: String) -> [Message] {
        accounts.withLockedValue { $0[email]?.folders.first { $0.name == folder }?.messages ?? [] }
    }

    /// The name of the folder with `role`.
    func folderName(_ role: APIFolderRole, of email: String) -> String? {
        accounts.withLockedValue { $0[email]?.folders.first { $0.role == role }?.name }
    }

    // MARK: MailLoginVerifying

    func verifyLogin(email: String, password: String) async throws(MailLoginError) {
        guard let account = accounts.withLockedValue({ $0[email] }), account.password == password else { throw .invalidCredentials }
    }

    // MARK: MailStore

    /// Runs `body` on the session's account, after the password check every IMAP command gets.
    func withAccount<T>(_ session: Session, _ body: (inout Account) throws(MailStoreError) -> T) throws(MailStoreError) -> T {
        let result: Result<T, MailStoreError> = accounts.withLockedValue { accounts in
            guard var account = accounts[session.email], account.password == session.password else {
                return .failure(.authenticationFailed)
            }
            defer { accounts[session.email] = account }
            return Result { () throws(MailStoreError) in try body(&account) }
        }
        return try result.get()
    }

    static func folderIndex(_ name: String, in account: Account) throws(MailStoreError) -> Int {
        guard let index = account.folders.firstIndex(where: { $0.name == name }) else { throw .notFound(.folder) }
        return index
    }

    private static func message(_ uid: UInt32, in folder: Folder) throws(MailStoreError) -> Message {
        guard let message = folder.messages.first(where: { $0.uid == uid }) else { throw .notFound(.message) }
        return message
    }

    func folders(for session: Session) async throws(MailStoreError) -> [APIFolder] {
        try withAccount(session) { account in
            account.folders.map { folder in
                APIFolder(name: folder.name, displayName: folder.name, delimiter: "/", role: folder.role,
                          unseen: folder.messages.filter { !$0.flags.seen }.count, total: folder.messages.count)
            }
        }
    }

    func messages(for session: Session, folder: String, page: Int, size: Int, query: MessageQuery) async throws(MailStoreError) -> APIMessagePage {
        let stored = try withAccount(session) { account throws(MailStoreError) in
            account.folders[try Self.folderIndex(folder, in: account)].messages
        }
        let matching = Self.sorted(Self.matching(stored, query), by: query.sort)
        let start = (page - 1) * size
        let items = start < matching.count ? Array(matching[start..<min(matching.count, start + size)]) : []
        return APIMessagePage(total: matching.count, page: page, size: size, messages: items.map(Self.summary))
    }

    /// The list item, from the message itself (IMAP takes it from ENVELOPE and BODYSTRUCTURE).
    static func summary(_ message: Message) -> APIMessageSummary {
        let parsed = MIMEMessage(message.bytes)
        let content = parsed.content
        return APIMessageSummary(
            uid: message.uid, subject: parsed.subject ?? "", from: parsed.from.first.map(MessageMapping.address),
            to: parsed.to.map(MessageMapping.address), date: parsed.date, flags: message.flags, size: message.bytes.count,
            hasAttachments: content.attachments.contains { !$0.isInline }, preview: MessageMapping.preview(content.text))
    }

    func message(for session: Session, folder: String, uid: UInt32) async throws(MailStoreError) -> APIMessage {
        let stored = try withAccount(session) { account throws(MailStoreError) in
            try Self.message(uid, in: account.folders[try Self.folderIndex(folder, in: account)])
        }
        let parsed = MIMEMessage(stored.bytes)
        var mapped = MessageMapping.message(Self.summary(stored), parsed)
        mapped.bcc = parsed.bcc.map(MessageMapping.address)
        return mapped
    }

    func rawMessage(for session: Session, folder: String, uid: UInt32) async throws(MailStoreError) -> AsyncThrowingStream<ByteBuffer, any Error> {
        let stored = try withAccount(session) { account throws(MailStoreError) in
            try Self.message(uid, in: account.folders[try Self.folderIndex(folder, in: account)])
        }
        return Self.stream(stored.bytes)
    }

    func part(for session: Session, folder: String, uid: UInt32, part: String) async throws(MailStoreError) -> MailPartStream {
        let stored = try withAccount(session) { account throws(MailStoreError) in
            try Self.message(uid, in: account.folders[try Self.folderIndex(folder, in: account)])
        }
        guard let found = MIMEMessage(stored.bytes).root.allParts.first(where: { $0.section == part }) else {
            throw .notFound(.part)
        }
        let info = APIAttachment(part: part, filename: found.filename ?? "attachment-\(part)", contentType: found.contentType.mimeType,
                                 size: 0, inline: false, contentID: found.contentID)
        return MailPartStream(info: info, body: Self.stream(found.decodedBody), charset: found.contentType.charset)
    }

    private static func stream(_ bytes: [UInt8]) -> AsyncThrowingStream<ByteBuffer, any Error> {
        AsyncThrowingStream { continuation in
            continuation.yield(ByteBuffer(bytes: bytes))
            continuation.finish()
        }
    }

    func setFlags(for session: Session, folder: String, uids: [UInt32], seen: Bool?, flagged: Bool?) async throws(MailStoreError) {
        try withAccount(session) { account throws(MailStoreError) in
            let index = try Self.folderIndex(folder, in: account)
            for position in account.folders[index].messages.indices where uids.contains(account.folders[index].messages[position].uid) {
                if let seen { account.folders[index].messages[position].flags.seen = seen }
                if let flagged { account.folders[index].messages[position].flags.flagged = flagged }
            }
        }
    }

    /// Adds `\Answered` (a sent reply's original).
    func markAnswered(folder: String, uid: UInt32, of email: String) {
        accounts.withLockedValue { accounts in
            guard let index = accounts[email]?.folders.firstIndex(where: { $0.name == folder }) else { return }
            for position in accounts[email]!.folders[index].messages.indices where accounts[email]!.folders[index].messages[position].uid == uid {
                accounts[email]!.folders[index].messages[position].flags.answered = true
            }
        }
    }

    func move(for session: Session, folder: String, uids: [UInt32], to target: String) async throws(MailStoreError) -> MovedMessages {
        try withAccount(session) { account throws(MailStoreError) in try Self.move(uids, from: folder, to: target, in: &account) }
    }

    /// Moves keep flags and get new UIDs in the target (IMAP MOVE).
    static func move(_ uids: [UInt32], from folder: String, to target: String, in account: inout Account) throws(MailStoreError) -> MovedMessages {
        let source = try folderIndex(folder, in: account)
        let destination = try folderIndex(target, in: account)
        var newUIDs: [UInt32] = []
        for uid in uids {
            guard var message = account.folders[source].messages.first(where: { $0.uid == uid }) else { continue }
            account.folders[source].messages.removeAll { $0.uid == uid }
            message.uid = account.folders[destination].nextUID
            account.folders[destination].nextUID += 1
            account.folders[destination].messages.append(message)
            newUIDs.append(message.uid)
        }
        return MovedMessages(folder: target, uids: newUIDs.count == uids.count ? newUIDs : [])
    }

    func delete(for session: Session, folder: String, uids: [UInt32]) async throws(MailStoreError) -> MovedMessages? {
        try withAccount(session) { account throws(MailStoreError) -> MovedMessages? in
            guard let trash = account.folders.first(where: { $0.role == .trash })?.name else { throw .invalid(.trashNotFound, "휴지통 폴더가 없습니다") }
            if trash == folder {
                account.folders[try Self.folderIndex(folder, in: account)].messages.removeAll { uids.contains($0.uid) }
                return nil
            }
            return try Self.move(uids, from: folder, to: trash, in: &account)
        }
    }

    /// Removes `uid` from `folder` (EXPUNGE).
    func expunge(_ uid: UInt32, from folder: String, of email: String) {
        accounts.withLockedValue { accounts in
            guard let index = accounts[email]?.folders.firstIndex(where: { $0.name == folder }) else { return }
            accounts[email]!.folders[index].messages.removeAll { $0.uid == uid }
        }
    }

    // MARK: List tools (issue 25)

    /// The messages `query` picks (UID SEARCH), in stored order, as `IMAPMailStore.searchKey`
    /// asks Dovecot: case-insensitive substrings, the words in subject/From/To/Cc (or anywhere
    /// with `includeBody`), received days compared in the server's time zone.
    private static func matching(_ stored: [Message], _ query: MessageQuery) -> [Message] {
        stored.filter { message in
            if query.unseenOnly && message.flags.seen { return false }
            if query.flaggedOnly && !message.flags.flagged { return false }
            let day = Calendar.current.dateComponents([.year, .month, .day], from: message.received)
            let received = CalendarDay(year: day.year ?? 0, month: day.month ?? 0, day: day.day ?? 0)
            if let since = query.since, received < since { return false }
            if let before = query.before, received >= before { return false }
            let parsed = MIMEMessage(message.bytes)
            func addresses(_ list: [MailAddress]) -> String { list.map { "\($0.name) <\($0.email)>" }.joined(separator: ", ") }
            let subject = parsed.subject ?? "", from = addresses(parsed.from), to = addresses(parsed.to)
            let headers = [subject, from, to, addresses(parsed.cc)]
            let fields: [(String?, String)] = [(query.from, from), (query.to, to), (query.subject, subject)]
            if fields.contains(where: { wanted, value in wanted.map { !value.localizedCaseInsensitiveContains($0) } ?? false }) { return false }
            if query.withAttachments && parsed.attachments.isEmpty { return false }
            guard let text = query.text else { return true }
            let scope = query.includeBody ? headers + [parsed.textBody ?? ""] : headers
            return SearchTerms.split(text).allSatisfy { term in scope.contains { $0.localizedCaseInsensitiveContains(term) } }
        }
    }

    /// The messages in the order IMAP SORT gives for `sort` (`IMAPMailStore.sortKeys`): ties
    /// newest received first. Names and subjects compare case-insensitively, as SORT's
    /// i;unicode-casemap does.
    private static func sorted(_ messages: [Message], by sort: MessageSort) -> [Message] {
        func key(_ message: Message) -> String {
            let parsed = MIMEMessage(message.bytes)
            switch sort.field {
            case .from: return (parsed.from.first.map { $0.name.isEmpty ? $0.email : $0.name } ?? "").lowercased()
            case .subject: return (parsed.subject ?? "").lowercased()
            default: return ""
            }
        }
        func value(_ message: Message) -> Double {
            switch sort.field {
            case .received: message.received.timeIntervalSince1970
            case .sent: (MIMEMessage(message.bytes).date ?? message.received).timeIntervalSince1970
            case .size: Double(message.bytes.count)
            case .from, .subject: 0
            }
        }
        let keyed = messages.map { (message: $0, text: key($0), number: value($0)) }
        return keyed.sorted { a, b in
            if a.text != b.text { return sort.descending ? a.text > b.text : a.text < b.text }
            if a.number != b.number { return sort.descending ? a.number > b.number : a.number < b.number }
            // Ties: newest received first (the received order itself ties on UID).
            if a.message.received != b.message.received { return a.message.received > b.message.received }
            return sort.field == .received && !sort.descending ? a.message.uid < b.message.uid : a.message.uid > b.message.uid
        }.map(\.message)
    }

    func matchingUIDs(for session: Session, folder: String, query: MessageQuery) async throws(MailStoreError) -> [UInt32] {
        let stored = try withAccount(session) { account throws(MailStoreError) in
            account.folders[try Self.folderIndex(folder, in: account)].messages
        }
        return Self.matching(stored, query).map(\.uid).sorted()
    }

    func markForwarded(for session: Session, folder: String, uid: UInt32) async throws(MailStoreError) {
        try withAccount(session) { account throws(MailStoreError) in
            let index = try Self.folderIndex(folder, in: account)
            for position in account.folders[index].messages.indices where account.folders[index].messages[position].uid == uid {
                account.folders[index].messages[position].flags.forwarded = true
            }
        }
    }
}
