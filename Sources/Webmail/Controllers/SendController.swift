import Foundation
import Hummingbird
import Logging
import MIME
import NIOFoundationCompat

/// `POST /mail/send` and `POST /mail/drafts`: gather the attachments (uploads, parts of an
/// existing message, form files), describe the message with MIME's `MessageBuilder` (which
/// refuses CR/LF/NUL in any field), then hand it to the `OutgoingStore` (submit, copy to Sent,
/// or keep in Drafts on failure; or APPEND the draft).
struct SendController {
    let mailbox: any MailStore
    let outgoing: any OutgoingStore
    let uploads: UploadStore
    /// The From header's display name (환경설정 display_name).
    let settings: SettingsStore
    let maxMessageBytes: Int
    let messageIDDomain: String?
    /// Where every recipient of a sent mail is counted (the suggestions' ranking).
    let collected: CollectedRecipients
    /// Where a mail with `send_at` or `delay_seconds` waits (`OutboxQueueing`).
    let outbox: Outbox?

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
        /// The sender: the login address (nil) or one of the user's identities (`SenderChoice`).
        var from: String?
        var to: [Recipient]?
        var cc: [Recipient]?
        var bcc: [Recipient]?
        /// What the user typed in To/Cc/Bcc that is not an address: a draft keeps it, a send is refused.
        var unparsedRecipients: UnparsedRecipients?
        var subject: String?
        var text: String?
        var html: String?
        var inReplyTo: String?
        var references: [String]?
        var draftUID: UInt32?
        /// The message this replies to, flagged \Answered after sending.
        var replyToUID: UInt32?
        var replyToFolder: String?
        /// Ids from `POST /mail/uploads`, or `{"id","inline","content_id"}` for inline images.
        var attachments: [OutgoingUploadReference]?
        /// Parts of a message in the user's mailbox to attach (forward, reopened draft).
        var includeParts: IncludedParts?
        /// The message this forwards, marked `$Forwarded` after sending.
        var forwardedUID: UInt32?
        var forwardedFolder: String?
        /// A whole message attached as message/rfc822 ("첨부로 전달").
        var forwardAsAttachment: ForwardAsAttachment?
        /// Send later (ISO 8601), or after the undo window (seconds): see `OutboxSchedule`.
        var sendAt: String?
        var delaySeconds: Int?

        enum CodingKeys: String, CodingKey {
            case from, to, cc, bcc, subject, text, html, references, attachments
            case inReplyTo = "in_reply_to", draftUID = "draft_uid"
            case replyToUID = "reply_to_uid", replyToFolder = "reply_to_folder"
            case includeParts = "include_parts"
            case forwardedUID = "forwarded_uid", forwardedFolder = "forwarded_folder"
            case unparsedRecipients = "unparsed_recipients"
            case forwardAsAttachment = "forward_as_attachment"
            case sendAt = "send_at", delaySeconds = "delay_seconds"
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

