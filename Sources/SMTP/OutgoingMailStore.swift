/// The mailbox side of sending: where copies of outgoing mail are kept.
///
/// The SMTP module does not speak IMAP; the HTTP layer implements this protocol with the IMAP
/// client of the logged-in user (APPEND with UIDPLUS, UID STORE), and tests use an in-memory
/// implementation. Folders are found by their special-use attribute (RFC 6154), not by name.
public protocol OutgoingMailStore: Sendable {
    /// Appends `message` to the `\Sent` folder flagged `\Seen`. Returns the new message's UID
    /// when the server reports it (UIDPLUS `APPENDUID`), nil otherwise.
    func storeSentCopy(_ message: [UInt8]) async throws -> UInt32?

    /// Appends `message` to the `\Drafts` folder flagged `\Draft` (and `\Seen`). Returns its UID
    /// when the server reports it.
    func storeDraft(_ message: [UInt8]) async throws -> UInt32?

    /// Adds `\Answered` to the message being replied to.
    func markAnswered(_ original: OriginalMessage) async throws
}

/// The message a reply answers: its folder (full IMAP name, as the API knows it) and UID.
public struct OriginalMessage: Sendable, Hashable {
    public var folder: String
    public var uid: UInt32

    public init(folder: String, uid: UInt32) {
        self.folder = folder
        self.uid = uid
    }
}
