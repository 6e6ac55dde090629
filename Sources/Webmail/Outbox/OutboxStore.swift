import Foundation

/// The outbox's rows in the state store (schema step 4): every statement an entry goes through,
/// from `enqueue` to `markSent`/`markFailed`, in the dialect both engines speak.
///
/// Claims: an instance claims due entries for `lease` (`claimed_by`, `lease_until`); another
/// instance (or this one after a restart) takes an entry over only once the lease ran out. On
/// PostgreSQL the claim reads with `FOR UPDATE SKIP LOCKED`, so two instances claiming at the same
/// moment get disjoint entries without waiting on each other; SQLite has one writer anyway (each
/// transaction is `BEGIN IMMEDIATE`). Every later step names the claimant (`AND claimed_by = $n`):
/// an instance whose lease was taken over cannot overwrite the new owner's progress.
struct OutboxStore: Sendable {
    let store: any StateStore

    private static let columns = "id, owner, message_id, subject, recipients, send_at, state, attempts, last_error, draft_uid"
    /// States the user sees in `GET /mail/outbox`.
    private static let visible = "('queued', 'submitting', 'failed')"

    /// Adds an entry; a second entry of the owner with the same Message-ID is the first one again
    /// (a retried request), not a second mail. `credential` is sealed by the caller for this id.
    func enqueue(id: String, owner: String, message: OutboxMessage, bookkeeping: OutboxBookkeeping,
                 messageID: String, subject: String, recipients: [String], sendAt: Date,
                 credential: String, now: Date = Date()) async throws -> OutboxEntry {
        let envelope = String(decoding: try JSONEncoder().encode(message.envelope), as: UTF8.self)
        let bookkeepingJSON = String(decoding: try JSONEncoder().encode(bookkeeping), as: UTF8.self)
        let recipientsJSON = String(decoding: try JSONEncoder().encode(recipients), as: UTF8.self)
        let entry = try await store.transaction { transaction in
            let inserted = try await transaction.query("""
                INSERT INTO outbox (id, owner, message_id, subject, recipients, envelope, message, message_utf8, draft,
                                    bookkeeping, credential, send_at, state, attempts, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'queued', 0, $13, $13)
                ON CONFLICT (owner, message_id) DO NOTHING RETURNING \(Self.columns)
                """, [.text(id), .text(owner), .text(messageID), .text(subject), .text(recipientsJSON), .text(envelope),
                      .text(Self.encode(message.message)), Self.optional(message.internationalized), Self.optional(message.draft),
                      .text(bookkeepingJSON), .text(credential), .time(sendAt), .time(now)])
            if let row = inserted.first { return Self.entry(row) }
            let existing = try await transaction.query(
                "SELECT \(Self.columns) FROM outbox WHERE owner = $1 AND message_id = $2", .text(owner), .text(messageID))
            return existing.first.flatMap(Self.entry)
        }
        guard let entry else { throw StateStoreError.failed("an outbox entry vanished while it was added") }
        try? await store.publish(entry.id, on: .outbox)
        return entry
    }

    /// The owner's entries still waiting or failed, soonest first.
    func list(owner: String, state: OutboxEntry.State? = nil) async throws -> [OutboxEntry] {
        try await store.transaction { transaction in
            let rows: [StateRow]
            if let state {
                rows = try await transaction.query("SELECT \(Self.columns) FROM outbox WHERE owner = $1 AND state = $2 ORDER BY send_at, id",
                                                   .text(owner), .text(state.rawValue))
            } else {
                rows = try await transaction.query("SELECT \(Self.columns) FROM outbox WHERE owner = $1 AND state IN \(Self.visible) ORDER BY send_at, id",
                                                   .text(owner))
            }
            return rows.compactMap(Self.entry)
        }
    }

    /// One of the owner's entries (another owner's id is none).
    func entry(_ id: String, owner: String) async throws -> OutboxEntry? {
        try await store.transaction { transaction in
            try await transaction.query("SELECT \(Self.columns) FROM outbox WHERE id = $1 AND owner = $2 AND state IN \(Self.visible)",
                                        .text(id), .text(owner)).first.flatMap(Self.entry)
        }
    }

