import NIOConcurrencyHelpers

/// A `MailFeedSource` a test drives: `post` hands a change to every watch of that user.
final class InMemoryMailFeed: MailFeedSource {
    private let watchers = NIOLockedValueBox<[String: [AsyncThrowingStream<MailboxChange, any Error>.Continuation]]>([:])
    /// The INBOX count each watch starts from.
    let known: UInt32?

    init(known: UInt32? = 0) {
        self.known = known
    }

    func inboxFeed(for session: Session) async throws -> (known: UInt32?, changes: AsyncThrowingStream<MailboxChange, any Error>) {
        let (changes, continuation) = AsyncThrowingStream<MailboxChange, any Error>.makeStream()
        watchers.withLockedValue { $0[session.email, default: []].append(continuation) }
        return (known, changes)
    }

    /// Sends `change` to every watch of `email`.
    func post(_ change: MailboxChange, to email: String) {
        for watcher in watchers.withLockedValue({ $0[email] ?? [] }) { watcher.yield(change) }
    }
}
