import Foundation
import Hummingbird

/// A user's address book and groups, rows of the state store (`contacts`, `contact_groups`), so
/// they follow the user to any PC and every instance sees them. A contact is kept as its JSON
/// (the truth) next to derived columns, rewritten with it on every write: the sort name,
/// `folded` (syllables reduced to initial consonants, `KoreanInitials.folded`), `search`
/// (`KoreanSearchKey`: one `LIKE` decides a match), the group ids, and one `contact_emails` row
/// per address (what the suggestions scan and rank in SQL, `ContactStore+Suggestions`).
struct ContactStore: Sendable {
    let store: any StateStore
    static let pageSize = 50
    /// How many contacts one user may keep.
    static let maxContacts = 20_000

    struct Page: Sendable, ResponseEncodable {
        let contacts: [Contact]
        let total: Int
        let page: Int
        let pageSize: Int
        enum CodingKeys: String, CodingKey { case contacts, total, page, pageSize = "page_size" }
    }

    static func ownerKey(_ owner: String) -> StateValue { .text(owner.lowercased()) }

    /// `LIKE` pattern for "contains `text`", its wildcards escaped (`ESCAPE '\'`).
    static func containsPattern(_ text: String) -> StateValue {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return .text("%" + escaped + "%")
    }

    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    // MARK: Contacts

    /// The contacts matching `query` (name, address, company, department, title; 초성 too) and
    /// in `group`, by name, one page (1-based) at a time.
    func list(owner: String, query: String, group: String?, page: Int) async throws -> Page {
        let candidates = try await candidates(owner: owner, query: query, group: group)
        let start = (page - 1) * Self.pageSize
        let slice = start < candidates.count ? Array(candidates[start..<min(candidates.count, start + Self.pageSize)]) : []
        return Page(contacts: slice, total: candidates.count, page: page, pageSize: Self.pageSize)
    }

    /// Every contact of `owner` matching `query` (all with an empty one) and in `group`, by name.
    func candidates(owner: String, query: String, group: String?) async throws -> [Contact] {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        var sql = "SELECT body FROM contacts WHERE owner = $1"
        var binds: [StateValue] = [Self.ownerKey(owner)]
        if !trimmed.isEmpty {
            // Exact (KoreanSearchKey): no row comes back only to be refused here.
            binds.append(.text("%" + KoreanSearchKey.pattern(trimmed) + "%"))
            sql += " AND search LIKE $\(binds.count) ESCAPE '\\'"
        }
        if let group {
            binds.append(Self.containsPattern("," + group + ","))
            sql += " AND member_of LIKE $\(binds.count) ESCAPE '\\'"
        }
        sql += " ORDER BY name, id"
        let statement = sql, values = binds
        let rows = try await store.transaction { try await $0.query(statement, values) }
        return try await OffLoopWork.run { rows.compactMap(Self.decoded) }
    }

    private static func decoded(_ row: StateRow) -> Contact? {
        row.text(0).flatMap { try? decoder.decode(Contact.self, from: Data($0.utf8)) }
    }

    /// The members of each of `groups` (group id → contacts, by name), in one query for them all
    /// (the suggestions list every matched group with its members).
    func members(of groups: [String], owner: String) async throws -> [String: [Contact]] {
        let wanted = Set(groups)
        guard !wanted.isEmpty else { return [:] }
        let (conditions, binds) = Self.memberOf(wanted, owner: owner, column: "member_of")
        let statement = "SELECT body FROM contacts WHERE owner = $1 AND (\(conditions)) ORDER BY name, id", values = binds
        let rows = try await store.transaction { try await $0.query(statement, values) }
        return try await OffLoopWork.run {
            var members: [String: [Contact]] = [:]
            for row in rows {
                guard let body = row.text(0), let contact = try? Self.decoder.decode(Contact.self, from: Data(body.utf8)) else { continue }
                for group in contact.groups where wanted.contains(group) { members[group, default: []].append(contact) }
            }
            return members
        }
    }