    enum Change: Sendable, Equatable {
        case done(OutboxEntry)
        case notFound
        /// Being sent now, or sent.
        case tooLate
    }

    /// Moves a waiting entry to `sendAt` (also "now": 지금 보내기).
    func reschedule(_ id: String, owner: String, to sendAt: Date, now: Date = Date()) async throws -> Change {
        let change = try await store.transaction { transaction -> Change in
            let rows = try await transaction.query("""
                UPDATE outbox SET send_at = $3, updated_at = $4
                WHERE id = $1 AND owner = $2 AND state = 'queued' AND (claimed_by IS NULL OR lease_until < $4)
                RETURNING \(Self.columns)
                """, .text(id), .text(owner), .time(sendAt), .time(now))
            if let row = rows.first, let entry = Self.entry(row) { return .done(entry) }
            return try await Self.missing(id, owner: owner, transaction)
        }
        if case .done = change { try? await store.publish(id, on: .outbox) }
        return change
    }

    /// A waiting entry taken back by its owner: claimed (so no scanner sends it meanwhile) until
    /// `remove` or `release`. Its draft form and bookkeeping come back for Drafts.
    func claimForCancel(_ id: String, owner: String, claimant: String, lease: Duration, now: Date = Date()) async throws -> (Change, OutboxMessage?) {
        try await store.transaction { transaction in
            let rows = try await transaction.query("""
                UPDATE outbox SET claimed_by = $3, lease_until = $4, updated_at = $5
                WHERE id = $1 AND owner = $2 AND state = 'queued' AND (claimed_by IS NULL OR lease_until < $5)
                RETURNING \(Self.columns), envelope, message, message_utf8, draft
                """, .text(id), .text(owner), .text(claimant), .time(now.addingTimeInterval(lease.seconds)), .time(now))
            if let row = rows.first, let entry = Self.entry(row), let message = Self.message(row, from: Self.columnCount) {
                return (.done(entry), message)
            }
            return (try await Self.missing(id, owner: owner, transaction), nil)
        }
    }

    /// Lets a cancel claim go (the draft could not be written): the entry waits again.
    func release(_ id: String, claimant: String) async throws {
        try await store.transaction { transaction in
            try await transaction.query("UPDATE outbox SET claimed_by = NULL, lease_until = NULL WHERE id = $1 AND claimed_by = $2",
                                        .text(id), .text(claimant))
        }
    }

    /// Removes an entry: a cancelled one (its claimant named), or a failed one the owner dismissed.
    @discardableResult
    func remove(_ id: String, owner: String, claimant: String? = nil) async throws -> Bool {
        try await store.transaction { transaction in
            if let claimant {
                return !(try await transaction.query("DELETE FROM outbox WHERE id = $1 AND owner = $2 AND claimed_by = $3 RETURNING id",
                                                     .text(id), .text(owner), .text(claimant))).isEmpty
            }
            return !(try await transaction.query("DELETE FROM outbox WHERE id = $1 AND owner = $2 AND state = 'failed' RETURNING id",
                                                 .text(id), .text(owner))).isEmpty
        }
    }