    func send(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let outgoing = try await OutgoingForm.read(request, context: context, limit: maxMessageBytes)
        let resolved = try await attachmentResolver.resolve(outgoing, session: session)
        let from = try await SenderChoice(settings: settings).choose(outgoing.fields.from, session: session)
        var mail = OutgoingMail(message: try await message(outgoing.fields, resolved: resolved, session: session, from: from))
        if let uid = outgoing.fields.replyToUID {
            mail.answering = MessageLocation(folder: try MailController.folder(outgoing.fields.replyToFolder), uid: uid)
        }
        let forwarded = try outgoing.fields.forwardedUID.map { MessageLocation(folder: try MailController.folder(outgoing.fields.forwardedFolder), uid: $0) }
        if let sendAt = try OutboxSchedule.sendAt(outgoing.fields.sendAt, delaySeconds: outgoing.fields.delaySeconds) {
            return try await queue(mail, forwarded: forwarded, sendAt: sendAt, outgoing: outgoing, uploadIDs: resolved.uploadIDs,
                             session: session, logger: context.logger)
                .response(from: request, context: context)
        }
        let sent: SentMail
        do throws(OutgoingError) {
            sent = try await self.outgoing.send(mail, session: session)
        } catch {
            guard case .notSent(let refusal) = error else { throw apiError(error) }
            context.logger.notice("send failed", metadata: ["user": "\(session.email)", "error": "\(refusal.diagnostic)"])
            let kept = refusal.keptDraft != nil
            // The kept copy replaces the draft it was written from.
            if let old = outgoing.fields.draftUID, let kept = refusal.keptDraft, old != kept.uid { await self.outgoing.deleteDraft(uid: old, session: session) }
            let why = Self.reason(refusal.reason)
            let detail = kept ? "발송 실패: \(why). 메일은 임시보관함에 저장되었습니다" : "발송 실패: \(why). 임시보관함 저장도 실패했습니다"
            let outcome = kept ? "kept_in_drafts" : "not_sent"
            throw APIError(Self.status(refusal.reason), detail, code: Self.code(refusal.reason), outcome: outcome)
        }
        if let old = outgoing.fields.draftUID { await self.outgoing.deleteDraft(uid: old, session: session) }
        if let forwarded { await markForwarded(forwarded, session: session, logger: context.logger) }
        await recordRecipients(of: outgoing.fields, session: session, logger: context.logger)
        // Best effort: the mail is sent; a record left behind expires with the token lifetime.
        for id in resolved.uploadIDs { _ = try? await uploads.remove(id, owner: session.email) }
        context.logger.info("sent", metadata: ["user": "\(session.email)", "recipients": "\(sent.recipientCount)"])
        return try Sent(status: "sent", messageID: sent.messageID, sentCopy: sent.sentCopyStored).response(from: request, context: context)
    }

    /// Counts the recipients for the suggestions; the mail is sent already, so a failure is only logged.
    func recordRecipients(of fields: Outgoing, session: Session, logger: Logger) async {
        let recipients = [fields.to, fields.cc, fields.bcc].compactMap { $0 }.joined().flatMap(\.addresses)
        do {
            try await collected.record(recipients, owner: session.email)
        } catch {
            logger.notice("could not record the recipients", metadata: ["user": "\(session.email)", "error": "\(error)"])
        }
    }

    /// `$Forwarded` on the original once the forward is sent, as `\Answered` on a reply's; the
    /// mail is sent already, so a failure (the original deleted meanwhile) is only logged.
    private func markForwarded(_ original: MessageLocation, session: Session, logger: Logger) async {
        do {
            try await mailbox.markForwarded(for: session, folder: original.folder, uid: original.uid)
        } catch {
            logger.notice("could not mark the forwarded message", metadata: ["user": "\(session.email)", "error": "\(error)"])
        }
    }

    func saveDraft(_ request: Request, context: WebmailRequestContext) async throws -> DraftSaved {
        let session = try context.requireSession()
        let outgoing = try await OutgoingForm.read(request, context: context, limit: maxMessageBytes)
        // Parts of the draft being replaced are read here, before it is deleted below.
        let resolved = try await attachmentResolver.resolve(outgoing, session: session)
        let from = try await SenderChoice(settings: settings).choose(outgoing.fields.from, session: session)
        let draft = try await message(outgoing.fields, resolved: resolved, session: session, from: from)
        let saved: SavedDraft
        do throws(OutgoingError) {
            saved = try await self.outgoing.saveDraft(draft, session: session)
        } catch {
            throw apiError(error)
        }
        if let old = outgoing.fields.draftUID, old != saved.uid { await self.outgoing.deleteDraft(uid: old, session: session) }
        return await draftSaved(saved, session: session)
    }

    /// Describes the stored draft; without its UID (no UIDPLUS) or when the read fails, just the UID.
    private func draftSaved(_ saved: SavedDraft, session: Session) async -> DraftSaved {
        guard let uid = saved.uid, let folder = saved.folder,
              let stored = try? await mailbox.message(for: session, folder: folder, uid: uid) else {
            return DraftSaved(uid: saved.uid, folder: nil, attachments: [])
        }
        return DraftSaved(uid: uid, folder: folder, attachments: stored.attachments)
    }

