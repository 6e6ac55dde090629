import Foundation
import MIME

/// What `RecipientSuggestions` reads of the address book: `contact_emails` rows matched (one
/// `LIKE` on `KoreanSearchKey`) and, where they can be, ranked and cut in SQL, so a broad query
/// (`영업`: thousands of contacts) reads a few narrow rows and decodes no JSON.
extension ContactStore {
    /// One address of a matching contact.
    struct SuggestionRow: Sendable, Equatable {
        let name: String
        let email: String
        let department: String
        /// The query matches at the start of the name or of this address.
        let atStart: Bool
        /// How often and when the owner last wrote to the address (nil: never).
        let usage: CollectedRecipients.Entry?
    }

    /// The matching addresses of `owner`'s contacts: every one the owner has written to (their
    /// usage decides their rank, in Swift), and of the others the first `limit` in the order
    /// the suggestions rank them (a match at the start first, then name and address).
    func suggestionRows(_ query: String, owner: String, limit: Int) async throws -> [SuggestionRow] {
        let pattern = KoreanSearchKey.pattern(query)
        let binds: [StateValue] = [Self.ownerKey(owner), .text("%" + pattern + "%"), .text(pattern + "%"), .int(limit)]
        // Byte order on both engines (PostgreSQL's default collation would sort by locale).
        let binary = store.engine == .postgres ? " COLLATE \"C\"" : ""
        let atStart = "CASE WHEN e.name_search LIKE $3 ESCAPE '\\' OR e.email_search LIKE $3 ESCAPE '\\' THEN 1 ELSE 0 END"
        let unused = """
            SELECT e.name, e.email, e.department, \(atStart) FROM contact_emails e
            WHERE e.owner = $1 AND e.search LIKE $2 ESCAPE '\\'
              AND NOT EXISTS (SELECT 1 FROM collected_recipients r WHERE r.owner = e.owner AND r.email = e.email_key)
            ORDER BY 4 DESC, e.name\(binary), e.email\(binary) LIMIT $4
            """
        let used = """
            SELECT e.name, e.email, e.department, \(atStart), r.count, r.last_at FROM contact_emails e
            JOIN collected_recipients r ON r.owner = e.owner AND r.email = e.email_key
            WHERE e.owner = $1 AND e.search LIKE $2 ESCAPE '\\'
            """
        let rows = try await store.transaction { transaction in
            try await transaction.query(used, Array(binds.prefix(3))) + transaction.query(unused, binds)
        }
        return rows.compactMap(Self.suggestionRow)
    }

    /// The matching addresses of `owner`'s contacts among `emails` (another source's matches,
    /// which the contact's own entry replaces), with their usage.
    func suggestionRows(_ query: String, among emails: [String], owner: String) async throws -> [SuggestionRow] {
        let keys = Array(Set(emails.map { $0.lowercased() })).sorted()
        guard !keys.isEmpty else { return [] }
        let pattern = KoreanSearchKey.pattern(query)
        var result: [SuggestionRow] = []
        for start in stride(from: 0, to: keys.count, by: 500) {
            let chunk = keys[start..<min(keys.count, start + 500)]
            let placeholders = chunk.indices.map { "$\($0 - start + 4)" }.joined(separator: ", ")
            let statement = """
                SELECT e.name, e.email, e.department,
                       CASE WHEN e.name_search LIKE $3 ESCAPE '\\' OR e.email_search LIKE $3 ESCAPE '\\' THEN 1 ELSE 0 END, r.count, r.last_at
                FROM contact_emails e LEFT JOIN collected_recipients r ON r.owner = e.owner AND r.email = e.email_key
                WHERE e.owner = $1 AND e.search LIKE $2 ESCAPE '\\' AND e.email_key IN (\(placeholders))
                """
            let binds = [Self.ownerKey(owner), .text("%" + pattern + "%"), .text(pattern + "%")] + chunk.map { StateValue.text($0) }
            result += try await store.transaction { try await $0.query(statement, binds) }.compactMap(Self.suggestionRow)
        }
        return result
    }

    private static func suggestionRow(_ row: StateRow) -> SuggestionRow? {
        guard let name = row.text(0), let email = row.text(1), let department = row.text(2), let atStart = row.integer(3) else { return nil }
        let usage = row.integer(4).flatMap { count in row.time(5).map { CollectedRecipients.Entry(name: name, email: email.lowercased(), count: Int(count), last: $0) } }
        return SuggestionRow(name: name, email: email, department: department, atStart: atStart != 0, usage: usage)
    }

    /// The owner's groups, id and name only (no member counts: the suggestions match on names).
    func groupNames(owner: String) async throws -> [(id: String, name: String)] {
        try await store.transaction {
            try await $0.query("SELECT id, name FROM contact_groups WHERE owner = $1 ORDER BY name_key, id", Self.ownerKey(owner))
        }.compactMap { row in row.text(0).flatMap { id in row.text(1).map { (id: id, name: $0) } } }
    }

    /// The first address of each member of each of `groups` (group id → addresses, by name):
    /// what a suggested group expands to, read from `contact_emails` without decoding a contact.
    func firstAddresses(of groups: [String], owner: String) async throws -> [String: [MailAddress]] {
        let wanted = Set(groups)
        guard !wanted.isEmpty else { return [:] }
        let (conditions, binds) = Self.memberOf(wanted, owner: owner, column: "c.member_of")
        let statement = """
            SELECT c.member_of, e.name, e.email FROM contacts c JOIN contact_emails e ON e.contact_id = c.id AND e.position = 0
            WHERE c.owner = $1 AND (\(conditions)) ORDER BY c.name, c.id
            """, values = binds
        let rows = try await store.transaction { try await $0.query(statement, values) }
        var members: [String: [MailAddress]] = [:]
        for row in rows {
            guard let memberOf = row.text(0), let name = row.text(1), let email = row.text(2) else { continue }
            for group in memberOf.split(separator: ",").map(String.init) where wanted.contains(group) {
                members[group, default: []].append(MailAddress(name: name, email: email))
            }
        }
        return members
    }
}
