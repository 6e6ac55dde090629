import Foundation
import HummingbirdTesting
import Testing
@testable import Webmail

/// The list tools' routes over the in-memory store (no mail server): the same answers as on
/// Dovecot (`ListToolsStackTests`) for order, filters and "all N".
@Suite struct ListToolsInMemoryTests {
    typealias Routes = InMemoryRouteTests

    @Test func ordersFiltersAndAllNAnswerAsOnDovecot() async throws {
        let fixture = try Routes.Fixture()
        let a = fixture.deliver(subject: "나 회의록", flags: APIFlags(seen: true))
        let b = fixture.deliver(subject: "가 견적서", text: String(repeating: "긴 본문 ", count: 200), flags: APIFlags(flagged: true))
        let c = fixture.deliver(subject: "다 계약서", flags: APIFlags(seen: true))
        try await fixture.run { client, token in
            func uids(_ query: String) async throws -> [Int] {
                let response = try await Routes.call(client, .get, "/mail/messages?folder=INBOX\(query)", token: token)
                #expect(response.status == .ok, "\(query): \(response.text)")
                return (response.json["messages"] as? [[String: Any]] ?? []).compactMap { $0["uid"] as? Int }
            }
            #expect(try await uids("") == [c, b, a].map(Int.init), "newest received first")
            #expect(try await uids("&sort=subject") == [b, a, c].map(Int.init))
            #expect(try await uids("&sort=size") == [Int(b)] + [c, a].map(Int.init))
            #expect(try await uids("&filter=unread") == [Int(b)])
            #expect(try await uids("&filter=flagged&sort=received&order=asc") == [Int(b)])
            for (query, code) in [("&sort=arrival", "invalid_sort"), ("&order=down", "invalid_sort"), ("&filter=new", "invalid_filter")] {
                let response = try await Routes.call(client, .get, "/mail/messages?folder=INBOX\(query)", token: token)
                #expect(response.status == .badRequest && response.json["code"] as? String == code, "\(query): \(response.text)")
            }
            let read = try await Routes.call(client, .post, "/mail/messages/flags", token: token,
                                             json: ["folder": "INBOX", "all": true, "search": ["filter": "unread"], "seen": true])
            #expect(read.json["count"] as? Int == 1)
            #expect(try await uids("&filter=unread").isEmpty)
            let moved = try await Routes.call(client, .post, "/mail/messages/delete", token: token,
                                              json: ["folder": "INBOX", "all": true, "search": ["q": "계약서"]])
            #expect(moved.json["count"] as? Int == 1, "\(moved.text)")
            #expect(try await uids("") == [b, a].map(Int.init))
            let neither = try await Routes.call(client, .post, "/mail/messages/move", token: token, json: ["folder": "INBOX", "to": "Trash"])
            #expect(neither.json["code"] as? String == "invalid_selection")
        }
    }
}