    /// The message as the user wrote it. The store builds it (for a draft: with its Bcc header,
    /// and maybe no recipient yet; a sent message never has Bcc).
    func message(_ fields: Outgoing, resolved: OutgoingAttachments.Resolved, session: Session, from: SenderChoice.Chosen) async throws -> MessageBuilder {
        let domain = messageIDDomain ?? session.email.split(separator: "@").last.map(String.init)
        var builder = MessageBuilder(from: from.address, messageIDDomain: domain)
        builder.to = (fields.to ?? []).flatMap(\.addresses)
        builder.cc = (fields.cc ?? []).flatMap(\.addresses)
        builder.bcc = (fields.bcc ?? []).flatMap(\.addresses)
        builder.unparsedRecipients = fields.unparsedRecipients ?? UnparsedRecipients()
        builder.subject = fields.subject ?? ""
        builder.inReplyTo = fields.inReplyTo
        builder.references = fields.references ?? []
        builder.replyTo = from.replyTo
        builder.forwarded = resolved.forwarded
        let body = try await OutgoingHTMLBody.prepare(html: fields.html, text: fields.text, attachments: resolved.attachments,
                                                      contentIDDomain: domain ?? "localhost")
        builder.text = body.text
        builder.html = body.html
        builder.attachments = body.attachments
        return builder
    }

    /// Input the store refused before sending or storing anything, or a Drafts folder it could not write.
    func apiError(_ error: OutgoingError) -> APIError {
        switch error {
        case .invalidMessage(let error): Self.apiError(error)
        case .invalidAddress(let why): APIError.badRequest("받는 사람 주소가 올바르지 않습니다: \(why)", code: .invalidAddress)
        case .tooLarge: Self.tooLarge(maxMessageBytes)
        case .mailbox(let error): error.apiError
        case .draftsUnavailable: APIError.mailServerUnavailable("임시보관함에 저장하지 못했습니다", code: .draftNotSaved)
        case .notSent(let refusal): APIError(Self.status(refusal.reason), "발송 실패: \(Self.reason(refusal.reason))", code: Self.code(refusal.reason))
        }
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
    static func reason(_ reason: SendRefusal.Reason) -> String {
        switch reason {
        case .recipientRefused(let recipient, let code): "받는 사람 \(recipient) 거부됨 (\(code.map { "\($0)" } ?? ""))"
        case .senderRefused(let sender): "메일 서버가 \(sender) 주소로 보내는 것을 허용하지 않습니다"
        case .refused(let code): "메일 서버가 거부함 (\(code.map { "\($0)" } ?? ""))"
        case .tooLarge: "메일 서버의 크기 제한을 넘었습니다"
        case .invalidAddress: "주소가 올바르지 않습니다"
        case .needsSMTPUTF8(let address):
            "받는 사람 \(address): @ 앞부분에 한글 등 영문 이외의 문자가 있는 주소는 메일 서버가 받지 않습니다 (SMTPUTF8 미지원)"
        case .unavailable: "메일 서버(SMTP)에 연결할 수 없습니다"
        }
    }

    static func status(_ reason: SendRefusal.Reason) -> HTTPResponse.Status {
        switch reason {
        case .recipientRefused, .invalidAddress, .needsSMTPUTF8: .badRequest
        case .tooLarge: .contentTooLarge
        case .senderRefused: .forbidden
        case .refused(let code) where code == 535: .unauthorized
        default: .badGateway
        }
    }

    /// What went wrong, beside `status` (what became of the message).
    static func code(_ reason: SendRefusal.Reason) -> ErrorCode {
        switch reason {
        case .recipientRefused: .recipientRejected
        case .senderRefused: .senderNotAllowed
        case .invalidAddress, .needsSMTPUTF8: .invalidAddress
        case .tooLarge: .messageTooLarge
        case .refused(let code) where code == 535: .mailServerRefusedLogin
        case .refused: .messageRejected
        case .unavailable: .mailServerUnavailable
        }
    }
}