    /// Claims up to `limit` entries that are due, or whose claimant's lease ran out, for
    /// `instance` until `now + lease`. Each claim counts as an attempt.
    func claimDue(instance: String, lease: Duration, limit: Int = 20, now: Date = Date()) async throws -> [ClaimedOutboxEntry] {
        let lock = store.engine == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await store.transaction { transaction in
            let ids = try await transaction.query("""
                SELECT id FROM outbox
                WHERE (state = 'queued' AND send_at <= $1 AND (claimed_by IS NULL OR lease_until < $1))
                   OR (state = 'submitting' AND lease_until < $1)
                ORDER BY send_at, id LIMIT $2\(lock)
                """, .time(now), .int(limit)).compactMap { $0.text(0) }
            var claimed: [ClaimedOutboxEntry] = []
            for id in ids {
                let rows = try await transaction.query("""
                    UPDATE outbox SET claimed_by = $2, lease_until = $3, attempts = attempts + 1, updated_at = $4
                    WHERE id = $1
                    RETURNING \(Self.columns), envelope, message, message_utf8, draft, bookkeeping, credential
                    """, .text(id), .text(instance), .time(now.addingTimeInterval(lease.seconds)), .time(now))
                guard let row = rows.first, let entry = Self.entry(row),
                      let message = Self.message(row, from: Self.columnCount) else { continue }
                let bookkeeping = row.text(Self.columnCount + 4).flatMap { try? JSONDecoder().decode(OutboxBookkeeping.self, from: Data($0.utf8)) }
                claimed.append(ClaimedOutboxEntry(entry: entry, message: message, bookkeeping: bookkeeping ?? OutboxBookkeeping(),
                                                  credential: row.text(Self.columnCount + 5), claimedFrom: entry.state))
            }
            return claimed
        }
    }

    /// Records that the entry goes to SMTP now; false when `instance` lost its claim.
    func markSubmitting(_ id: String, instance: String, now: Date = Date()) async throws -> Bool {
        try await store.transaction { transaction in
            !(try await transaction.query("""
                UPDATE outbox SET state = 'submitting', updated_at = $3
                WHERE id = $1 AND claimed_by = $2 AND state IN ('queued', 'submitting') RETURNING id
                """, .text(id), .text(instance), .time(now))).isEmpty
        }
    }

    /// Sent: the message and the password are erased; the row stays as the Message-ID's record.
    func markSent(_ id: String, instance: String, now: Date = Date()) async throws {
        try await store.transaction { transaction in
            try await transaction.query("""
                UPDATE outbox SET state = 'sent', message = '', message_utf8 = NULL, draft = NULL, credential = NULL,
                                  claimed_by = NULL, lease_until = NULL, last_error = NULL, updated_at = $3
                WHERE id = $1 AND claimed_by = $2
                """, .text(id), .text(instance), .time(now))
        }
    }

    /// Not sent: the password is erased; the message too once it is in Drafts (`draftUID`, or
    /// `inDrafts` without UIDPLUS), else it stays until the owner's next sign-in puts it there.
    func markFailed(_ id: String, instance: String, reason: String, inDrafts: Bool, draftUID: UInt32?, now: Date = Date()) async throws {
        try await store.transaction { transaction in
            try await transaction.query("""
                UPDATE outbox SET state = 'failed', credential = NULL, last_error = $3, draft_uid = $4,
                                  message = CASE WHEN $5 = 1 THEN '' ELSE message END,
                                  message_utf8 = CASE WHEN $5 = 1 THEN NULL ELSE message_utf8 END,
                                  draft = CASE WHEN $5 = 1 THEN NULL ELSE draft END,
                                  claimed_by = NULL, lease_until = NULL, updated_at = $6
                WHERE id = $1 AND claimed_by = $2
                """, [.text(id), .text(instance), .text(reason), draftUID.map { .int(Int($0)) } ?? .null,
                      .int(inDrafts ? 1 : 0), .time(now)])
        }
    }

    /// A transient failure (the server unreachable): the entry waits until `retryAt`.
    func retry(_ id: String, instance: String, at retryAt: Date, reason: String, now: Date = Date()) async throws {
        try await store.transaction { transaction in
            try await transaction.query("""
                UPDATE outbox SET state = 'queued', send_at = $3, last_error = $4, claimed_by = NULL, lease_until = NULL, updated_at = $5
                WHERE id = $1 AND claimed_by = $2
                """, .text(id), .text(instance), .time(retryAt), .text(reason), .time(now))
        }
    }

