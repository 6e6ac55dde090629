import Testing
@testable import Webmail

/// Issue 27, speed: every matched group's members come from one query; each group still lists
/// exactly its own members (a contact in two groups in both, by name), on SQLite and PostgreSQL.
@Suite struct SuggestionGroupsTests {
    @Test(arguments: TestEngine.available)
    func severalMatchedGroupsEachListTheirOwnMembers(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let store = try fixture.makeStore()
            let contacts = ContactStore(store: store)
            let owner = ContactStoreTests.owner
            let suggestions = RecipientSuggestions(contacts: contacts, collected: CollectedRecipients(store: store), directory: .empty)
            let plan = try await contacts.createGroup(named: "기획팀", owner: owner)
            let sales = try await contacts.createGroup(named: "기술영업팀", owner: owner)
            let other = try await contacts.createGroup(named: "총무", owner: owner)
            _ = try await contacts.create(ContactStoreTests.contact("이기획", "plan@example.com", groups: [plan.id]), owner: owner)
            _ = try await contacts.create(ContactStoreTests.contact("박겸직", "both@example.com", groups: [plan.id, sales.id]), owner: owner)
            _ = try await contacts.create(ContactStoreTests.contact("최영업", "sales@example.com", groups: [sales.id]), owner: owner)
            _ = try await contacts.create(ContactStoreTests.contact("정총무", "admin@example.com", groups: [other.id]), owner: owner)
            let found = try await suggestions.suggest("팀", owner: owner)
            let groups = Dictionary(uniqueKeysWithValues: found.filter { $0.source == .group }.map { ($0.name, $0.members?.map(\.email) ?? []) })
            #expect(groups == ["기획팀": ["both@example.com", "plan@example.com"], "기술영업팀": ["both@example.com", "sales@example.com"]])
            let members = try await contacts.members(of: [plan.id, sales.id, other.id], owner: owner)
            for group in [plan, sales, other] {
                let one = try await contacts.candidates(owner: owner, query: "", group: group.id)
                #expect(members[group.id] == one, "\(group.name)")
            }
        }
    }
}
