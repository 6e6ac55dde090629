import MIME

/// What the send and draft routes need from the mail servers: submit a message (keeping a copy
/// in Sent, or in Drafts when submission fails), and keep, replace or drop drafts. Production:
/// `IMAPOutgoingStore` (SMTP submission, IMAP APPEND); `InMemoryOutgoingStore` for tests.
///
/// Both take the message as a `MessageBuilder`: the store builds it in the form its server takes
/// (internationalised addresses in Punycode, or in UTF-8 where the server offers SMTPUTF8).
protocol OutgoingStore: Sendable {
    /// Submits `mail` as the session's user. Bcc addresses go into the envelope only.
    func send(_ mail: OutgoingMail, session: Session) async throws(OutgoingError) -> SentMail
    /// Appends `draft` (Bcc kept, recipients optional) to the user's Drafts folder.
    func saveDraft(_ draft: MessageBuilder, session: Session) async throws(OutgoingError) -> SavedDraft
    /// Removes a draft that a newer copy (or the sent message) replaces. Best effort.
    func deleteDraft(uid: UInt32, session: Session) async
}

/// A message to send, with the message it answers (flagged `\Answered` once sent).
struct OutgoingMail: Sendable {
    var message: MessageBuilder
    var answering: MessageLocation?
}

/// A message in the user's mailbox: folder (full name, as the API knows it) and UID.
struct MessageLocation: Sendable, Hashable {
    var folder: String
    var uid: UInt32
}

/// A message the server accepted.
struct SentMail: Sendable, Equatable {
    /// The Message-ID written, without angle brackets.
    var messageID: String
    /// Envelope recipients (To, Cc and Bcc, each once).
    var recipientCount: Int
    /// False when the message went out but its copy in Sent could not be stored.
    var sentCopyStored: Bool
}

/// A draft kept in the Drafts folder: its UID (nil without UIDPLUS) and the folder's name.
struct SavedDraft: Sendable, Equatable {
    var uid: UInt32?
    var folder: String?
}

/// Why a send or draft did not happen.
enum OutgoingError: Error, Sendable {
    /// A field the builder refuses (control characters, no recipients, …): nothing was sent or stored.
    case invalidMessage(MessageBuilderError)
    /// An address that is no valid mailbox for SMTP: nothing was sent or stored.
    case invalidAddress(String)
    /// Bigger than `ZM_MAX_MESSAGE_BYTES`: nothing was sent or stored.
    case tooLarge
    /// The mailbox failed (the user's credentials, the server busy or unreachable).
    case mailbox(MailStoreError)
    /// The Drafts folder could not be written (none on the server, APPEND refused).
    case draftsUnavailable(String)
    /// Submission failed: nothing was sent.
    case notSent(SendRefusal)
}

/// A failed submission: why, and whether the message was kept in Drafts instead.
struct SendRefusal: Error, Sendable, Equatable {
    enum Reason: Sendable, Equatable {
        /// The server refused this recipient (the whole message was not sent).
        case recipientRefused(String, code: Int?)
        /// The server does not let the login send as this address (Postfix: 553 5.7.1 not owned by user).
        case senderRefused(String)
        /// The server refused the message or the login (535: the credentials).
        case refused(code: Int?)
        /// Over the server's own size limit.
        case tooLarge
        /// An address the server cannot take.
        case invalidAddress
        /// The address has a non-ASCII part before the @, and the server does not offer SMTPUTF8.
        case needsSMTPUTF8(String)
        /// The server could not be reached or failed.
        case unavailable
    }

    var reason: Reason
    /// The copy in Drafts, when one was stored (its UID when the server reported one).
    var keptDraft: SavedDraft?
    /// For the log (the server's own words); never shown to the user.
    var diagnostic: String
}
