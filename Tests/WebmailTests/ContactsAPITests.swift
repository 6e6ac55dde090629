import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Webmail

/// `/contacts…` over HTTP (the in-memory mail side, the state store on SQLite): shapes, refusals
/// and their codes, and a send recording its recipients for the suggestions.
@Suite struct ContactsAPITests {
    typealias Routes = InMemoryRouteTests

    @Test func aContactIsAddedListedChangedAndDeleted() async throws {
        let fixture = try Routes.Fixture()
        try await fixture.run { client, token in
            let made = try await Routes.call(client, .post, "/contacts", token: token, json: [
                "name": "홍영태", "emails": ["ythong@zioinfo.co.kr", "yt@example.com"], "phones": ["010-1234-5678"],
                "company": "지오정보기술", "department": "정보화팀", "title": "책임", "memo": "점심\n월요일",
            ])
            #expect(made.status == .created, "\(made.text)")
            let id = try #require(made.json["id"] as? String)
            #expect(made.json["emails"] as? [String] == ["ythong@zioinfo.co.kr", "yt@example.com"])

            let listed = try await Routes.call(client, .get, "/api/contacts?q=%E3%85%8E%E3%85%87%E3%85%8C&page=1", token: token) // ㅎㅇㅌ
            #expect(listed.json["total"] as? Int == 1 && (listed.json["contacts"] as? [[String: Any]])?.first?["id"] as? String == id, "\(listed.text)")
            let changed = try await Routes.call(client, .patch, "/contacts/\(id)", token: token, json: ["title": "수석"])
            #expect(changed.status == .ok && changed.json["title"] as? String == "수석" && changed.json["company"] as? String == "지오정보기술")
            #expect(try await Routes.call(client, .get, "/contacts/\(id)", token: token).json["title"] as? String == "수석")
            #expect(try await Routes.call(client, .delete, "/contacts/\(id)", token: token).status == .noContent)
            let gone = try await Routes.call(client, .get, "/contacts/\(id)", token: token)
            #expect(gone.status == .notFound && gone.json["code"] as? String == "contact_not_found")
        }
    }

    @Test func groupsAreMadeRenamedAndFilterTheList() async throws {
        let fixture = try Routes.Fixture()
        try await fixture.run { client, token in
            let group = try await Routes.call(client, .post, "/contacts/groups", token: token, json: ["name": "정보화팀"])
            #expect(group.status == .created, "\(group.text)")
            let id = try #require(group.json["id"] as? String)
            let again = try await Routes.call(client, .post, "/contacts/groups", token: token, json: ["name": "정보화팀"])
            #expect(again.status == .conflict && again.json["code"] as? String == "group_exists")
            _ = try await Routes.call(client, .post, "/contacts", token: token, json: ["name": "홍영태", "emails": ["yt@zioinfo.co.kr"], "groups": [id]])
            _ = try await Routes.call(client, .post, "/contacts", token: token, json: ["name": "김철수", "emails": ["cs@zioinfo.co.kr"]])
            let members = try await Routes.call(client, .get, "/contacts?group=\(id)", token: token)
            #expect((members.json["contacts"] as? [[String: Any]])?.map { $0["name"] as? String } == ["홍영태"], "\(members.text)")
            let renamed = try await Routes.call(client, .patch, "/contacts/groups/\(id)", token: token, json: ["name": "정보보안팀"])
            #expect(renamed.json["name"] as? String == "정보보안팀" && renamed.json["count"] as? Int == 1, "\(renamed.text)")
            let groups = try await Routes.call(client, .get, "/contacts/groups", token: token)
            #expect((groups.json["groups"] as? [[String: Any]])?.count == 1)
            #expect(try await Routes.call(client, .delete, "/contacts/groups/\(id)", token: token).status == .noContent)
        }
    }

    @Test func badContactsAreRefusedWithTheirCodes() async throws {
        let fixture = try Routes.Fixture()
        try await fixture.run { client, token in
            let cases: [(HTTPRequest.Method, String, [String: Any]?, HTTPResponse.Status, String)] = [
                (.post, "/contacts", ["memo": "이름도 주소도 없음"], .badRequest, "invalid_contact"),
                (.post, "/contacts", ["name": "x", "emails": ["not-an-address"]], .badRequest, "invalid_address"),
                (.post, "/contacts", ["name": "줄\r\n바꿈"], .badRequest, "forbidden_character"),
                (.post, "/contacts", ["name": String(repeating: "가", count: 201)], .badRequest, "invalid_contact"),
                (.post, "/contacts", ["name": "x", "groups": ["no-such-group"]], .badRequest, "invalid_contact"),
                (.get, "/contacts?page=0", nil, .badRequest, "invalid_parameter"),
                (.get, "/contacts/suggest?q=a&limit=500", nil, .badRequest, "invalid_parameter"),
                (.patch, "/contacts/nope", ["name": "x"], .notFound, "contact_not_found"),
                (.delete, "/contacts/groups/nope", nil, .notFound, "contact_not_found"),
            ]
            for (method, uri, json, status, code) in cases {
                let answer = try await Routes.call(client, method, uri, token: token, json: json)
                #expect(answer.status == status && answer.json["code"] as? String == code, "\(method) \(uri): \(answer.text)")
            }
            let anonymous = try await client.execute(uri: "/contacts", method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func aSentMailsRecipientsAreSuggestedAfterwards() async throws {
        let fixture = try Routes.Fixture()
        try await fixture.run { client, token in
            let sent = try await Routes.call(client, .post, "/mail/send", token: token, json: [
                "to": [["name": "한유태", "email": "ythan@example.com"]], "cc": ["박정보 <jbpark@example.com>"], "subject": "안녕", "text": "본문",
            ])
            #expect(sent.status == .ok, "\(sent.text)")
            let byInitials = try await Routes.call(client, .get, "/contacts/suggest?q=%E3%85%8E%E3%85%87", token: token) // ㅎㅇ
            let first = (byInitials.json["suggestions"] as? [[String: Any]])?.first
            #expect(first?["email"] as? String == "ythan@example.com" && first?["name"] as? String == "한유태" && first?["source"] as? String == "collected",
                    "\(byInitials.text)")
            let byAddress = try await Routes.call(client, .get, "/contacts/suggest?q=jbpark", token: token)
            #expect((byAddress.json["suggestions"] as? [[String: Any]])?.map { $0["name"] as? String } == ["박정보"], "\(byAddress.text)")

            let imported = try await Routes.call(client, .post, "/contacts/collected", token: token, json: [
                "recipients": [["name": "한유태", "email": "ythan@example.com"], ["name": "", "email": "old@example.com"]],
            ])
            #expect(imported.json["added"] as? Int == 1, "\(imported.text)")
            let empty = try await Routes.call(client, .get, "/contacts/suggest?q=", token: token)
            #expect((empty.json["suggestions"] as? [Any])?.isEmpty == true)
        }
    }
}
