import Foundation
import Hummingbird

/// `/mail/outbox`: the user's mails waiting to be sent (undo send, 예약 발송) and the ones that
/// failed later (the notice the SPA shows at start: `?state=failed`). Anyone else's id answers
/// 404, like one that never existed.
struct OutboxController {
    let outbox: Outbox

    func addRoutes(to group: RouterGroup<WebmailRequestContext>) {
        group.get("outbox", use: list)
        group.get("outbox/:id", use: read)
        group.patch("outbox/:id", use: reschedule)
        group.post("outbox/:id/send", use: sendNow)
        group.delete("outbox/:id", use: cancel)
    }

    static let notFound = APIError.notFound("예약된 메일이 없습니다", code: .outboxNotFound)
    static let tooLate = APIError(.conflict, "이미 발송되었거나 발송 중인 메일입니다", code: .alreadySent)

    struct Item: Encodable, Sendable {
        let id: String
        let subject: String
        let recipients: [String]
        let sendAt: String
        let state: String
        let reason: String?
        let draftUID: UInt32?
        enum CodingKeys: String, CodingKey {
            case id, subject, recipients, state, reason
            case sendAt = "send_at", draftUID = "draft_uid"
        }

        init(_ entry: OutboxEntry) {
            id = entry.id
            subject = entry.subject
            recipients = entry.recipients
            sendAt = OutboxSchedule.format(entry.sendAt)
            // `submitting` is an inner step: to the user the mail is still on its way.
            state = entry.state == .submitting ? OutboxEntry.State.queued.rawValue : entry.state.rawValue
            reason = entry.state == .failed ? entry.lastError : nil
            draftUID = entry.draftUID
        }
    }

    struct Listing: ResponseEncodable { let entries: [Item] }
    struct ItemResponse: ResponseEncodable {
        let item: Item
        func encode(to encoder: any Encoder) throws { try item.encode(to: encoder) }
    }
    struct NewTime: Decodable { let sendAt: String; enum CodingKeys: String, CodingKey { case sendAt = "send_at" } }
    struct Cancelled: ResponseEncodable {
        let draftUID: UInt32?
        enum CodingKeys: String, CodingKey { case draftUID = "draft_uid" }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(draftUID, forKey: .draftUID)
        }
    }

    func list(_ request: Request, context: WebmailRequestContext) async throws -> Listing {
        let session = try context.requireSession()
        let state: OutboxEntry.State?
        switch request.uri.formQuery.get("state") {
        case nil, "": state = nil
        case "queued": state = .queued
        case "failed": state = .failed
        default: throw APIError.badRequest("state는 queued 또는 failed입니다", code: .invalidParameter)
        }
        // A mail that failed on a changed password reaches Drafts with this session's new one.
        await outbox.placeAwaitingDrafts(session)
        var entries = try await outbox.store.list(owner: session.email)
        if let state { entries = entries.filter { Item($0).state == state.rawValue } }
        return Listing(entries: entries.map(Item.init))
    }

    func read(_ request: Request, context: WebmailRequestContext) async throws -> ItemResponse {
        let session = try context.requireSession()
        guard let entry = try await outbox.store.entry(try context.parameters.require("id"), owner: session.email) else { throw Self.notFound }
        return ItemResponse(item: Item(entry))
    }

    func reschedule(_ request: Request, context: WebmailRequestContext) async throws -> ItemResponse {
        let session = try context.requireSession()
        let body = try await request.decode(as: NewTime.self, context: context)
        let sendAt = try OutboxSchedule.time(body.sendAt)
        return try await moved(try context.parameters.require("id"), to: sendAt, session: session)
    }

    func sendNow(_ request: Request, context: WebmailRequestContext) async throws -> ItemResponse {
        let session = try context.requireSession()
        return try await moved(try context.parameters.require("id"), to: Date(), session: session)
    }

    private func moved(_ id: String, to sendAt: Date, session: Session) async throws -> ItemResponse {
        switch try await outbox.store.reschedule(id, owner: session.email, to: sendAt) {
        case .done(let entry): ItemResponse(item: Item(entry))
        case .notFound: throw Self.notFound
        case .tooLate: throw Self.tooLate
        }
    }

    func cancel(_ request: Request, context: WebmailRequestContext) async throws -> Cancelled {
        let session = try context.requireSession()
        switch try await outbox.cancel(try context.parameters.require("id"), session: session) {
        case .draft(let uid): return Cancelled(draftUID: uid)
        case .notFound: throw Self.notFound
        case .tooLate: throw Self.tooLate
        }
    }
}
