import IMAP

/// The production `MailFeedSource`: STATUS on a pooled connection, then IDLE on a connection of
/// its own, logged out when the changes stream is dropped.
struct IMAPMailFeed: MailFeedSource {
    let pool: IMAPConnectionPool

    func inboxFeed(for session: Session) async throws -> (known: UInt32?, changes: AsyncThrowingStream<MailboxChange, any Error>) {
        let credentials = IMAPMailStore.credentials(session)
        let known = try await pool.withConnection(for: credentials) { connection in
            try await connection.status(of: .inbox, items: [.messages]).messages
        }
        try Task.checkCancellation()
        let events = try await pool.idle(for: credentials, in: .inbox)
        return (known, Self.changes(events))
    }

    /// IDLE's events as `MailboxChange`s. The relay task owns the IDLE stream: dropping the
    /// changes stream cancels it, and the IDLE stream goes with it (which logs its connection out).
    static func changes(_ events: AsyncThrowingStream<MailboxEvent, any Error>) -> AsyncThrowingStream<MailboxChange, any Error> {
        let (changes, continuation) = AsyncThrowingStream<MailboxChange, any Error>.makeStream()
        let relay = Task {
            do {
                for try await event in events {
                    if let change = change(event) { continuation.yield(change) }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in relay.cancel() }
        return changes
    }

    static func change(_ event: MailboxEvent) -> MailboxChange? {
        switch event {
        case .exists(let count): .exists(count)
        case .expunged(let sequence): .expunged(sequence)
        case .vanished: .vanished
        case .flagsChanged(_, let uid, let flags): .flags(uid: uid, flags: flags.map(\.rawValue))
        case .recent: nil
        }
    }
}
