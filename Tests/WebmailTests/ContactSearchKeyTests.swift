import Foundation
import Logging
import MIME
import PostgresNIO
import SQLiteNIO
import Testing
@testable import Webmail

/// Schema step 5 (the search keys and `contact_emails` rows the suggestions scan in SQL) on both
/// engines: filled for contacts written before it, kept in step with every write, and matching
/// exactly what `KoreanInitials` matches.
@Suite struct ContactSearchKeyTests {
    static let owner = "ythong@zioinfo.co.kr"

    static func contact(_ name: String, _ emails: [String], department: String = "", groups: [String]? = nil) -> ContactFields {
        ContactFields(name: name, emails: emails, company: "지오정보기술", department: department, groups: groups)
    }

    /// Runs `body` in a transaction on the fixture's database migrated to step 4 only (what the
    /// release before this one left), bypassing the store's own migration to the latest step.
    static func atStepFour(_ fixture: StateStoreFixture, _ body: @escaping @Sendable (any StateTransaction) async throws -> Void) async throws {
        let stepFour = Array(SchemaMigration.all.prefix(4))
        switch fixture.url {
        case .sqlite(let path):
            let connection = try await SQLiteConnection.open(storage: .file(path: try #require(path)))
            _ = try await connection.query("BEGIN IMMEDIATE")
            let transaction = SQLiteTransaction(connection: connection)
            _ = try await Migrator.migrate(transaction, migrations: stepFour)
            try await body(transaction)
            _ = try await connection.query("COMMIT")
            try await connection.close()
        case .postgres(let endpoint):
            let logger = StateStoreFixture.logger
            let client = try PostgresStateStore(endpoint: endpoint, caFile: nil, deadline: .seconds(30), maximumConnections: 1, logger: logger).client
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                try await client.withTransaction(logger: logger) { connection in
                    let transaction = PostgresTransaction(connection: connection, logger: logger)
                    _ = try await Migrator.migrate(transaction, migrations: stepFour)
                    try await body(transaction)
                }
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func stepFiveFillsTheContactsWrittenBeforeIt(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            try await Self.atStepFour(fixture) { transaction in
                // A contact as the release before wrote it: JSON, sort name, fold, groups.
                let hong = Contact(id: "c-hong", name: "홍영태", emails: ["ythong@zioinfo.co.kr", "YT@example.com"], phones: [], company: "지오정보기술",
                                   department: "영업1팀", title: "", memo: "", groups: [], updatedAt: "2026-12-01T00:00:00Z")
                let body = String(decoding: try JSONEncoder().encode(hong), as: UTF8.self)
                try await transaction.query("""
                    INSERT INTO contacts (id, owner, name, body, folded, member_of, updated_at) VALUES ($1, $2, $3, $4, $5, ',,', 0)
                    """, .text(hong.id), .text(Self.owner), .text("홍영태"), .text(body), .text(KoreanInitials.folded(hong.searchText)))
            }
            let store = try fixture.makeStore()
            let contacts = ContactStore(store: store)
            let suggestions = RecipientSuggestions(contacts: contacts, collected: CollectedRecipients(store: store), directory: .empty)
            #expect(try await suggestions.suggest("ㅎㅇㅌ", owner: Self.owner).map(\.email) == ["YT@example.com", "ythong@zioinfo.co.kr"])
            #expect(try await suggestions.suggest("영업", owner: Self.owner).count == 2)
            // A matching contact is suggested with every address of it, as before.
            #expect(try await suggestions.suggest("yt@", owner: Self.owner).count == 2)
            #expect(try await contacts.list(owner: Self.owner, query: "홍영", group: nil, page: 1).contacts.map(\.id) == ["c-hong"])
            let rows = try await store.transaction { try await $0.query("SELECT COUNT(*) FROM contacts WHERE search IS NULL") }
            #expect(rows.first?.integer(0) == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func theSuggestionRowsFollowEveryWrite(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let store = try fixture.makeStore()
            let contacts = ContactStore(store: store)
            let suggestions = RecipientSuggestions(contacts: contacts, collected: CollectedRecipients(store: store), directory: .empty)
            func emails(_ query: String) async throws -> [String] { try await suggestions.suggest(query, owner: Self.owner).map(\.email) }

            let team = try await contacts.createGroup(named: "영업팀", owner: Self.owner)
            let kim = try await contacts.create(Self.contact("김영업", ["kim@example.com"], groups: [team.id]), owner: Self.owner)
            #expect(try await emails("ㄱㅇㅇ") == ["kim@example.com"])
            _ = try #require(try await contacts.update(kim.id, with: ContactFields(name: "박민수", emails: ["park@example.com", "pms@example.com"]), owner: Self.owner))
            #expect(try await emails("ㄱㅇㅇ").isEmpty)
            #expect(try await emails("kim@").isEmpty)
            #expect(try await emails("박민").sorted() == ["park@example.com", "pms@example.com"])
            // The group expands to the members' first addresses, and lets go of them with the group.
            #expect(try await suggestions.suggest("영업팀", owner: Self.owner).first { $0.source == .group }?.members?.map(\.email) == ["park@example.com"])
            #expect(try await contacts.deleteGroup(team.id, owner: Self.owner))
            #expect(try await contacts.contact(kim.id, owner: Self.owner)?.groups == [])
            #expect(try await emails("박민").count == 2)

            // An import merges into it: the new address is suggested, the name stays.
            var entry = ImportedContact(line: 2)
            entry.name = "다른 이름"
            entry.emails = ["PARK@example.com", "minsu@example.com"]
            entry.department = "기획팀"
            let report = try await ContactImporter(contacts: contacts).run([entry], owner: Self.owner)
            #expect(report.merged == 1 && report.imported == 0)
            #expect(try await emails("minsu").sorted() == ["minsu@example.com", "park@example.com", "pms@example.com"])
            #expect(try await suggestions.suggest("ㄱㅎㅌ", owner: Self.owner).map(\.name) == ["박민수", "박민수", "박민수"])

            #expect(try await contacts.delete(kim.id, owner: Self.owner))
            #expect(try await emails("박민").isEmpty)
            let left = try await store.transaction { try await $0.query("SELECT COUNT(*) FROM contact_emails") }
            #expect(left.first?.integer(0) == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func oneLikeMatchesWhatTheMatcherMatches(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let contacts = ContactStore(store: try fixture.makeStore())
            let names = ["홍영태", "홍길동", "하영태", "호영", "혹시", "Kim_50%", "ＡＢＣ전자", "영업1팀장", "ㅎㅇ자모"]
            for (index, name) in names.enumerated() {
                _ = try await contacts.create(ContactFields(name: name, emails: ["p\(index)@example.com"]), owner: Self.owner)
            }
            // Decomposed (NFD) text is found like the composed one.
            _ = try await contacts.create(ContactFields(name: "정보".decomposedStringWithCanonicalMapping, emails: ["nfd@example.com"]), owner: Self.owner)
            let queries = ["ㅎㅇㅌ", "홍ㅇ", "호", "홍", "혹", "ㅎ", "영태", "영", "_50%", "kim_", "abc", "ＡＢ", "1팀", "ㅎㅇ", "ㅇㅌ", "정보", "ㅈㅂ", "x"]
            for query in queries {
                let found = try await contacts.list(owner: Self.owner, query: query, group: nil, page: 1).contacts.map(\.name)
                let expected = names.enumerated().filter { index, name in
                    KoreanInitials.matches(KoreanSearchKey.normalized(query), in: KoreanSearchKey.normalized(name + "\np\(index)@example.com"))
                }.map(\.element)
                #expect(Set(found.filter { $0 != "정보".decomposedStringWithCanonicalMapping }) == Set(expected), "query \(query)")
            }
            #expect(try await contacts.list(owner: Self.owner, query: "정보", group: nil, page: 1).contacts.map(\.emails) == [["nfd@example.com"]])
        }
    }

    @Test(arguments: TestEngine.available)
    func aBroadQueryRanksInSQLLikeTheWholeList(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let store = try fixture.makeStore()
            let contacts = ContactStore(store: store), collected = CollectedRecipients(store: store)
            let directory = CompanyDirectory(csv: "name,email,department,title,phone\n영업왕,king@zioinfo.co.kr,영업1팀,,\n")
            let suggestions = RecipientSuggestions(contacts: contacts, collected: collected, directory: directory)
            func entry(_ name: String, _ email: String, _ department: String) -> ImportedContact {
                var entry = ImportedContact(line: 1)
                entry.name = name
                entry.emails = [email]
                entry.department = department
                return entry
            }
            // 하늘 sorts after every 사원: beyond the SQL cut, yet it takes the directory entry's place.
            let entries = (0..<40).map { entry("사원" + String(format: "%02d", $0), "s\($0)@example.com", "영업\($0 % 2 + 1)팀") }
                + [entry("영업대표", "rep@example.com", "기획팀"), entry("하늘", "king@zioinfo.co.kr", "영업2팀")]
            let report = try await ContactImporter(contacts: contacts).run(entries, owner: Self.owner)
            #expect(report.imported == 42)
            try await collected.record([MailAddress(name: "사원39", email: "s39@example.com")], owner: Self.owner)
            let found = try await suggestions.suggest("영업", owner: Self.owner)
            // The written-to first, then matches at the start of a name (a contact's over the
            // directory's, whose entry the contact of that address replaces), then by name.
            #expect(found.map(\.email) == ["s39@example.com", "rep@example.com", "king@zioinfo.co.kr", "s0@example.com", "s1@example.com",
                                           "s2@example.com", "s3@example.com", "s4@example.com", "s5@example.com", "s6@example.com"], "\(found)")
            #expect(found[2].name == "하늘" && found[2].source == .contact)
        }
    }