    /// Failed entries of the owner still holding their message (Drafts could not be written then:
    /// the password had changed): the next sign-in puts them in Drafts.
    func awaitingDrafts(owner: String) async throws -> [(id: String, draft: [UInt8])] {
        try await store.transaction { transaction in
            try await transaction.query("SELECT id, message, draft FROM outbox WHERE owner = $1 AND state = 'failed' AND message <> ''",
                                        .text(owner)).compactMap { row in
                guard let id = row.text(0), let message = row.text(1).flatMap(Self.decode) else { return nil }
                return (id, row.text(2).flatMap(Self.decode) ?? message)
            }
        }
    }

    /// The failed entry is in Drafts now: its message is erased.
    func storedInDrafts(_ id: String, owner: String, uid: UInt32?) async throws {
        try await store.transaction { transaction in
            try await transaction.query("""
                UPDATE outbox SET message = '', message_utf8 = NULL, draft = NULL, draft_uid = $3
                WHERE id = $1 AND owner = $2 AND state = 'failed'
                """, [.text(id), .text(owner), uid.map { .int(Int($0)) } ?? .null])
        }
    }

    /// Deletes the `sent` rows last changed before `cutoff` (housekeeping, `Outbox.sweep`).
    func deleteSent(before cutoff: Date) async throws -> Int {
        try await store.transaction { transaction in
            try await transaction.query("DELETE FROM outbox WHERE state = 'sent' AND updated_at < $1 RETURNING id", .time(cutoff)).count
        }
    }

    /// An entry in any state, sent ones too (the event relay reads what another instance did).
    func record(_ id: String, owner: String) async throws -> OutboxEntry? {
        try await store.transaction { transaction in
            try await transaction.query("SELECT \(Self.columns) FROM outbox WHERE id = $1 AND owner = $2", .text(id), .text(owner))
                .first.flatMap(Self.entry)
        }
    }

    /// When the scanner must look next: the earliest due time of a free entry, or the end of a
    /// claim's lease (its takeover); nil when nothing waits.
    func nextWake() async throws -> Date? {
        try await store.transaction { transaction in
            try await transaction.query("""
                SELECT MIN(CASE WHEN claimed_by IS NULL THEN send_at WHEN lease_until > send_at THEN lease_until ELSE send_at END)
                FROM outbox WHERE state IN ('queued', 'submitting')
                """).first?.time(0)
        }
    }

    // MARK: rows

    private static let columnCount = 10

    private static func entry(_ row: StateRow) -> OutboxEntry? {
        guard let id = row.text(0), let owner = row.text(1), let messageID = row.text(2), let subject = row.text(3),
              let sendAt = row.time(5), let state = row.text(6).flatMap(OutboxEntry.State.init(rawValue:)) else { return nil }
        let recipients = row.text(4).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
        return OutboxEntry(id: id, owner: owner, messageID: messageID, subject: subject, recipients: recipients, sendAt: sendAt,
                           state: state, attempts: Int(row.integer(7) ?? 0), lastError: row.text(8),
                           draftUID: row.integer(9).flatMap { UInt32(exactly: $0) })
    }

    /// The envelope and the three forms, from column `start` on.
    private static func message(_ row: StateRow, from start: Int) -> OutboxMessage? {
        guard let envelope = row.text(start).flatMap({ try? JSONDecoder().decode(OutboxEnvelope.self, from: Data($0.utf8)) }),
              let message = row.text(start + 1).flatMap(decode) else { return nil }
        return OutboxMessage(envelope: envelope, message: message,
                             internationalized: row.text(start + 2).flatMap(decode), draft: row.text(start + 3).flatMap(decode))
    }

    private static func missing(_ id: String, owner: String, _ transaction: any StateTransaction) async throws -> Change {
        let rows = try await transaction.query("SELECT state FROM outbox WHERE id = $1 AND owner = $2", .text(id), .text(owner))
        return rows.isEmpty ? .notFound : .tooLate
    }

    static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
    static func decode(_ text: String) -> [UInt8]? { Data(base64Encoded: text).map { [UInt8]($0) } }
    private static func optional(_ bytes: [UInt8]?) -> StateValue { bytes.map { .text(encode($0)) } ?? .null }
}

extension Duration {
    /// Whole and fractional seconds, for `Date` arithmetic.
    var seconds: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
