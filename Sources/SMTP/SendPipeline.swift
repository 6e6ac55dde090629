/// What the API calls to send mail: submit over SMTP as the logged-in user, then keep a copy in
/// `\Sent` — and never lose what the user wrote.
///
/// 1. Submit `request.message` to every envelope recipient (To, Cc and Bcc; Bcc addresses are
///    only in the envelope, never in the message).
/// 2. On success, append the same bytes to `\Sent` flagged `\Seen`. If that append fails the
///    send still counts: `SendOutcome.sentCopy` says the copy is missing and why.
/// 3. On success of a reply, flag the original `\Answered` (a failure is reported, not thrown).
/// 4. If submission fails, append the message to `\Drafts` and throw `SendFailure`, which carries
///    the typed `SMTPError` and the draft's UID so the user can open and resend it.
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
            receipt = try await client.send(request.message, envelope: request.envelope, credentials: credentials)
        } catch {
            throw SendFailure(error: error, draft: await keepAsDraft(request.message))
        }
        let sentCopy: SendOutcome.CopyStatus
        do {
            sentCopy = .stored(uid: try await store.storeSentCopy(request.message))
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
/// message, which must not contain a Bcc header.
public struct SendRequest: Sendable {
    public var envelope: SMTPEnvelope
    public var message: [UInt8]
    /// Set when this message replies to another: that one gets `\Answered` after sending.
    public var answering: OriginalMessage?

    public init(envelope: SMTPEnvelope, message: [UInt8], answering: OriginalMessage? = nil) {
        self.envelope = envelope
        self.message = message
        self.answering = answering
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
