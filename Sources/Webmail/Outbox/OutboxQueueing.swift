import Foundation
import Hummingbird
import Logging

/// `POST /mail/send` with `send_at` or `delay_seconds`: the mail goes into the outbox instead of
/// to SMTP, and the answer is `202 {"status":"queued","outbox_id","send_at"}`.
extension SendController {
    struct Queued: ResponseEncodable {
        let status: String
        let outboxID: String
        let sendAt: String
        let messageID: String
        enum CodingKeys: String, CodingKey { case status, outboxID = "outbox_id", sendAt = "send_at", messageID = "message_id" }
    }

    func queue(_ mail: OutgoingMail, forwarded: MessageLocation?, sendAt: Date, outgoing: OutgoingForm, uploadIDs: [UploadID],
               session: Session, logger: Logger) async throws -> EditedResponse<Queued> {
        guard let outbox else { throw APIError(.serviceUnavailable, "예약 발송을 쓸 수 없습니다", code: .serviceUnavailable) }
        let bookkeeping = OutboxBookkeeping(
            answering: mail.answering.map { OutboxBookkeeping.Location(folder: $0.folder, uid: $0.uid) },
            forwarded: forwarded.map { OutboxBookkeeping.Location(folder: $0.folder, uid: $0.uid) })
        let entry: OutboxEntry
        do {
            entry = try await outbox.enqueue(mail.message, bookkeeping: bookkeeping, sendAt: sendAt, session: session)
        } catch let error as OutgoingError {
            throw apiError(error)
        }
        // The outbox holds the mail now (a cancel puts it back in Drafts): the draft it was
        // written from and its uploads are done with.
        if let old = outgoing.fields.draftUID { await self.outgoing.deleteDraft(uid: old, session: session) }
        // Counted now, as the user sent it (the suggestions of the next compose know them at once).
        await recordRecipients(of: outgoing.fields, session: session, logger: logger)
        for id in uploadIDs { _ = try? await uploads.remove(id, owner: session.email) }
        return EditedResponse(status: .accepted, response: Queued(status: "queued", outboxID: entry.id,
                                                                   sendAt: OutboxSchedule.format(entry.sendAt), messageID: entry.messageID))
    }
}
