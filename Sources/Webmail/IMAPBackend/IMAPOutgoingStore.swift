import Foundation
import IMAP
import MIME
import SMTP

/// The production `OutgoingStore`: the message is made by the SMTP module's one outgoing path
/// (`SendRequest(building:)`), submitted over SMTP as the user, and its copies go to the user's
/// `\Sent` or `\Drafts` over the user's IMAP pool (`IMAPSendMailbox`).
struct IMAPOutgoingStore: OutgoingStore {
    let mailbox: IMAPMailStore
    let smtp: SMTPClient
    let maxMessageBytes: Int

    func send(_ mail: OutgoingMail, session: Session) async throws(OutgoingError) -> SentMail {
        let answering = mail.answering.map { OriginalMessage(folder: $0.folder, uid: $0.uid) }
        var request = try await Self.offLoop { () throws(SendRequestError) in try SendRequest(building: mail.message, answering: answering) }
        guard request.message.count <= maxMessageBytes, (request.internationalizedMessage?.count ?? 0) <= maxMessageBytes else {
            throw .tooLarge
        }
        // A message right at the limit keeps the sent bytes in Drafts (without its Bcc header).
        if (request.draftMessage?.count ?? 0) > maxMessageBytes { request.draftMessage = nil }
        let pipeline = SendPipeline(client: smtp, store: IMAPSendMailbox(store: mailbox, session: session))
        let outcome: SendOutcome
        do throws(SendFailure) {
            outcome = try await pipeline.send(request, credentials: SMTPCredentials(username: session.email, password: session.password))
        } catch {
            var kept: SavedDraft?
            if case .stored(let uid) = error.draft { kept = SavedDraft(uid: uid, folder: nil) }
            throw .notSent(SendRefusal(reason: Self.reason(error.error, sender: request.envelope.sender.address), keptDraft: kept, diagnostic: error.error.description))
        }
        var stored = false
        if case .stored = outcome.sentCopy { stored = true }
        return SentMail(messageID: request.messageID ?? "", recipientCount: request.envelope.recipients.count, sentCopyStored: stored)
    }

    func saveDraft(_ draft: MessageBuilder, session: Session) async throws(OutgoingError) -> SavedDraft {
        let built = try await Self.offLoop { () throws(SendRequestError) in try SendRequest.draft(building: draft) }
        guard built.bytes.count <= maxMessageBytes else { throw .tooLarge }
        let uid: UInt32?
        do {
            uid = try await IMAPSendMailbox(store: mailbox, session: session).storeDraft(built.bytes)
        } catch let error as MailStoreError {
            throw .mailbox(error)
        } catch {
            throw .draftsUnavailable(String(describing: error))
        }
        let folder = try? await mailbox.folder(withRole: .drafts, session: session)
        return SavedDraft(uid: uid, folder: folder?.displayName)
    }

    func deleteDraft(uid: UInt32, session: Session) async {
        guard let drafts = try? await mailbox.folder(withRole: .drafts, session: session) else { return }
        _ = try? await mailbox.withConnection(session) { connection in
            try await connection.expungeMessages(in: drafts, uids: .init(numbers: [uid]))
        }
    }

    /// Building base64s every attachment (megabytes): off the event loop.
    static func offLoop<T: Sendable>(_ build: @escaping @Sendable () throws(SendRequestError) -> T) async throws(OutgoingError) -> T {
        let result: Result<T, SendRequestError>
        do {
            result = try await OffLoopWork.run { Result { () throws(SendRequestError) in try build() } }
        } catch {
            throw .mailbox(error)
        }
        switch result {
        case .success(let value): return value
        case .failure(.invalidMessage(let error)): throw .invalidMessage(error)
        case .failure(.invalidAddress(let error)): throw .invalidAddress(error.message)
        }
    }

    /// What the user is told about a failed submission, from the SMTP module's typed error.
    static func reason(_ error: SMTPError, sender: String) -> SendRefusal.Reason {
        if error.refusesSender { return .senderRefused(sender) }
        switch error.kind {
        case .rejected:
            if let recipient = error.recipient { return .recipientRefused(recipient, code: error.code) }
            return .refused(code: error.code)
        case .messageTooLarge: return .tooLarge
        case .invalidInput: return .invalidAddress
        case .smtpUTF8Unsupported: return .needsSMTPUTF8(error.recipient ?? "")
        default: return .unavailable
        }
    }
}