    @Test(arguments: TestEngine.available)
    func anImportOfThousandsIsWrittenInBatchesAndMerged(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let contacts = ContactStore(store: try fixture.makeStore())
            _ = try await contacts.create(Self.contact("기존", ["old@example.com"], department: ""), owner: Self.owner)
            var entries: [ImportedContact] = []
            for index in 0..<2_500 {
                var entry = ImportedContact(line: index + 2)
                entry.name = "사람\(index)"
                entry.emails = ["p\(index)@example.com"]
                entries.append(entry)
            }
            // Merged: one into the contact already there (its empty department filled, its name
            // kept), one into a contact of the first batch, from the third.
            var old = ImportedContact(line: 9_000)
            old.name = "새 이름"
            old.emails = ["OLD@example.com"]
            old.department = "영업1팀"
            var again = ImportedContact(line: 9_001)
            again.emails = ["p5@example.com", "p5-home@example.com"]
            entries += [old, again]
            let report = try await ContactImporter(contacts: contacts).run(entries, owner: Self.owner)
            #expect(report == ContactImporter.Report(imported: 2_500, merged: 2, skipped: []))
            #expect(try await contacts.list(owner: Self.owner, query: "", group: nil, page: 1).total == 2_501)
            let kept = try #require(try await contacts.list(owner: Self.owner, query: "old@", group: nil, page: 1).contacts.first)
            #expect(kept.name == "기존" && kept.department == "영업1팀")
            #expect(try await contacts.list(owner: Self.owner, query: "p5-home", group: nil, page: 1).contacts.map(\.name) == ["사람5"])
        }
    }
}
