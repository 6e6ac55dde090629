import Foundation
import Hummingbird
import MIME
import NIOFoundationCompat
import SMTP

/// `POST /mail/send` and `POST /mail/drafts`: gather the attachments (uploads, parts of an
/// existing message, form files), build the message with MIME's `MessageBuilder` (which refuses
/// CR/LF/NUL in any field), then run the SMTP module's send pipeline (submit, copy to Sent, or
/// keep in Drafts on failure) or APPEND the draft.
struct SendController {
    let mailbox: IMAPMailStore
    let smtp: SMTPClient
    let uploads: UploadStore
    let maxMessageBytes: Int
    let messageIDDomain: String?

    var attachmentResolver: OutgoingAttachments {
        OutgoingAttachments(uploads: uploads, mailbox: mailbox, maxMessageBytes: maxMessageBytes)
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, "메일이 너무 큽니다 (최대 \(UploadController.sizeText(limit)))", code: .messageTooLarge)
    }

    /// A recipient as the SPA sends it: `{"name","email"}`, or a string like `홍길동 <a@b.kr>`.
    struct Recipient: Decodable {
        let addresses: [MailAddress]
        init(addresses: [MailAddress]) { self.addresses = addresses }
        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                addresses = AddressListParser.parse(text)
            } else {
                let object = try APIAddress(from: decoder)
                addresses = [MailAddress(name: object.name, email: object.email)]
            }
        }
    }

    struct Outgoing: Decodable {
        var to: [Recipient]?
        var cc: [Recipient]?
        var bcc: [Recipient]?
        var subject: String?
        var text: String?
        var html: String?
        var inReplyTo: String?
        var references: [String]?
        var draftUID: UInt32?
        /// The message this replies to, flagged \Answered after sending.
        var replyToUID: UInt32?
        var replyToFolder: String?
        /// Ids from `POST /mail/uploads`.
        var attachments: [String]?
        /// Parts of a message in the user's mailbox to attach (forward, reopened draft).
        var includeParts: IncludedParts?

        enum CodingKeys: String, CodingKey {
            case to, cc, bcc, subject, text, html, references, attachments
            case inReplyTo = "in_reply_to", draftUID = "draft_uid"
            case replyToUID = "reply_to_uid", replyToFolder = "reply_to_folder"
            case includeParts = "include_parts"
        }
    }

    struct Sent: ResponseEncodable {
        let status: String
        let messageID: String
        let sentCopy: Bool
        enum CodingKeys: String, CodingKey { case status, messageID = "message_id", sentCopy = "sent_copy" }
    }

    /// A stored draft: its UID and folder, and its attachments as `GET /mail/messages/{uid}`
    /// lists them, so the client can name them in the next `include_parts` (the draft it
    /// replaces, and whose parts it may have named, is gone now).
    struct DraftSaved: ResponseEncodable {
        let uid: UInt32?
        let folder: String?
        let attachments: [APIAttachment]
    }

    func addRoutes(to group: RouterGroup<WebmailRequestContext>) {
        group.post("send", use: send)
        group.post("drafts", use: saveDraft)
    }

    func send(_ request: Request, context: WebmailRequestContext) async throws -> Sent {
        let session = try context.requireSession()
        let outgoing = try await OutgoingForm.read(request, context: context, limit: maxMessageBytes)
        let resolved = try await attachmentResolver.resolve(outgoing, session: session)
        let built = try build(outgoing.fields, attachments: resolved.attachments, session: session, forDraft: false)
        let envelope: SMTPEnvelope
        do {
            envelope = try SMTPEnvelope(sender: built.envelope.sender, recipients: built.envelope.recipients)
        } catch {
            throw APIError.badRequest("받는 사람 주소가 올바르지 않습니다: \(error.message)", code: .invalidAddress)
        }
        var answering: OriginalMessage?
        if let uid = outgoing.fields.replyToUID {
            answering = OriginalMessage(folder: try MailController.folder(outgoing.fields.replyToFolder), uid: uid)
        }
        var outgoingStore = IMAPOutgoingStore(store: mailbox, session: session)
        if !(outgoing.fields.bcc ?? []).flatMap(\.addresses).isEmpty {
            // Kept in Drafts on failure: that copy keeps its Bcc (the sent bytes must not have it).
            // Best effort: a message right at the size limit keeps the sent bytes instead.
            outgoingStore.draftCopy = try? build(outgoing.fields, attachments: resolved.attachments, session: session, forDraft: true).bytes
        }
        let pipeline = SendPipeline(client: smtp, store: outgoingStore)
        let request = SendRequest(envelope: envelope, message: built.bytes, answering: answering)
        let credentials = SMTPCredentials(username: session.email, password: session.password)
        let outcome: SendOutcome
        do throws(SendFailure) {
            outcome = try await pipeline.send(request, credentials: credentials)
        } catch {
            context.logger.notice("send failed", metadata: ["user": "\(session.email)", "error": "\(error.error.description)"])
            var kept = false
            if case .stored(let uid) = error.draft {
                kept = true
                // The kept copy replaces the draft it was written from.
                if let old = outgoing.fields.draftUID, old != uid { await deleteDraft(old, session: session) }
            }
            let why = Self.reason(error.error)
            let detail = kept ? "발송 실패: \(why). 메일은 임시보관함에 저장되었습니다" : "발송 실패: \(why). 임시보관함 저장도 실패했습니다"
            let outcome = kept ? "kept_in_drafts" : "not_sent"
            throw APIError(Self.status(error.error), detail, code: Self.code(error.error), outcome: outcome)
        }
        if let old = outgoing.fields.draftUID { await deleteDraft(old, session: session) }
        for id in resolved.uploadIDs { uploads.remove(id, owner: session.email) }
        var sentCopy = false
        if case .stored = outcome.sentCopy { sentCopy = true }
        context.logger.info("sent", metadata: ["user": "\(session.email)", "recipients": "\(envelope.recipients.count)"])
        return Sent(status: "sent", messageID: built.messageID, sentCopy: sentCopy)
    }

    func saveDraft(_ request: Request, context: WebmailRequestContext) async throws -> DraftSaved {
        let session = try context.requireSession()
        let outgoing = try await OutgoingForm.read(request, context: context, limit: maxMessageBytes)
        // Parts of the draft being replaced are read here, before it is deleted below.
        let resolved = try await attachmentResolver.resolve(outgoing, session: session)
        let built = try build(outgoing.fields, attachments: resolved.attachments, session: session, forDraft: true)
        let store = IMAPOutgoingStore(store: mailbox, session: session)
        let uid: UInt32?
        do {
            uid = try await store.storeDraft(built.bytes)
        } catch let error as MailStoreError {
            throw error.apiError
        } catch {
            throw APIError.mailServerUnavailable("임시보관함에 저장하지 못했습니다", code: .draftNotSaved)
        }
        if let old = outgoing.fields.draftUID, old != uid { await deleteDraft(old, session: session) }
        return await draftSaved(uid, session: session)
    }

    /// Describes the stored draft; without its UID (no UIDPLUS) or when the read fails, just the UID.
    private func draftSaved(_ uid: UInt32?, session: Session) async -> DraftSaved {
        guard let uid, let drafts = try? await mailbox.folder(withRole: .drafts, session: session),
              let stored = try? await mailbox.message(for: session, folder: drafts.displayName, uid: uid) else {
            return DraftSaved(uid: uid, folder: nil, attachments: [])
        }
        return DraftSaved(uid: uid, folder: drafts.displayName, attachments: stored.attachments)
    }

    /// Replacing a draft: the old copy goes once the new one is stored (or the message sent).
    private func deleteDraft(_ uid: UInt32, session: Session) async {
        guard let drafts = try? await mailbox.folder(withRole: .drafts, session: session) else { return }
        _ = try? await mailbox.withConnection(session) { connection in
            try await connection.expungeMessages(in: drafts, uids: .init(numbers: [uid]))
        }
    }

    func build(_ fields: Outgoing, attachments: [MessageBuilder.Attachment], session: Session, forDraft: Bool) throws -> BuiltMessage {
        var builder = MessageBuilder(from: MailAddress(email: session.email), messageIDDomain: messageIDDomain ?? session.email.split(separator: "@").last.map(String.init))
        builder.to = (fields.to ?? []).flatMap(\.addresses)
        builder.cc = (fields.cc ?? []).flatMap(\.addresses)
        builder.bcc = (fields.bcc ?? []).flatMap(\.addresses)
        builder.subject = fields.subject ?? ""
        builder.text = fields.text
        builder.html = fields.html
        builder.inReplyTo = fields.inReplyTo
        builder.references = fields.references ?? []
        builder.attachments = attachments
        // A draft keeps its Bcc header and may have no recipient yet; a sent message never has Bcc.
        builder.isDraft = forDraft
        let built: BuiltMessage
        do {
            built = try builder.build()
        } catch {
            throw Self.apiError(error)
        }
        guard built.bytes.count <= maxMessageBytes else { throw Self.tooLarge(maxMessageBytes) }
        return built
    }

    static func apiError(_ error: MessageBuilderError) -> APIError {
        switch error {
        case .forbiddenCharacter(let field):
            APIError.badRequest("\(field)에 허용되지 않는 제어 문자(줄바꿈, NUL, ESC 등)가 있습니다", code: .forbiddenCharacter)
        case .invalidAddress(let field, let address): APIError.badRequest("\(field): 주소가 올바르지 않습니다 (\(address))", code: .invalidAddress)
        case .noRecipients: APIError.badRequest("받는 사람이 없습니다", code: .noRecipients)
        case .invalidContentType(let field, _): APIError.badRequest("\(field): 형식이 올바르지 않습니다", code: .invalidContentType)
        }
    }

    /// A user-facing reason: the server's rejection of a recipient, or that it was unreachable.
    static func reason(_ error: SMTPError) -> String {
        switch error.kind {
        case .rejected:
            let text = error.reply.map { "\($0.code)" } ?? ""
            if let recipient = error.recipient { return "받는 사람 \(recipient) 거부됨 (\(text))" }
            return "메일 서버가 거부함 (\(text))"
        case .messageTooLarge: return "메일 서버의 크기 제한을 넘었습니다"
        case .invalidInput: return "주소가 올바르지 않습니다"
        default: return "메일 서버(SMTP)에 연결할 수 없습니다"
        }
    }

    static func status(_ error: SMTPError) -> HTTPResponse.Status {
        switch error.kind {
        case .rejected where error.recipient != nil, .invalidInput: .badRequest
        case .messageTooLarge: .contentTooLarge
        case .rejected where error.code == 535: .unauthorized
        default: .badGateway
        }
    }

    /// What went wrong, beside `status` (what became of the message).
    static func code(_ error: SMTPError) -> ErrorCode {
        switch error.kind {
        case .rejected where error.recipient != nil: .recipientRejected
        case .invalidInput: .invalidAddress
        case .messageTooLarge: .messageTooLarge
        case .rejected where error.code == 535: .mailServerRefusedLogin
        case .rejected: .messageRejected
        default: .mailServerUnavailable
        }
    }
}
