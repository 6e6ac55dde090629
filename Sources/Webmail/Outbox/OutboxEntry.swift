import Foundation

/// A mail in the outbox: held by the webmail until `sendAt` (undo send, 예약 발송), then sent once.
struct OutboxEntry: Sendable, Equatable {
    enum State: String, Sendable, Codable {
        /// Waiting for its time (maybe claimed by an instance about to send it).
        case queued
        /// Handed to SMTP: from here on it may have reached the server (see `OutboxScanner`).
        case submitting
        /// Accepted by the server; the row stays (without message or password) as the dedupe key.
        case sent
        /// Not sent: kept in Drafts (`draftUID`), or waiting for the owner's next sign-in to go there.
        case failed
    }

    let id: String
    let owner: String
    /// Without angle brackets.
    let messageID: String
    let subject: String
    /// To, Cc and Bcc as shown to the user (`홍길동 <a@b.kr>`).
    let recipients: [String]
    var sendAt: Date
    var state: State
    var attempts: Int
    /// Why it failed (Korean, for the user).
    var lastError: String?
    var draftUID: UInt32?
}

/// The built message of an entry, in the forms `SendRequest` carries.
struct OutboxMessage: Sendable, Equatable {
    var envelope: OutboxEnvelope
    /// The sent form (no Bcc header).
    var message: [UInt8]
    /// The form for a server with SMTPUTF8, when different.
    var internationalized: [UInt8]?
    /// The form for Drafts (with its Bcc header), when different.
    var draft: [UInt8]?

    var draftForm: [UInt8] { draft ?? message }
}

struct OutboxEnvelope: Sendable, Equatable, Codable {
    var sender: String
    var recipients: [String]
}

/// What the send path does once the mail is out: flag the original answered or forwarded.
struct OutboxBookkeeping: Sendable, Equatable, Codable {
    var answering: Location?
    var forwarded: Location?

    struct Location: Sendable, Equatable, Codable {
        var folder: String
        var uid: UInt32
    }
}

/// An entry claimed for sending, with everything needed to send it.
struct ClaimedOutboxEntry: Sendable {
    var entry: OutboxEntry
    var message: OutboxMessage
    var bookkeeping: OutboxBookkeeping
    /// The sealed password (nil once erased).
    var credential: String?
    /// The state it had when claimed: `.submitting` means an instance died mid-send.
    var claimedFrom: OutboxEntry.State
}
