import IMAP
import MIME
import SMTP

/// The production `OutboxTransport`: SMTP submission and IMAP, as the entry's owner.
struct IMAPOutboxTransport: OutboxTransport {
    let mailbox: IMAPMailStore
    let smtp: SMTPClient
    let maxMessageBytes: Int

    func build(_ message: MessageBuilder) async throws(OutgoingError) -> (OutboxMessage, messageID: String) {
        let request = try await IMAPOutgoingStore.offLoop { () throws(SendRequestError) in try SendRequest(building: message) }
        guard request.message.count <= maxMessageBytes, (request.internationalizedMessage?.count ?? 0) <= maxMessageBytes else {
            throw .tooLarge
        }
        let envelope = OutboxEnvelope(sender: request.envelope.sender.internationalizedAddress,
                                      recipients: request.envelope.recipients.map(\.internationalizedAddress))
        let built = OutboxMessage(envelope: envelope, message: request.message, internationalized: request.internationalizedMessage,
                                  draft: request.draftMessage)
        return (built, request.messageID ?? "")
    }

    func submit(_ message: OutboxMessage, messageID: String, bookkeeping: OutboxBookkeeping,
                as owner: String, password: String,
                beforeMessage: @escaping @Sendable () async -> Bool) async throws(OutboxSendError) -> Bool {
        let envelope: SMTPEnvelope
        do throws(SMTPError) {
            envelope = try SMTPEnvelope(sender: message.envelope.sender, recipients: message.envelope.recipients)
        } catch {
            throw .refused("주소가 올바르지 않습니다")
        }
        var request = SendRequest(envelope: envelope, message: message.message,
                                  answering: bookkeeping.answering.map { OriginalMessage(folder: $0.folder, uid: $0.uid) })
        request.internationalizedMessage = message.internationalized
        request.draftMessage = message.draft
        request.messageID = messageID
        let receipt: SMTPDeliveryReceipt
        do throws(SMTPError) {
            receipt = try await smtp.send(request, credentials: SMTPCredentials(username: owner, password: password),
                                    beforeMessage: beforeMessage)
        } catch {
            throw Self.sendError(error, sender: message.envelope.sender)
        }
        OutboxFaultPoint.afterSMTP.reach()
        let session = Self.session(owner, password)
        let copies = IMAPSendMailbox(store: mailbox, session: session)
        // The mail is out: the rest is bookkeeping, never a reason to send again.
        let stored = (try? await copies.storeSentCopy(request.message(smtpUTF8: receipt.smtpUTF8))) != nil
        if let original = request.answering { try? await copies.markAnswered(original) }
        if let forwarded = bookkeeping.forwarded {
            try? await mailbox.markForwarded(for: session, folder: forwarded.folder, uid: forwarded.uid)
        }
        return stored
    }

    func sentFolderHolds(messageID: String, as owner: String, password: String) async throws(OutboxSendError) -> Bool {
        let session = Self.session(owner, password)
        do {
            guard let sent = try await mailbox.folder(withRole: .sent, session: session) else { return false }
            let found = try await mailbox.withConnection(session) { connection in
                try await connection.search(in: sent, .header(name: "Message-ID", value: messageID))
            }
            return !found.isEmpty
        } catch {
            throw Self.mailboxError(error)
        }
    }

    func storeDraft(_ message: [UInt8], as owner: String, password: String) async throws(OutboxSendError) -> UInt32? {
        do {
            return try await IMAPSendMailbox(store: mailbox, session: Self.session(owner, password)).storeDraft(message)
        } catch {
            throw Self.mailboxError(error)
        }
    }

    /// A session of the entry's owner for the IMAP pool (no token behind it).
    static func session(_ owner: String, _ password: String) -> Session {
        Session(email: owner, password: password, tokenID: "outbox", expiresAt: .distantFuture, fromCookie: false)
    }

    static func sendError(_ error: SMTPError, sender: String) -> OutboxSendError {
        let reason = IMAPOutgoingStore.reason(error, sender: sender)
        // Lost after the body went out and before the final reply: maybe accepted.
        if error.stage == .messageBody, !reason.isRefusal { return .uncertain(error.description) }
        switch reason {
        case .refused(let code) where code == 535: return .credentialsRejected
        case .unavailable: return .unavailable(error.description)
        default: return .refused("발송 실패: " + SendController.reason(reason))
        }
    }

    static func mailboxError(_ error: any Error) -> OutboxSendError {
        if case MailStoreError.authenticationFailed = error { return .credentialsRejected }
        return .unavailable(String(describing: error))
    }
}

private extension SendRefusal.Reason {
    /// The server answered no: the message was certainly not accepted.
    var isRefusal: Bool {
        if case .unavailable = self { return false }
        return true
    }
}
