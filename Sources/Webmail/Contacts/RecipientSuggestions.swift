import Foundation
import Hummingbird
import MIME

/// `GET /contacts/suggest?q=`: who the user may mean while addressing a mail, from the address
/// book (contacts and groups), the collected recipients and the company directory, matched on
/// name, address, company and department (초성 too, `KoreanInitials`), and ranked by how often
/// and how recently the user wrote to them.
struct RecipientSuggestions: Sendable {
    let contacts: ContactStore
    let collected: CollectedRecipients
    let directory: CompanyDirectory
    static let defaultLimit = 10, maxLimit = 30

    enum Source: String, Encodable, Sendable { case contact, group, collected, directory }

    struct Suggestion: Encodable, Sendable, Equatable {
        let name: String
        /// Empty for a group: its `members` are the addresses.
        let email: String
        let source: Source
        /// A group's members (the SPA turns a chosen group into their chips).
        var members: [MailAddress]?
        /// A contact's or directory entry's department, for the list's second line.
        var department: String?
        var score: Double

        enum CodingKeys: String, CodingKey { case name, email, source, members, department }
    }

    struct List: ResponseEncodable, Sendable {
        let suggestions: [Suggestion]
    }

    /// The best `limit` suggestions. Contacts come from `contact_emails`, matched and (those
    /// never written to) ranked and cut in SQL (`ContactStore.suggestionRows`); the collected
    /// recipients and directory entries that match are few and narrow, ranked here.
    func suggest(_ raw: String, owner: String, limit: Int = defaultLimit, now: Date = Date()) async throws -> [Suggestion] {
        let query = raw.trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else { return [] }
        // Twice the limit: a few addresses may be two contacts' (one suggestion each address).
        var contactRows = try await contacts.suggestionRows(query, owner: owner, limit: 2 * limit)
        let matchedCollected = try await collected.matching(query, owner: owner)
        let groups = try await contacts.groupNames(owner: owner).filter { KoreanInitials.matches(query, in: $0.name) }
        let matchedDirectory = directory.matching(query)
        // A matching contact beyond the SQL cut still replaces a directory entry of its address
        // (and takes its score when that is higher), as it would have in the full list. Only an
        // entry matching at the start can lift it: without, the entry scores below every contact
        // that made the cut, and so would the contact.
        let seen = Set(contactRows.map { $0.email.lowercased() })
        let lifting = matchedDirectory.filter { !seen.contains($0.email.lowercased()) && Self.positionBonus(query, $0.name, $0.email) > 0 }
        contactRows += try await contacts.suggestionRows(query, among: lifting.map(\.email), owner: owner)
        var statistics = try await collected.statistics(for: matchedDirectory.map(\.email), owner: owner)
        for entry in matchedCollected { statistics[entry.email.lowercased()] = entry }
        for row in contactRows { if let usage = row.usage { statistics[row.email.lowercased()] = usage } }

        var candidates: [Suggestion] = []
        for row in contactRows {
            candidates.append(Suggestion(name: row.name, email: row.email, source: .contact, department: Self.nonEmpty(row.department),
                                         score: 2 + (row.atStart ? 3 : 0)))
        }
        for entry in matchedCollected {
            candidates.append(Suggestion(name: entry.name, email: entry.email, source: .collected,
                                         score: Self.positionBonus(query, entry.name, entry.email)))
        }
        for entry in matchedDirectory {
            candidates.append(Suggestion(name: entry.name, email: entry.email, source: .directory, department: Self.nonEmpty(entry.department),
                                         score: 0.5 + Self.positionBonus(query, entry.name, entry.email)))
        }
        // One suggestion per address: the contact's name wins over the collected or directory one.
        var best: [String: Suggestion] = [:]
        for var candidate in candidates {
            let key = candidate.email.lowercased()
            if let entry = statistics[key] { candidate.score += Self.usage(entry, now: now) }
            if let kept = best[key], Self.precedence(kept.source) <= Self.precedence(candidate.source) {
                best[key]?.score = max(kept.score, candidate.score)
                continue
            }
            best[key] = candidate
        }
        var ranked = Array(best.values)
        let membersByGroup = try await contacts.firstAddresses(of: groups.map(\.id), owner: owner)
        for group in groups {
            let members = membersByGroup[group.id] ?? []
            guard !members.isEmpty else { continue }
            let usage = members.compactMap { statistics[$0.email.lowercased()] }.map { Self.usage($0, now: now) }.max() ?? 0
            ranked.append(Suggestion(name: group.name, email: "", source: .group, members: members,
                                     score: 1.5 + usage + Self.positionBonus(query, group.name, "")))
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : ($0.name, $0.email) < ($1.name, $1.email) }
        return Array(ranked.prefix(limit))
    }

    /// Frequency (logarithmic: the 50th mail counts less than the 2nd) plus recency (halved every 30 days).
    static func usage(_ entry: CollectedRecipients.Entry, now: Date) -> Double {
        let days = max(0, now.timeIntervalSince(entry.last) / 86_400)
        return 4 * log2(1 + Double(entry.count)) + 8 * pow(0.5, days / 30)
    }

    /// A match at the start of the name or the address counts more than one inside it.
    static func positionBonus(_ query: String, _ name: String, _ email: String) -> Double {
        KoreanInitials.matchesAtStart(query, in: name) || KoreanInitials.matchesAtStart(query, in: email) ? 3 : 0
    }

    private static func precedence(_ source: Source) -> Int {
        switch source { case .contact: 0; case .group: 1; case .collected: 2; case .directory: 3 }
    }

    private static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }
}
