/// What the API calls to send mail: submit over SMTP as the logged-in user, then keep a copy in
/// `\Sent` — and never lose what the user wrote.
///
/// 1. Submit the request to every envelope recipient (To, Cc and Bcc; Bcc addresses are only in
///    the envelope, never in the message), in the form the server takes (`SMTPClient.send`).
/// 2. On success, append the bytes sent to `\Sent` flagged `\Seen`. If that append fails the
///    send still counts: `SendOutcome.sentCopy` says the copy is missing and why.
/// 3. On success of a reply, flag the original `\Answered` (a failure is reported, not thrown).
/// 4. If submission fails, append `request.draftMessage` (the message with its Bcc) to `\Drafts`
///    and throw `SendFailure`, which carries the typed `SMTPError` and the draft's UID so the
///    user can open and resend it.
public struct SendPipeline: Sendable {
    public let client: SMTPClient
    public let store: any OutgoingMailStore

    public init(client: SMTPClient, store: any OutgoingMailStore) {
        self.client = client
        self.store = store
    }

    public func send(_ request: SendRequest, credentials: SMTPCredentials) async throws(SendFailure) -> SendOutcome {
        let receipt: SMTPDeliveryReceipt
        do throws(SMTPError) {
            receipt = try await client.send(request, credentials: credentials)
        } catch {
            throw SendFailure(error: error, draft: await keepAsDraft(request.draftMessage ?? request.message))
        }
        let sentCopy: SendOutcome.CopyStatus
        do {
            sentCopy = .stored(uid: try await store.storeSentCopy(request.message(smtpUTF8: receipt.smtpUTF8)))
        } catch {
            sentCopy = .failed(reason: String(describing: error))
        }
        var answered = SendOutcome.AnsweredStatus.notAReply
        if let original = request.answering {
            do {
                try await store.markAnswered(original)
                answered = .flagged
            } catch {
                answered = .failed(reason: String(describing: error))
            }
        }
        return SendOutcome(receipt: receipt, sentCopy: sentCopy, answered: answered)
    }

    private func keepAsDraft(_ message: [UInt8]) async -> SendFailure.DraftStatus {
        do {
            return .stored(uid: try await store.storeDraft(message))
        } catch {
            return .failed(reason: String(describing: error))
        }
    }
}

/// One message to send: the envelope (all recipients, Bcc included) and the finished RFC 5322
/// message, which must not contain a Bcc header. `SendRequest(building:)` makes one from a
/// `MessageBuilder` (the way the webmail sends).
public struct SendRequest: Sendable {
    public var envelope: SMTPEnvelope
    /// The message for a server without SMTPUTF8: addresses in ASCII, domains in Punycode —
    /// unless an address has no ASCII form (`envelope.requiresSMTPUTF8`); then this is the
    /// UTF-8 form, which only a server with SMTPUTF8 takes.
    public var message: [UInt8]
    /// The message with its addresses in UTF-8 as typed (RFC 6532), for a server with SMTPUTF8,
    /// when that differs from `message`.
    public var internationalizedMessage: [UInt8]?
    /// What to keep in Drafts when submission fails, when it differs from `message` (the draft
    /// keeps the Bcc header the sent bytes must not carry).
    public var draftMessage: [UInt8]?
    /// The Message-ID of every form, without angle brackets, when known.
    public var messageID: String?
    /// Set when this message replies to another: that one gets `\Answered` after sending.
    public var answering: OriginalMessage?

    public init(envelope: SMTPEnvelope, message: [UInt8], answering: OriginalMessage? = nil) {
        self.envelope = envelope
        self.message = message
        self.answering = answering
    }

    /// The bytes that go out with (`true`) or without SMTPUTF8.
    public func message(smtpUTF8: Bool) -> [UInt8] {
        smtpUTF8 ? internationalizedMessage ?? message : message
    }
}

/// A successful send. The message reached the server; the rest is bookkeeping that is reported,
/// never allowed to turn a delivered message into an error.
public struct SendOutcome: Sendable, Equatable {
    public enum CopyStatus: Sendable, Equatable {
        /// Appended to `\Sent`; the UID when the server reported one.
        case stored(uid: UInt32?)
        /// The message was sent but the copy is missing from `\Sent`.
        case failed(reason: String)
    }

    public enum AnsweredStatus: Sendable, Equatable {
        case notAReply
        case flagged
        case failed(reason: String)
    }

    public let receipt: SMTPDeliveryReceipt
    public let sentCopy: CopyStatus
    public let answered: AnsweredStatus
}

/// Submission failed; nothing was sent. `draft` says where the message was kept.
public struct SendFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum DraftStatus: Sendable, Equatable {
        /// Kept in `\Drafts`; the UID when the server reported one.
        case stored(uid: UInt32?)
        /// Keeping it failed too; the caller must return the message to the user.
        case failed(reason: String)
    }

    /// Why the submission failed (stage, server code and text).
    public let error: SMTPError
    public let draft: DraftStatus

    /// The draft's UID, when it was kept and the server reported one.
    public var draftUID: UInt32? {
        if case .stored(let uid) = draft { return uid }
        return nil
    }

    public var description: String { "\(error); draft: \(draft)" }
}
