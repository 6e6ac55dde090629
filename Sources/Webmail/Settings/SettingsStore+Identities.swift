import Foundation

extension SettingsStore {
    /// One stored setting as JSON (nil when the user never set it, or it is unreadable).
    func storedValue(_ key: String, of email: String) async throws -> JSONValue? {
        let rows = try await store.transaction { transaction in
            try await transaction.query("SELECT value FROM user_settings WHERE owner = $1 AND name = $2", .text(email.lowercased()), .text(key))
        }
        guard let text = rows.first?.text(0) else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// The user's sender identities (환경설정 → 보낸 사람).
    func identities(of email: String) async throws -> [SenderIdentity] {
        SenderIdentity.stored(try await storedValue("identities", of: email))
    }
}
