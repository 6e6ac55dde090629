import NIOCore

/// Placeholder until the IMAP-backed store is wired: every call is a 502.
struct UnavailableMailStore: MailStore {
    private var failure: MailStoreError { .unavailable("IMAP store not wired") }
    func folders(for session: Session) async throws(MailStoreError) -> [APIFolder] { throw failure }
    func messages(for session: Session, folder: String, page: Int, size: Int, query: MessageQuery) async throws(MailStoreError) -> APIMessagePage { throw failure }
    func message(for session: Session, folder: String, uid: UInt32) async throws(MailStoreError) -> APIMessage { throw failure }
    func rawMessage(for session: Session, folder: String, uid: UInt32) async throws(MailStoreError) -> AsyncThrowingStream<ByteBuffer, any Error> { throw failure }
    func part(for session: Session, folder: String, uid: UInt32, part: String) async throws(MailStoreError) -> MailPartStream { throw failure }
    func setFlags(for session: Session, folder: String, uids: [UInt32], seen: Bool?, flagged: Bool?) async throws(MailStoreError) { throw failure }
    func move(for session: Session, folder: String, uids: [UInt32], to target: String) async throws(MailStoreError) { throw failure }
    func delete(for session: Session, folder: String, uids: [UInt32]) async throws(MailStoreError) { throw failure }
}
