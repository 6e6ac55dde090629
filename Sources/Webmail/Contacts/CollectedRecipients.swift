import Foundation
import MIME

/// Everyone a user has sent to (`collected_recipients`): how often and when last, for the
/// suggestions' ranking, recorded server-side on every send so a new PC starts with them.
struct CollectedRecipients: Sendable {
    let store: any StateStore
    /// How many addresses one request may bring in (the SPA's old local-storage list).
    static let maxImport = 2_000
    /// Above this many addresses `statistics` reads all the owner's rows instead of IN lists of
    /// `statisticsChunk` (the 1,000 directory entries a broad query matches are two lists, which
    /// on PostgreSQL beat transferring 5,000 rows).
    static let wholeReadThreshold = 2_000, statisticsChunk = 500

    struct Entry: Sendable, Equatable {
        var name: String
        var email: String
        var count: Int
        var last: Date
    }

    /// Counts one more mail to each of `recipients` (an address once per mail); a name given
    /// replaces the one kept, an empty one keeps it.
    func record(_ recipients: [MailAddress], owner: String, now: Date = Date()) async throws {
        let unique = Self.unique(recipients)
        guard !unique.isEmpty else { return }
        try await store.transaction { transaction in
            for address in unique {
                try await transaction.query("""
                    INSERT INTO collected_recipients (owner, email, name, folded, count, last_at) VALUES ($1, $2, $3, $4, 1, $5)
                    ON CONFLICT (owner, email) DO UPDATE SET
                        count = collected_recipients.count + 1,
                        last_at = excluded.last_at,
                        name = CASE WHEN excluded.name = '' THEN collected_recipients.name ELSE excluded.name END,
                        folded = CASE WHEN excluded.name = '' THEN collected_recipients.folded ELSE excluded.folded END
                    """, ContactStore.ownerKey(owner), .text(address.email.lowercased()), .text(address.name),
                    .text(Self.folded(address)), .time(now))
            }
        }
    }

    /// Brings in addresses collected elsewhere (the SPA's local-storage list, once): an address
    /// already known keeps its count. Returns how many were new.
    func importAddresses(_ recipients: [MailAddress], owner: String, now: Date = Date()) async throws -> Int {
        let unique = Self.unique(recipients)
        guard unique.count <= Self.maxImport else { throw ContactFields.invalid("at most \(Self.maxImport) addresses at once") }
        return try await store.transaction { transaction in
            var added = 0
            for address in unique {
                let rows = try await transaction.query("""
                    INSERT INTO collected_recipients (owner, email, name, folded, count, last_at) VALUES ($1, $2, $3, $4, 1, $5)
                    ON CONFLICT (owner, email) DO NOTHING RETURNING email
                    """, ContactStore.ownerKey(owner), .text(address.email.lowercased()), .text(address.name),
                    .text(Self.folded(address)), .time(now))
                added += rows.count
            }
            return added
        }
    }

    /// The collected addresses matching `query` (name or address; 초성 too).
    func matching(_ query: String, owner: String) async throws -> [Entry] {
        let rows = try await store.transaction {
            try await $0.query("SELECT name, email, count, last_at FROM collected_recipients WHERE owner = $1 AND folded LIKE $2 ESCAPE '\\'",
                               ContactStore.ownerKey(owner), ContactStore.containsPattern(KoreanInitials.folded(query)))
        }
        let entries = Self.entries(rows)
        // The LIKE on the fold was exact unless the query has syllables (KoreanInitials.foldDecides).
        return KoreanInitials.foldDecides(query) ? entries : entries.filter { KoreanInitials.matches(query, in: $0.name + "\n" + $0.email) }
    }

    /// How often and when `owner` last wrote to each of `emails` (lowercased keys).
    func statistics(for emails: [String], owner: String) async throws -> [String: Entry] {
        var result: [String: Entry] = [:]
        let keys = Array(Set(emails.map { $0.lowercased() }))
        // Many addresses (a broad query): one read of all the owner's rows beats many IN lists.
        if keys.count > Self.wholeReadThreshold {
            let wanted = Set(keys)
            let rows = try await store.transaction {
                try await $0.query("SELECT name, email, count, last_at FROM collected_recipients WHERE owner = $1", ContactStore.ownerKey(owner))
            }
            for entry in Self.entries(rows) where wanted.contains(entry.email) { result[entry.email] = entry }
            return result
        }
        for start in stride(from: 0, to: keys.count, by: Self.statisticsChunk) {
            let chunk = keys[start..<min(keys.count, start + Self.statisticsChunk)]
            let placeholders = chunk.indices.map { "$\($0 - start + 2)" }.joined(separator: ", ")
            let rows = try await store.transaction {
                try await $0.query("SELECT name, email, count, last_at FROM collected_recipients WHERE owner = $1 AND email IN (\(placeholders))",
                                   [ContactStore.ownerKey(owner)] + chunk.map { .text($0) })
            }
            for entry in Self.entries(rows) { result[entry.email] = entry }
        }
        return result
    }

    private static func entries(_ rows: [StateRow]) -> [Entry] {
        rows.compactMap { row in
            guard let name = row.text(0), let email = row.text(1), let count = row.integer(2), let last = row.time(3) else { return nil }
            return Entry(name: name, email: email, count: Int(count), last: last)
        }
    }

    private static func folded(_ address: MailAddress) -> String {
        KoreanInitials.folded(address.name + "\n" + address.email)
    }

    /// Valid addresses only, each once (the first name given wins).
    private static func unique(_ recipients: [MailAddress]) -> [MailAddress] {
        var seen = Set<String>()
        return recipients.filter { ContactFields.isAddress($0.email) && !$0.name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } && seen.insert($0.email.lowercased()).inserted }
    }
}
