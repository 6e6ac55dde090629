import Foundation
import MIME
import Testing
@testable import Webmail

/// The address book, its groups, the collected recipients and the suggestions over them, on both
/// engines of the state store (SQLite and PostgreSQL).
@Suite struct ContactStoreTests {
    static let owner = "ythong@zioinfo.co.kr"

    static func contact(_ name: String, _ email: String, department: String = "", company: String = "", groups: [String]? = nil) -> ContactFields {
        ContactFields(name: name, emails: [email], phones: ["010-1234-5678"], company: company, department: department, groups: groups)
    }

    @Test(arguments: TestEngine.available)
    func contactsAreAddedFoundChangedAndDeletedPerOwner(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let contacts = ContactStore(store: try fixture.makeStore())
            let hong = try await contacts.create(Self.contact("홍영태", "ythong@zioinfo.co.kr", department: "정보화팀"), owner: Self.owner)
            _ = try await contacts.create(Self.contact("김철수", "cskim@example.com", company: "한국전력"), owner: Self.owner)
            _ = try await contacts.create(Self.contact("남의 연락처", "other@example.com"), owner: "someone@zioinfo.co.kr")

            #expect(try await contacts.list(owner: Self.owner, query: "", group: nil, page: 1).contacts.map(\.name) == ["김철수", "홍영태"])
            #expect(try await contacts.list(owner: Self.owner, query: "ㅎㅇㅌ", group: nil, page: 1).contacts.map(\.id) == [hong.id])
            #expect(try await contacts.list(owner: Self.owner, query: "ㅈㅂㅎㅌ", group: nil, page: 1).contacts.map(\.id) == [hong.id])
            #expect(try await contacts.list(owner: Self.owner, query: "한국", group: nil, page: 1).contacts.map(\.name) == ["김철수"])
            #expect(try await contacts.list(owner: Self.owner, query: "50%_", group: nil, page: 1).total == 0)
            #expect(try await contacts.list(owner: Self.owner, query: "남의", group: nil, page: 1).total == 0)

            let changed = try #require(try await contacts.update(hong.id, with: ContactFields(title: "책임"), owner: Self.owner))
            #expect(changed.title == "책임" && changed.name == "홍영태" && changed.emails == ["ythong@zioinfo.co.kr"])
            #expect(try await contacts.update(hong.id, with: ContactFields(title: "x"), owner: "someone@zioinfo.co.kr") == nil)
            #expect(try await contacts.contact(hong.id, owner: Self.owner)?.title == "책임")
            #expect(try await contacts.delete(hong.id, owner: "someone@zioinfo.co.kr") == false)
            #expect(try await contacts.delete(hong.id, owner: Self.owner))
            #expect(try await contacts.contact(hong.id, owner: Self.owner) == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func groupsHoldContactsAndGoAwayWithoutThem(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let contacts = ContactStore(store: try fixture.makeStore())
            let team = try await contacts.createGroup(named: "정보화팀", owner: Self.owner)
            await #expect(throws: APIError.self) { try await contacts.createGroup(named: "정보화팀", owner: Self.owner) }
            await #expect(throws: APIError.self) { try await contacts.create(Self.contact("x", "x@example.com", groups: ["no-such-group"]), owner: Self.owner) }
            let member = try await contacts.create(Self.contact("홍영태", "ythong@zioinfo.co.kr", groups: [team.id]), owner: Self.owner)
            _ = try await contacts.create(Self.contact("김철수", "cskim@example.com"), owner: Self.owner)

            #expect(try await contacts.groups(owner: Self.owner) == [ContactGroup(id: team.id, name: "정보화팀", count: 1)])
            #expect(try await contacts.list(owner: Self.owner, query: "", group: team.id, page: 1).contacts.map(\.id) == [member.id])
            #expect(try await contacts.renameGroup(team.id, to: "정보보안팀", owner: Self.owner)?.name == "정보보안팀")
            #expect(try await contacts.groups(owner: "someone@zioinfo.co.kr").isEmpty)
            #expect(try await contacts.deleteGroup(team.id, owner: Self.owner))
            #expect(try await contacts.contact(member.id, owner: Self.owner)?.groups == [])
            #expect(try await contacts.groups(owner: Self.owner).isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func collectedRecipientsCountEveryMailAndRankSuggestions(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let store = try fixture.makeStore()
            let contacts = ContactStore(store: store), collected = CollectedRecipients(store: store)
            let directory = CompanyDirectory(csv: "name,email,department,title,phone\n황영태,yhwang@zioinfo.co.kr,정보화팀,선임,\n")
            let suggestions = RecipientSuggestions(contacts: contacts, collected: collected, directory: directory)
            let now = Date()
            _ = try await contacts.create(Self.contact("홍영태", "ythong@zioinfo.co.kr", department: "정보화팀"), owner: Self.owner)
            let often = MailAddress(name: "한유태", email: "ythan@example.com")
            for day in 0..<5 {
                try await collected.record([often, MailAddress(email: "YTHAN@example.com")], owner: Self.owner, now: now.addingTimeInterval(Double(day - 5) * 86_400))
            }
            let stats = try await collected.statistics(for: ["ythan@example.com"], owner: Self.owner)
            #expect(stats["ythan@example.com"]?.count == 5 && stats["ythan@example.com"]?.name == "한유태")
            #expect(try await collected.importAddresses([often, MailAddress(name: "새 사람", email: "new@example.com")], owner: Self.owner) == 1)
            // A broad query's many addresses are read in one go: the same answer.
            let many = (0..<CollectedRecipients.wholeReadThreshold + 1).map { "nobody\($0)@example.com" } + ["ythan@example.com"]
            #expect(try await collected.statistics(for: many, owner: Self.owner) == stats)

            let found = try await suggestions.suggest("ㅎㅇㅌ", owner: Self.owner, now: now)
            #expect(found.map(\.email) == ["ythan@example.com", "ythong@zioinfo.co.kr", "yhwang@zioinfo.co.kr"], "\(found)")
            #expect(found.map(\.source) == [.collected, .contact, .directory])
            // The department matches too, and another user sees none of this user's.
            #expect(try await suggestions.suggest("ㅈㅂㅎㅌ", owner: Self.owner, now: now).map(\.email) == ["ythong@zioinfo.co.kr", "yhwang@zioinfo.co.kr"])
            #expect(try await suggestions.suggest("ㅎㅇㅌ", owner: "someone@zioinfo.co.kr", now: now).map(\.source) == [.directory])
        }
    }

    @Test(arguments: TestEngine.available)
    func aGroupIsSuggestedWithItsMembers(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let store = try fixture.makeStore()
            let contacts = ContactStore(store: store)
            let suggestions = RecipientSuggestions(contacts: contacts, collected: CollectedRecipients(store: store), directory: .empty)
            let team = try await contacts.createGroup(named: "기획팀", owner: Self.owner)
            _ = try await contacts.create(Self.contact("이기획", "plan@example.com", groups: [team.id]), owner: Self.owner)
            _ = try await contacts.create(Self.contact("박기획", "park@example.com", groups: [team.id]), owner: Self.owner)
            let found = try await suggestions.suggest("ㄱㅎㅌ", owner: Self.owner)
            let group = try #require(found.first { $0.source == .group })
            #expect(group.name == "기획팀" && Set(group.members?.map(\.email) ?? []) == ["plan@example.com", "park@example.com"])
        }
    }

    @Test func theDirectoryFileIsReadAsCSV() {
        let csv = "\u{FEFF}name,email,department,title,phone\r\n\"Kim, J\",kimj@zioinfo.co.kr,\"정보화팀\",\"선임 \"\"A\"\"\",02-1\r\n주소 없음,not-an-address,x,y,z\n홍영태,ythong@zioinfo.co.kr\n"
        let directory = CompanyDirectory(csv: csv)
        #expect(directory.entries == [
            CompanyDirectory.Entry(name: "Kim, J", email: "kimj@zioinfo.co.kr", department: "정보화팀", title: "선임 \"A\"", phone: "02-1"),
            CompanyDirectory.Entry(name: "홍영태", email: "ythong@zioinfo.co.kr", department: "", title: "", phone: ""),
        ])
        #expect(directory.matching("ㅈㅂㅎㅌ").map(\.email) == ["kimj@zioinfo.co.kr"])
    }
}
