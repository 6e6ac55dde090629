import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MIME
import NIOCore
import Testing
@testable import Webmail

/// Issue 27: sender identities (`identities` in `PATCH /settings`) over the in-memory stores:
/// validated, each new address put to the (scripted) mail server before anything is stored, and a
/// send's or draft's `from` limited to the login address and the stored identities. The same
/// against the real Postfix: `IdentityStackTests`.
@Suite struct IdentityRouteTests {
    typealias Route = InMemoryRouteTests
    static let user = InMemoryRouteTests.user

    struct Fixture {
        let base: InMemoryRouteTests.Fixture
        let senders = InMemorySenderCheck()

        init() throws { base = try InMemoryRouteTests.Fixture() }

        func run(_ body: @Sendable (any TestClientProtocol, String) async throws -> Void) async throws {
            var dependencies = WebmailDependencies(inMemory: base.store, outgoing: base.outgoing)
            dependencies.senderCheck = senders
            let app = try await buildApplication(configuration: makeTestConfiguration(stateDir: base.state.path), dependencies: dependencies)
            try await app.test(.router) { client in
                try await body(client, try await InMemoryRouteTests.login(client))
            }
        }
    }

    static func patch(_ client: some TestClientProtocol, _ token: String, _ body: String) async throws -> TestResponse {
        try await SettingsRouteTests.patch(client, token, body)
    }

    static func identities(_ response: TestResponse) -> [[String: Any]] {
        response.json["identities"] as? [[String: Any]] ?? []
    }