    /// "`column` holds one of `groups`" for the contacts of `owner` (bound as $1), and its binds.
    static func memberOf(_ groups: Set<String>, owner: String, column: String) -> (conditions: String, binds: [StateValue]) {
        var binds: [StateValue] = [ownerKey(owner)]
        for group in groups.sorted() { binds.append(containsPattern("," + group + ",")) }
        return ((2...binds.count).map { "\(column) LIKE $\($0) ESCAPE '\\'" }.joined(separator: " OR "), binds)
    }

    func contact(_ id: String, owner: String) async throws -> Contact? {
        let rows = try await store.transaction {
            try await $0.query("SELECT body FROM contacts WHERE id = $1 AND owner = $2", .text(id), Self.ownerKey(owner))
        }
        return try rows.first?.text(0).map { try Self.decoder.decode(Contact.self, from: Data($0.utf8)) }
    }

    /// Adds a contact; its groups must be the owner's.
    func create(_ fields: ContactFields, owner: String, now: Date = Date()) async throws -> Contact {
        var contact = Self.blank(now: now)
        try fields.apply(to: &contact)
        let added = contact
        try await store.transaction { transaction in
            try await transaction.serialize(on: "contacts " + owner.lowercased())
            let count = try await transaction.query("SELECT COUNT(*) FROM contacts WHERE owner = $1", Self.ownerKey(owner)).first?.integer(0) ?? 0
            guard count < Self.maxContacts else { throw ContactFields.invalid("the address book is full (\(Self.maxContacts) contacts)") }
            try await Self.checkGroups(added.groups, owner: owner, in: transaction)
            try await Self.insert(added, owner: owner, in: transaction)
        }
        return added
    }

    /// A contact with a new id and nothing else yet.
    static func blank(now: Date) -> Contact {
        Contact(id: UUID().uuidString.lowercased(), name: "", emails: [], phones: [], company: "", department: "",
                title: "", memo: "", groups: [], updatedAt: timestamp(now))
    }

    /// Contacts per transaction of `save`.
    static let contactsPerBatch = 1_000

    /// Writes an import's outcome: `contacts`, the ones in `replacing` rewritten, the others
    /// added (at most `maxContacts` in all), a thousand a transaction.
    func save(_ contacts: [Contact], replacing: Set<String>, owner: String) async throws {
        for start in stride(from: 0, to: contacts.count, by: Self.contactsPerBatch) {
            let batch = Array(contacts[start..<min(contacts.count, start + Self.contactsPerBatch)])
            try await store.transaction { transaction in
                try await transaction.serialize(on: "contacts " + owner.lowercased())
                let replaced = batch.map(\.id).filter { replacing.contains($0) }
                let count = try await transaction.query("SELECT COUNT(*) FROM contacts WHERE owner = $1", Self.ownerKey(owner)).first?.integer(0) ?? 0
                guard Int(count) + batch.count - replaced.count <= Self.maxContacts else {
                    throw ContactFields.invalid("the address book is full (\(Self.maxContacts) contacts)")
                }
                try await Self.remove(replaced, owner: owner, in: transaction)
                try await Self.insert(batch, owner: owner, in: transaction)
            }
        }
    }

    /// Changes the fields given; nil when there is no such contact of `owner`.
    func update(_ id: String, with fields: ContactFields, owner: String, now: Date = Date()) async throws -> Contact? {
        try await store.transaction { transaction in
            let rows = try await transaction.query("SELECT body FROM contacts WHERE id = $1 AND owner = $2", .text(id), Self.ownerKey(owner))
            guard let body = rows.first?.text(0) else { return nil }
            var contact = try Self.decoder.decode(Contact.self, from: Data(body.utf8))
            try fields.apply(to: &contact)
            contact.updatedAt = Self.timestamp(now)
            try await Self.checkGroups(contact.groups, owner: owner, in: transaction)
            try await Self.remove([id], owner: owner, in: transaction)
            try await Self.insert(contact, owner: owner, in: transaction)
            return contact
        }
    }

    /// False when there is no such contact of `owner`.
    func delete(_ id: String, owner: String) async throws -> Bool {
        try await store.transaction { transaction in
            try await transaction.query("DELETE FROM contact_emails WHERE contact_id = $1 AND owner = $2", .text(id), Self.ownerKey(owner))
            return try await transaction.query("DELETE FROM contacts WHERE id = $1 AND owner = $2 RETURNING id", .text(id), Self.ownerKey(owner))
        }.isEmpty == false
    }

