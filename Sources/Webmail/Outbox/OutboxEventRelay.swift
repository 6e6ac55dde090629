import Foundation
import Logging

/// The `outbox` event of a sent or failed entry, on every instance: the instance that handled the
/// entry tells its own streams and publishes a short notice (`.outboxEvents`: PostgreSQL NOTIFY);
/// every other instance reads the entry's row and tells the owner's streams it holds. The notice
/// names only the entry (its subject and reason come from the row: a notice is at most 1,000
/// bytes, and a failure reason or subject may not fit). An event missed in a gap of the notices is
/// not replayed: the 예약 메일 view and the notice at the next login show the same state.
struct OutboxEventRelay: Sendable {
    let store: OutboxStore
    let events: MailEventHub
    /// This instance's name in its claims and notices: its own notices are skipped here.
    let instance: String
    let logger: Logger

    private struct Notice: Codable {
        var id: String
        var owner: String
        var from: String
        var sentCopy: Bool
        enum CodingKeys: String, CodingKey { case id, owner, from, sentCopy = "sent_copy" }
    }

    /// Runs until the store's notices end (the application's shutdown).
    func follow() async {
        await relay(store.store.notices(on: .outboxEvents))
    }

    /// Relays `notices` (a subscription to `.outboxEvents` the caller made: tests subscribe first).
    func relay(_ notices: AsyncStream<StateNotice>) async {
        for await notice in notices {
            guard case .message(let payload) = notice,
                  let notice = try? JSONDecoder().decode(Notice.self, from: Data(payload.utf8)), notice.from != instance else { continue }
            do {
                guard let entry = try await store.record(notice.id, owner: notice.owner), entry.state == .sent || entry.state == .failed else { continue }
                await events.announce(Self.event(entry, sentCopy: notice.sentCopy), to: entry.owner)
            } catch {
                logger.notice("an outbox event of another instance could not be read", metadata: ["outbox_id": "\(notice.id)", "error": "\(error)"])
            }
        }
    }

    /// The notice for `entry`, published by `instance`.
    static func notice(_ entry: OutboxEntry, sentCopy: Bool, from instance: String) -> String {
        let data = (try? JSONEncoder().encode(Notice(id: entry.id, owner: entry.owner, from: instance, sentCopy: sentCopy))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The event the SPA gets (`outbox` on `GET /mail/events`, docs/api.yaml).
    static func event(_ entry: OutboxEntry, sentCopy: Bool) -> MailEvent {
        if entry.state == .sent {
            return MailEvent.make("outbox", ["id": entry.id, "state": "sent", "sent_copy": sentCopy])
        }
        var fields: [String: Any] = ["id": entry.id, "state": "failed", "reason": entry.lastError ?? "", "subject": entry.subject]
        if let uid = entry.draftUID { fields["draft_uid"] = Int(uid) }
        return MailEvent.make("outbox", fields)
    }
}
