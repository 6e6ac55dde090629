import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Webmail

/// The folder routes (issue 25) over the in-memory store: the controller's checks and the
/// answers' shapes without a mail server. The same routes on Dovecot: `FolderManagementTests`.
@Suite struct FolderRoutesInMemoryTests {
    typealias Routes = InMemoryRouteTests

    @Test func aSubFolderIsMadeRenamedWithItsParentAndDeletedIntoTrash() async throws {
        let fixture = try Routes.Fixture()
        try await fixture.run { client, token in
            let made = try await Routes.call(client, .post, "/mail/folders", token: token, json: ["name": "  프로젝트  "])
            #expect(made.status == .created && made.json["name"] as? String == "프로젝트", "\(made.text)")
            let child = try await Routes.call(client, .post, "/mail/folders", token: token, json: ["name": "부산3D", "parent": "프로젝트"])
            #expect(child.json["name"] as? String == "프로젝트/부산3D" && child.json["display_name"] as? String == "부산3D", "\(child.text)")
            fixture.deliver(subject: "도면", folder: "프로젝트/부산3D")

            let renamed = try await Routes.call(client, .patch, "/mail/folders", token: token, json: ["name": "프로젝트", "new_name": "완료"])
            #expect(renamed.status == .ok && renamed.json["name"] as? String == "완료", "\(renamed.text)")
            #expect(fixture.store.contents(of: "완료/부산3D", of: Routes.user).count == 1)

            let deleted = try await Routes.call(client, .delete, "/mail/folders?name=%EC%99%84%EB%A3%8C", token: token)
            let what = deleted.json["deleted"] as? [String: Any]
            #expect(what?["folders"] as? [String] == ["완료/부산3D", "완료"] && what?["trashed"] as? Int == 1, "\(deleted.text)")
            #expect(fixture.store.contents(of: "Trash", of: Routes.user).count == 1)
        }
    }

    @Test func refusalsCarryTheirCodes() async throws {
        let fixture = try Routes.Fixture()
        try await fixture.run { client, token in
            let cases: [(HTTPRequest.Method, String, [String: Any]?, HTTPResponse.Status, String)] = [
                (.patch, "/mail/folders", ["name": "Trash", "new_name": "버린 메일"], .badRequest, "special_folder"),
                (.delete, "/mail/folders?name=INBOX", nil, .badRequest, "special_folder"),
                (.post, "/mail/folders", ["name": "Sent"], .conflict, "folder_exists"),
                (.post, "/mail/folders", ["name": "탭\tx"], .badRequest, "invalid_folder_name"),
                (.post, "/mail/folders", ["name": ""], .badRequest, "invalid_folder_name"),
                (.post, "/mail/folders", ["name": String(repeating: "a", count: 256)], .badRequest, "invalid_folder_name"),
                (.post, "/mail/folders", ["name": "x", "parent": "없음"], .notFound, "folder_not_found"),
                (.post, "/mail/folders/empty", ["name": "Sent"], .badRequest, "folder_not_emptiable"),
            ]
            for (method, uri, json, status, code) in cases {
                let answer = try await Routes.call(client, method, uri, token: token, json: json)
                #expect(answer.status == status && answer.json["code"] as? String == code, "\(method) \(uri) \(json ?? [:]): \(answer.text)")
            }
        }
    }

    @Test func spamGoesToJunkAndBackAndTrashEmpties() async throws {
        let fixture = try Routes.Fixture()
        try await fixture.run { client, token in
            let uid = fixture.deliver(subject: "광고")
            let spam = try await Routes.call(client, .post, "/mail/messages/spam", token: token, json: ["uids": [uid], "spam": true])
            let moved = try #require(spam.json["moved"] as? [String: Any], "\(spam.text)")
            #expect(moved["folder"] as? String == "Junk")
            let back = try await Routes.call(client, .post, "/mail/messages/spam", token: token,
                                             json: ["folder": "Junk", "uids": moved["uids"] ?? [], "spam": false])
            #expect((back.json["moved"] as? [String: Any])?["folder"] as? String == "INBOX", "\(back.text)")
            fixture.deliver(subject: "버림", folder: "Trash")
            let emptied = try await Routes.call(client, .post, "/mail/folders/empty", token: token, json: ["name": "Trash"])
            #expect(emptied.json["expunged"] as? Int == 1, "\(emptied.text)")
            #expect(fixture.store.contents(of: "Trash", of: Routes.user).isEmpty)
        }
    }
}
