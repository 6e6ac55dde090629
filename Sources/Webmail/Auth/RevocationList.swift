import Foundation
import Logging
import NIOConcurrencyHelpers

/// Token ids revoked by logout, each kept until its token would have expired anyway.
///
/// The list lives in the state store (`revoked_tokens`), so a restart does not bring a logged-out
/// token back and every instance sharing the store refuses it; every request checks the copy in
/// memory here, never the database. The copy is kept current by the store's notices (`follow`):
/// a logout on one instance reaches the others within a notification's time, and after a lost
/// connection the whole list is read again.
final class RevocationList: Sendable {
    private let entries = NIOLockedValueBox<[String: Date]>([:])
    private let store: (any StateStore)?
    private let logger: Logger

    /// `store` nil: in memory only (tests of the token service).
    init(store: (any StateStore)?, logger: Logger = Logger(label: "zioinfo-mail.revocations")) {
        self.store = store
        self.logger = logger
    }

    /// Refused here at once; then stored and announced. Throws (`StateStoreError`) when the store
    /// cannot take it: this instance still refuses the token, the others may not until it can.
    func revoke(_ tokenID: String, until expiry: Date, now: Date = Date()) async throws {
        remember(tokenID, until: expiry, now: now)
        guard let store else { return }
        try await store.transaction { transaction in
            try await transaction.query("""
                INSERT INTO revoked_tokens (token_id, expires_at) VALUES ($1, $2)
                ON CONFLICT (token_id) DO UPDATE SET expires_at = excluded.expires_at
                """, .text(tokenID), .time(expiry))
            try await transaction.query("DELETE FROM revoked_tokens WHERE expires_at <= $1", .time(now))
        }
        let notice = Self.notice(tokenID, expiry)
        // Subscribed before publishing, so the echo cannot pass unheard.
        let echo = store.notices(on: .revocations)
        try await store.publish(notice, on: .revocations)
        // The logout answers once this instance hears its own notice: PostgreSQL hands a
        // notification to every listening session at the same commit, so by then the other
        // instances have it too, and the client's next request, wherever it goes, is refused.
        // Without this wait, the next request on another instance was accepted in 5 of 30
        // logouts (a window of up to 16 ms). Bounded: a slow notice holds a logout 1 s at most.
        await Self.hear(notice, in: echo, within: .seconds(1))
    }

    private static func hear(_ payload: String, in notices: AsyncStream<StateNotice>, within limit: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await notice in notices {
                    if case .message(let heard) = notice, heard == payload { return }
                }
            }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
        }
    }

    func isRevoked(_ tokenID: String) -> Bool {
        entries.withLockedValue { $0[tokenID].map { $0 > Date() } ?? false }
    }

    /// Reads every live revocation from the store (at start, and after notices may have been lost).
    func reload(now: Date = Date()) async throws {
        guard let store else { return }
        let rows = try await store.transaction { transaction in
            try await transaction.query("SELECT token_id, expires_at FROM revoked_tokens WHERE expires_at > $1", .time(now))
        }
        let loaded = rows.compactMap { row in row.text(0).flatMap { id in row.time(1).map { (id, $0) } } }
        entries.withLockedValue { entries in
            entries = entries.filter { $0.value > now }
            for (id, expiry) in loaded { entries[id] = expiry }
        }
    }

    /// Applies the store's notices until cancelled (one of the application's services).
    func follow() async {
        guard let store else { return }
        for await notice in store.notices(on: .revocations) {
            switch notice {
            case .resynchronize:
                do { try await reload() } catch {
                    logger.warning("revocations not reloaded", metadata: ["error": "\(error)"])
                }
            case .message(let payload):
                guard let (id, expiry) = Self.parse(payload) else { continue }
                remember(id, until: expiry, now: Date())
            }
        }
    }

    /// Before the state store, revocations were `ZM_STATE_DIR/revoked.json` (token id → expiry,
    /// seconds since 1970). Its live entries are stored once, then the file is renamed
    /// `revoked.json.imported` (kept, not deleted: nothing is destroyed by an upgrade).
    static let legacyFileName = "revoked.json"

    func importLegacyFile(_ path: String, now: Date = Date()) async throws {
        guard let data = FileManager.default.contents(atPath: path),
              let stored = try? JSONDecoder().decode([String: Double].self, from: data) else { return }
        for (id, seconds) in stored where Date(timeIntervalSince1970: seconds) > now {
            try await revoke(id, until: Date(timeIntervalSince1970: seconds), now: now)
        }
        try FileManager.default.moveItem(atPath: path, toPath: path + ".imported")
        logger.info("revocations imported into the state store", metadata: ["count": "\(stored.count)", "from": "\(path)"])
    }

    private func remember(_ tokenID: String, until expiry: Date, now: Date) {
        entries.withLockedValue { entries in
            if entries.count > 1000 { entries = entries.filter { $0.value > now } }
            entries[tokenID] = expiry
        }
    }

    /// `<milliseconds> <token id>`.
    static func notice(_ tokenID: String, _ expiry: Date) -> String {
        "\(Int64(expiry.timeIntervalSince1970 * 1000)) \(tokenID)"
    }

    static func parse(_ payload: String) -> (String, Date)? {
        let parts = payload.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, let milliseconds = Int64(parts[0]) else { return nil }
        return (String(parts[1]), Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