    private static func insert(_ contact: Contact, owner: String, in transaction: any StateTransaction) async throws {
        try await insert([contact], owner: owner, in: transaction)
    }

    /// Rows per multi-row INSERT (`contact_emails` has 10 columns: 1,000 binds a statement).
    static let rowsPerInsert = 100

    /// Writes `contacts` (none of them present) with their `contact_emails` rows, a hundred
    /// rows a statement: an import of thousands is a few dozen round trips, not thousands.
    static func insert(_ contacts: [Contact], owner: String, in transaction: any StateTransaction) async throws {
        let now = StateValue.time(Date())
        var contactRows: [[StateValue]] = [], emailRows: [[StateValue]] = []
        for contact in contacts {
            let body = String(decoding: try encoder.encode(contact), as: UTF8.self)
            let members = "," + contact.groups.joined(separator: ",") + ","
            let search = KoreanSearchKey.encoded(contact.searchText)
            contactRows.append([.text(contact.id), ownerKey(owner), .text(contact.name.lowercased()), .text(body),
                                .text(KoreanInitials.folded(contact.searchText)), .text(members), now, .text(search)])
            let nameSearch = KoreanSearchKey.encoded(contact.name)
            for (position, email) in contact.emails.enumerated() {
                emailRows.append([ownerKey(owner), .text(contact.id), .int(position), .text(email), .text(email.lowercased()),
                                  .text(contact.name), .text(contact.department), .text(search), .text(nameSearch),
                                  .text(KoreanSearchKey.encoded(email))])
            }
        }
        try await insertRows(contactRows, into: "contacts (id, owner, name, body, folded, member_of, updated_at, search)", in: transaction)
        try await insertRows(emailRows, into: """
            contact_emails (owner, contact_id, position, email, email_key, name, department, search, name_search, email_search)
            """, in: transaction)
    }

    private static func insertRows(_ rows: [[StateValue]], into table: String, in transaction: any StateTransaction) async throws {
        for start in stride(from: 0, to: rows.count, by: rowsPerInsert) {
            let chunk = rows[start..<min(rows.count, start + rowsPerInsert)]
            var binds: [StateValue] = [], tuples: [String] = []
            for row in chunk {
                tuples.append("(" + row.indices.map { "$\(binds.count + $0 + 1)" }.joined(separator: ", ") + ")")
                binds += row
            }
            try await transaction.query("INSERT INTO \(table) VALUES " + tuples.joined(separator: ", "), binds)
        }
    }