    @Test func anAllowedIdentityIsStoredNormalizedAndARefusedOneIs403NamingItStoringNothing() async throws {
        let fixture = try Fixture()
        fixture.senders.allow("sales@zioinfo.co.kr", for: Self.user)
        try await fixture.run { client, token in
            let fresh = try await client.execute(uri: "/settings", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(Self.identities(fresh).isEmpty)
            let added = try await Self.patch(client, token, #"""
                {"identities":[{"id":"sales","email":" Sales@Zioinfo.co.kr ","name":" 영업팀 ","signature":"work","reply_to":"sales@zioinfo.co.kr"}]}
                """#)
            #expect(added.status == .ok, "\(added.text)")
            let stored = try #require(Self.identities(added).first)
            #expect(stored["email"] as? String == "sales@zioinfo.co.kr" && stored["name"] as? String == "영업팀")
            #expect(stored["signature"] as? String == "work" && stored["reply_to"] as? String == "sales@zioinfo.co.kr")

            let refused = try await Self.patch(client, token, #"""
                {"identities":[{"id":"sales","email":"sales@zioinfo.co.kr","name":"영업팀"},{"id":"ceo","email":"ceo@zioinfo.co.kr","name":"대표"}]}
                """#)
            #expect(refused.status == .forbidden)
            #expect(refused.json["code"] as? String == "sender_not_allowed")
            #expect((refused.json["detail"] as? String)?.contains("ceo@zioinfo.co.kr") == true, "\(refused.text)")
            let after = try await client.execute(uri: "/settings", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(Self.identities(after).map { $0["email"] as? String } == ["sales@zioinfo.co.kr"])
            #expect(Self.identities(after).first?["name"] as? String == "영업팀")
        }
    }

    @Test func aMailServerThatCannotBeAskedStoresNothingAnd502() async throws {
        let fixture = try Fixture()
        fixture.senders.fail(true)
        try await fixture.run { client, token in
            let response = try await Self.patch(client, token, #"{"identities":[{"id":"a","email":"sales@zioinfo.co.kr","name":""}]}"#)
            #expect(response.status == .badGateway)
            #expect(response.json["code"] as? String == "mail_server_unavailable")
            let after = try await client.execute(uri: "/settings", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(Self.identities(after).isEmpty)
            // Removing identities, or keeping the stored ones, asks nobody.
            #expect(try await Self.patch(client, token, #"{"identities":[]}"#).status == .ok)
        }
    }

    @Test(arguments: [
        #"{"identities":{"id":"a"}}"#,
        #"{"identities":[{"id":"a","email":"not an address"}]}"#,
        #"{"identities":[{"id":"a","email":"a@b"}]}"#,
        #"{"identities":[{"id":"a","email":"a,b@zioinfo.co.kr"}]}"#,
        #"{"identities":[{"id":"a","email":"x@zioinfo.co.kr\r\nBcc: y@z.kr"}]}"#,
        #"{"identities":[{"id":"a","email":"x@zioinfo.co.kr","name":"a\r\nBcc: x@y.kr"}]}"#,
        #"{"identities":[{"id":"A!","email":"x@zioinfo.co.kr"}]}"#,
        #"{"identities":[{"id":"a","email":"x@zioinfo.co.kr"},{"id":"a","email":"y@zioinfo.co.kr"}]}"#,
        #"{"identities":[{"id":"a","email":"x@zioinfo.co.kr"},{"id":"b","email":"X@zioinfo.co.kr"}]}"#,
        #"{"identities":[{"id":"a","email":"x@zioinfo.co.kr","colour":"red"}]}"#,
        #"{"identities":[{"id":"a","email":"x@zioinfo.co.kr","reply_to":"nobody"}]}"#,
        #"{"identities":[{"id":"a","email":"x@zioinfo.co.kr","signature":"Work!"}]}"#,
        #"{"identities":[{"id":"a","email":"x@zioinfo.co.kr","name":"\#(String(repeating: "가", count: 101))"}]}"#,
        "{\"identities\":[" + (0...10).map { #"{"id":"i\#($0)","email":"i\#($0)@zioinfo.co.kr"}"# }.joined(separator: ",") + "]}",
    ])
    func aBadIdentityListIsRefusedNamedWithoutAskingTheServer(body: String) async throws {
        let fixture = try Fixture()
        fixture.senders.fail(true)   // a check would answer 502: a 400 proves none was made
        try await fixture.run { client, token in
            let refused = try await Self.patch(client, token, body)
            #expect(refused.status == .badRequest, "\(refused.text)")
            #expect(refused.json["code"] as? String == "invalid_setting")
            #expect((refused.json["detail"] as? String)?.hasPrefix("identities") == true, "\(refused.text)")
        }
    }

    @Test func aSendAsAnIdentityUsesItsAddressNameAndReplyToAndAnUnknownFromIs400() async throws {
        let fixture = try Fixture()
        fixture.senders.allow("sales@zioinfo.co.kr", for: Self.user)
        try await fixture.run { client, token in
            #expect(try await Self.patch(client, token, #"""
                {"display_name":"홍영태","identities":[{"id":"sales","email":"sales@zioinfo.co.kr","name":"지오 영업팀","reply_to":"orders@zioinfo.co.kr"}]}
                """#).status == .ok)
            let sent = try await Route.call(client, .post, "/mail/send", token: token, json: [
                "from": "Sales@zioinfo.co.kr", "to": ["info@zioinfo.co.kr"], "subject": "견적", "text": "보냅니다",
            ])
            #expect(sent.status == .ok, "\(sent.text)")
            let submission = try #require(fixture.base.outgoing.submissions.last)
            #expect(submission.sender == "sales@zioinfo.co.kr")
            let message = MIMEMessage(submission.bytes)
            #expect(message.from == [MailAddress(name: "지오 영업팀", email: "sales@zioinfo.co.kr")])
            #expect(message.replyTo.map(\.email) == ["orders@zioinfo.co.kr"])

            // The login address is always allowed, with the display name.
            #expect(try await Route.call(client, .post, "/mail/send", token: token, json: [
                "from": Self.user, "to": ["info@zioinfo.co.kr"], "subject": "견적", "text": "보냅니다",
            ]).status == .ok)
            let own = MIMEMessage(try #require(fixture.base.outgoing.submissions.last).bytes)
            #expect(own.from == [MailAddress(name: "홍영태", email: Self.user)] && own.replyTo.isEmpty)

            let count = fixture.base.outgoing.submissions.count
            for path in ["/mail/send", "/mail/drafts"] {
                let forged = try await Route.call(client, .post, path, token: token, json: [
                    "from": "ceo@zioinfo.co.kr", "to": ["info@zioinfo.co.kr"], "subject": "위조", "text": "x",
                ])
                #expect(forged.status == .badRequest)
                #expect(forged.json["code"] as? String == "unknown_sender")
                #expect((forged.json["detail"] as? String)?.contains("ceo@zioinfo.co.kr") == true)
            }
            #expect(fixture.base.outgoing.submissions.count == count)
            #expect(fixture.base.store.contents(of: "Drafts", of: Self.user).isEmpty)
        }
    }

    @Test func aDraftKeepsTheIdentityAsItsFrom() async throws {
        let fixture = try Fixture()
        fixture.senders.allow("sales@zioinfo.co.kr", for: Self.user)
        try await fixture.run { client, token in
            #expect(try await Self.patch(client, token, #"{"identities":[{"id":"sales","email":"sales@zioinfo.co.kr","name":"영업팀"}]}"#).status == .ok)
            let saved = try await Route.call(client, .post, "/mail/drafts", token: token, json: ["from": "sales@zioinfo.co.kr", "subject": "초안"])
            #expect(saved.status == .ok, "\(saved.text)")
            let draft = try #require(fixture.base.store.contents(of: "Drafts", of: Self.user).first)
            #expect(MIMEMessage(draft.bytes).from.map(\.email) == ["sales@zioinfo.co.kr"])
        }
    }

    @Test func aSenderRefusalOfTheServerIs403AndKeepsTheMailInDrafts() async throws {
        let fixture = try Fixture()
        fixture.base.outgoing.refuseSends(.senderRefused("sales@zioinfo.co.kr"))
        try await fixture.run { client, token in
            let response = try await Route.call(client, .post, "/mail/send", token: token, json: [
                "to": ["info@zioinfo.co.kr"], "subject": "거부될 메일", "text": "본문",
            ])
            #expect(response.status == .forbidden)
            #expect(response.json["code"] as? String == "sender_not_allowed")
            #expect(response.json["status"] as? String == "kept_in_drafts")
            #expect((response.json["detail"] as? String)?.contains("sales@zioinfo.co.kr 주소로 보내는 것을 허용하지 않습니다") == true)
            #expect(fixture.base.store.contents(of: "Drafts", of: Self.user).count == 1)
        }
    }
}
