import Foundation
import NIOCore

/// Why a mailbox operation failed, in terms the API can answer with.
public enum MailStoreError: Error, Sendable {
    /// No such folder, message or part (404).
    case notFound(MailItem)
    /// The request cannot be carried out as asked (400): why, for the client and for people.
    case invalid(ErrorCode, String)
    /// The user's credentials stopped working (password changed): sign in again (401).
    case authenticationFailed
    /// The mail server could not be reached or misbehaved (502).
    case unavailable(String)
    /// The server is busy (503): every mail server connection stayed in use past the pool's
    /// wait deadline, or our own work for the request (parsing a big message) did not finish in time.
    case busy
    /// The change would clash with what exists (409), e.g. a folder of that name.
    case conflict(ErrorCode, String)
}

/// What a mailbox operation did not find.
public enum MailItem: Sendable {
    case folder, message, part
}

/// Filters for a message list.
public struct MessageQuery: Sendable, Equatable {
    /// The search box's words (`SearchTerms`): each must occur in the subject, From, To or Cc,
    /// or with ``includeBody`` anywhere in the message (IMAP TEXT).
    public var text: String?
    /// 본문 포함: the words may occur in the body too. Off by default: Dovecot answers a header
    /// search from its cache, while TEXT reads every body (issue 34).
    public var includeBody = false
    /// The detailed search's fields: each a substring of its header, as IMAP FROM/TO/SUBJECT match.
    public var from: String?
    public var to: String?
    public var subject: String?
    /// Received on or after this day (IMAP SINCE).
    public var since: CalendarDay?
    /// Received before this day (IMAP BEFORE): the day itself is not included.
    public var before: CalendarDay?
    /// Only mail with attachments (see `IMAPMailStore.attachmentKey` for how that is recognised).
    public var withAttachments = false
    public var unseenOnly = false
    public var flaggedOnly = false
    /// The list's order; irrelevant where the query only picks messages (bulk "all" actions).
    public var sort = MessageSort.newestFirst

    public init(text: String? = nil, unseenOnly: Bool = false, flaggedOnly: Bool = false, sort: MessageSort = .newestFirst) {
        self.text = text
        self.unseenOnly = unseenOnly
        self.flaggedOnly = flaggedOnly
        self.sort = sort
    }
}

/// A part's bytes as they arrive from the mail server, decoded, with what is known about it.
public struct MailPartStream: Sendable {
    public var info: APIAttachment
    /// Decoded bytes, in order, as they arrive.
    public var body: AsyncThrowingStream<ByteBuffer, any Error>
    /// The charset the part's Content-Type declares (for a text preview), if any.
    public var charset: String?

    public init(info: APIAttachment, body: AsyncThrowingStream<ByteBuffer, any Error>, charset: String? = nil) {
        self.info = info
        self.body = body
        self.charset = charset
    }
}

/// What the mail routes need from a user's mailbox. The IMAP-backed implementation keeps one
/// connection pool per user; tests may substitute their own.
public protocol MailStore: FolderManaging {
    func folders(for session: Session) async throws(MailStoreError) -> [APIFolder]
    func messages(for session: Session, folder: String, page: Int, size: Int, query: MessageQuery) async throws(MailStoreError) -> APIMessagePage
    /// A search of every folder but Trash and Spam, newest received first; each item names its
    /// folder. Pages beyond the store's depth are 400 `invalid_parameter`.
    func searchAllFolders(for session: Session, page: Int, size: Int, query: MessageQuery) async throws(MailStoreError) -> APIMessagePage
    /// One message to read. Never changes its flags: marking read is an explicit `setFlags`.
    func message(for session: Session, folder: String, uid: UInt32) async throws(MailStoreError) -> APIMessage
    func rawMessage(for session: Session, folder: String, uid: UInt32) async throws(MailStoreError) -> AsyncThrowingStream<ByteBuffer, any Error>
    func part(for session: Session, folder: String, uid: UInt32, part: String) async throws(MailStoreError) -> MailPartStream
    func setFlags(for session: Session, folder: String, uids: [UInt32], seen: Bool?, flagged: Bool?) async throws(MailStoreError)
    /// Where the messages went, with their new UIDs when the server says (UIDPLUS COPYUID): what
    /// an undo moves back.
    @discardableResult
    func move(for session: Session, folder: String, uids: [UInt32], to target: String) async throws(MailStoreError) -> MovedMessages
    /// Moves to Trash (returned, as by `move`), or expunges when `folder` is the Trash (nil: gone for good).
    @discardableResult
    func delete(for session: Session, folder: String, uids: [UInt32]) async throws(MailStoreError) -> MovedMessages?

    // List tools (issue 25): "all N in this folder/search" and the forwarded mark.

    /// The UIDs of every message `query` picks in `folder` now (its order ignored), resolved by
    /// the server (UID SEARCH), ascending: what a bulk action on "all N" acts on. Mail that
    /// arrives after this is not among them.
    func matchingUIDs(for session: Session, folder: String, query: MessageQuery) async throws(MailStoreError) -> [UInt32]
    /// Adds `$Forwarded` (the keyword Thunderbird, Apple Mail and Dovecot's clients share) to a
    /// message that was forwarded.
    func markForwarded(for session: Session, folder: String, uid: UInt32) async throws(MailStoreError)
}

/// Messages after a move: their folder and their UIDs there, in the order of the UIDs moved
/// (empty when the server did not report them; then no undo is offered).
public struct MovedMessages: Sendable, Equatable, Encodable {
    public var folder: String
    public var uids: [UInt32]

    public init(folder: String, uids: [UInt32]) {
        self.folder = folder
        self.uids = uids
    }
}

extension MailStoreError {
    var apiError: APIError {
        switch self {
        case .notFound(.folder): APIError(.notFound, "폴더를 찾을 수 없습니다", code: .folderNotFound)
        case .notFound(.message): APIError(.notFound, "메일을 찾을 수 없습니다", code: .messageNotFound)
        case .notFound(.part): APIError(.notFound, "첨부파일을 찾을 수 없습니다", code: .partNotFound)
        case .invalid(let code, let why): APIError(.badRequest, why, code: code)
        case .authenticationFailed:
            APIError(.unauthorized, "메일 서버가 로그인을 거부했습니다. 다시 로그인하세요", code: .mailServerRefusedLogin)
        case .unavailable: APIError.mailServerUnavailable("메일 서버(IMAP)에 연결할 수 없습니다. 잠시 후 다시 시도하세요")
        case .busy: APIError.serviceBusy
        case .conflict(let code, let why): APIError(.conflict, why, code: code)
        }
    }
}

extension MailStore {
    /// Stores made for tests search one folder at a time.
    public func searchAllFolders(for session: Session, page: Int, size: Int, query: MessageQuery) async throws(MailStoreError) -> APIMessagePage {
        throw .invalid(.invalidParameter, "scope: this mail store searches one folder at a time")
    }
}