    /// Deletes the contacts `ids` of `owner` with their `contact_emails` rows.
    static func remove(_ ids: [String], owner: String, in transaction: any StateTransaction) async throws {
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = ids[start..<min(ids.count, start + 500)]
            let placeholders = chunk.indices.map { "$\($0 - start + 2)" }.joined(separator: ", ")
            let binds = [ownerKey(owner)] + chunk.map { StateValue.text($0) }
            try await transaction.query("DELETE FROM contact_emails WHERE owner = $1 AND contact_id IN (\(placeholders))", binds)
            try await transaction.query("DELETE FROM contacts WHERE owner = $1 AND id IN (\(placeholders))", binds)
        }
    }

    /// Schema step 5: the search keys and `contact_emails` rows of every contact written before
    /// it, from their JSON (in the migration's transaction).
    @Sendable static func backfillSearchKeys(_ transaction: any StateTransaction) async throws {
        let rows = try await transaction.query("SELECT owner, body FROM contacts WHERE search IS NULL")
        var byOwner: [String: [Contact]] = [:]
        for row in rows {
            guard let owner = row.text(0), let body = row.text(1),
                  let contact = try? decoder.decode(Contact.self, from: Data(body.utf8)) else { continue }
            byOwner[owner, default: []].append(contact)
        }
        for (owner, contacts) in byOwner {
            try await remove(contacts.map(\.id), owner: owner, in: transaction)
            try await insert(contacts, owner: owner, in: transaction)
        }
    }

    private static func checkGroups(_ groups: [String], owner: String, in transaction: any StateTransaction) async throws {
        for group in groups {
            let found = try await transaction.query("SELECT id FROM contact_groups WHERE id = $1 AND owner = $2", .text(group), ownerKey(owner))
            guard !found.isEmpty else { throw ContactFields.invalid("groups: there is no group \(group)") }
        }
    }

    // MARK: Groups

    func groups(owner: String) async throws -> [ContactGroup] {
        try await store.transaction { transaction in
            let rows = try await transaction.query("""
                SELECT g.id, g.name, (SELECT COUNT(*) FROM contacts c WHERE c.owner = g.owner AND c.member_of LIKE '%,' || g.id || ',%')
                FROM contact_groups g WHERE g.owner = $1 ORDER BY g.name_key, g.id
                """, Self.ownerKey(owner))
            return rows.compactMap { row in
                guard let id = row.text(0), let name = row.text(1) else { return nil }
                return ContactGroup(id: id, name: name, count: Int(row.integer(2) ?? 0))
            }
        }
    }

    /// A new group; `groupExists` (409) when the owner has one of that name (case-insensitive).
    func createGroup(named raw: String, owner: String, now: Date = Date()) async throws -> ContactGroup {
        let name = try Self.groupName(raw)
        let id = UUID().uuidString.lowercased()
        try await store.transaction { transaction in
            try await transaction.serialize(on: "contact groups " + owner.lowercased())
            try await Self.checkUnique(name, owner: owner, in: transaction)
            try await transaction.query("INSERT INTO contact_groups (id, owner, name, name_key, created_at) VALUES ($1, $2, $3, $4, $5)",
                                        .text(id), Self.ownerKey(owner), .text(name), .text(name.lowercased()), .time(now))
        }
        return ContactGroup(id: id, name: name, count: 0)
    }

    /// Nil when there is no such group of `owner`.
    func renameGroup(_ id: String, to raw: String, owner: String) async throws -> ContactGroup? {
        let name = try Self.groupName(raw)
        let renamed = try await store.transaction { transaction in
            try await transaction.serialize(on: "contact groups " + owner.lowercased())
            let current = try await transaction.query("SELECT name_key FROM contact_groups WHERE id = $1 AND owner = $2", .text(id), Self.ownerKey(owner))
            guard let key = current.first?.text(0) else { return false }
            if key != name.lowercased() { try await Self.checkUnique(name, owner: owner, in: transaction) }
            try await transaction.query("UPDATE contact_groups SET name = $1, name_key = $2 WHERE id = $3",
                                        .text(name), .text(name.lowercased()), .text(id))
            return true
        }
        guard renamed else { return nil }
        return try await groups(owner: owner).first { $0.id == id }
    }

    /// Deletes the group (its contacts stay, without it); false when there is no such group.
    func deleteGroup(_ id: String, owner: String) async throws -> Bool {
        let members = try await candidates(owner: owner, query: "", group: id)
        return try await store.transaction { transaction in
            let removed = try await transaction.query("DELETE FROM contact_groups WHERE id = $1 AND owner = $2 RETURNING id", .text(id), Self.ownerKey(owner))
            guard !removed.isEmpty else { return false }
            let changed = members.map { contact in
                var contact = contact
                contact.groups.removeAll { $0 == id }
                return contact
            }
            try await Self.remove(changed.map(\.id), owner: owner, in: transaction)
            try await Self.insert(changed, owner: owner, in: transaction)
            return true
        }
    }

    private static func groupName(_ raw: String) throws -> String {
        var contact = Contact(id: "", name: "", emails: [], phones: [], company: "", department: "", title: "", memo: "", groups: [], updatedAt: "")
        try ContactFields(name: raw).apply(to: &contact)
        return contact.name
    }

    private static func checkUnique(_ name: String, owner: String, in transaction: any StateTransaction) async throws {
        let existing = try await transaction.query("SELECT id FROM contact_groups WHERE owner = $1 AND name_key = $2", ownerKey(owner), .text(name.lowercased()))
        guard existing.isEmpty else { throw APIError(.conflict, "같은 이름의 그룹이 있습니다: \(name)", code: .groupExists) }
    }
}
