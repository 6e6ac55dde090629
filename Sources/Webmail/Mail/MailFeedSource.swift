/// A change in a user's INBOX while it is watched, in the terms the event stream reports.
enum MailboxChange: Sendable, Equatable {
    /// The folder now holds this many messages (more than before: new mail).
    case exists(UInt32)
    /// The message at this sequence number is gone.
    case expunged(UInt32)
    /// Messages are gone, the server did not say which (QRESYNC's VANISHED).
    case vanished
    /// A message's flags changed; its UID when the server named it.
    case flags(uid: UInt32?, flags: [String])
}

/// Where `MailEventHub` gets a user's INBOX changes from. Production: `IMAPMailFeed` (STATUS,
/// then IDLE on a connection of its own); `InMemoryMailFeed` for tests without a mail server.
protocol MailFeedSource: Sendable {
    /// Starts watching: the INBOX message count now (so the first `exists` that grows it is
    /// recognised as new mail) and the changes from then on. Dropping `changes` ends the watch
    /// and releases what it holds on the server.
    func inboxFeed(for session: Session) async throws -> (known: UInt32?, changes: AsyncThrowingStream<MailboxChange, any Error>)
}
