import Foundation

/// The users' settings in the state store, so they follow the user to every PC and every
/// instance: one row per (user, key) in `user_settings` (the value as JSON text), and the trusted
/// senders of remote images one row each in `trusted_senders`. A PATCH writes only the keys it
/// names, and one sender is added or removed by its own statement, so two browsers changing
/// different things at once never undo each other (no read-modify-write of a whole object).
struct SettingsStore: Sendable {
    let store: any StateStore

    /// Owners are stored as the login normalized them, compared lowercased.
    private static func owner(_ email: String) -> StateValue { .text(email.lowercased()) }

    /// Every setting of `email`: the stored ones, the defaults for the rest. A default signature
    /// that names a signature no longer in the list reads as none.
    func settings(of email: String) async throws -> [String: JSONValue] {
        let (rows, senders) = try await store.transaction { transaction in
            let rows = try await transaction.query("SELECT name, value FROM user_settings WHERE owner = $1", Self.owner(email))
            let senders = try await transaction.query(
                "SELECT sender FROM trusted_senders WHERE owner = $1 ORDER BY sender", Self.owner(email))
            return (rows, senders)
        }
        var settings = Dictionary(uniqueKeysWithValues: UserSetting.all.map { ($0.key, $0.defaultValue) })
        for row in rows {
            guard let name = row.text(0), settings[name] != nil, let text = row.text(1),
                  let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { continue }
            settings[name] = value
        }
        settings["trusted_senders"] = .array(senders.compactMap { $0.text(0) }.map(JSONValue.string))
        let ids = Set((settings["signatures"]?.array ?? []).compactMap { $0.object?["id"]?.string })
        for key in ["signature_new", "signature_reply"] where !ids.contains(settings[key]?.string ?? "") {
            settings[key] = .null
        }
        return settings
    }

    /// Stores `changes` (already normalized by `UserSetting`), all or none.
    func update(_ email: String, _ changes: [String: JSONValue], now: Date = Date()) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let rows = try changes.filter { $0.key != "trusted_senders" }.sorted { $0.key < $1.key }
            .map { ($0.key, String(decoding: try encoder.encode($0.value), as: UTF8.self)) }
        let senders = changes["trusted_senders"]?.array?.compactMap(\.string)
        try await store.transaction { transaction in
            for (key, value) in rows {
                try await transaction.query("""
                    INSERT INTO user_settings (owner, name, value, updated_at) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (owner, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                    """, Self.owner(email), .text(key), .text(value), .time(now))
            }
            if let senders {
                try await transaction.query("DELETE FROM trusted_senders WHERE owner = $1", Self.owner(email))
                for sender in senders { try await Self.insert(sender, owner: email, now: now, in: transaction) }
            }
        }
    }

    /// Adds one trusted sender (again: nothing changes). False when the list is full.
    func trust(_ sender: String, owner email: String, now: Date = Date()) async throws -> Bool {
        try await store.transaction { transaction in
            try await transaction.serialize(on: "trusted_senders " + email.lowercased())
            let count = try await transaction.query(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM trusted_senders WHERE owner = $1", Self.owner(email)).first?.integer(0) ?? 0
            guard count < UserSetting.maximumTrustedSenders else { return false }
            try await Self.insert(sender, owner: email, now: now, in: transaction)
            return true
        }
    }

    /// Removes one trusted sender (one not in the list: nothing changes).
    func distrust(_ sender: String, owner email: String) async throws {
        try await store.transaction { transaction in
            try await transaction.query("DELETE FROM trusted_senders WHERE owner = $1 AND sender = $2", Self.owner(email), .text(sender))
        }
    }

    private static func insert(_ sender: String, owner email: String, now: Date, in transaction: any StateTransaction) async throws {
        try await transaction.query("""
            INSERT INTO trusted_senders (owner, sender, added_at) VALUES ($1, $2, $3)
            ON CONFLICT (owner, sender) DO NOTHING
            """, owner(email), .text(sender), .time(now))
    }

    /// The display name for the From header ("" when none is set).
    func displayName(of email: String) async throws -> String {
        try await storedValue("display_name", of: email)?.string ?? ""
    }
}
