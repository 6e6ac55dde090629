import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MIME
import NIOCore
import Testing
@testable import Webmail

/// The mail, send and auth routes over the in-memory stores (`Sources/Webmail/InMemory`): fast
/// controller tests with no mail server. The same routes against Dovecot and Postfix:
/// `MailStackAPITests`, `ComposeAPITests`.
@Suite struct InMemoryRouteTests {
    static let user = "tester@zioinfo.co.kr"
    static let password = "right-password"

    /// A fresh mailbox, its outgoing side and the app over them.
    struct Fixture {
        let store = InMemoryMailStore(accounts: [InMemoryRouteTests.user: InMemoryRouteTests.password])
        let outgoing: InMemoryOutgoingStore
        let state: TemporaryDirectory

        init() throws {
            outgoing = InMemoryOutgoingStore(mailbox: store)
            state = try TemporaryDirectory()
        }

        func run(_ body: @Sendable (any TestClientProtocol, String) async throws -> Void) async throws {
            let app = try await buildApplication(configuration: makeTestConfiguration(stateDir: state.path),
                                                 dependencies: WebmailDependencies(inMemory: store, outgoing: outgoing))
            try await app.test(.router) { client in
                try await body(client, try await InMemoryRouteTests.login(client))
            }
        }

        @discardableResult
        func deliver(subject: String, text: String = "본문", flags: APIFlags = APIFlags(), folder: String = "INBOX") -> UInt32 {
            var builder = MessageBuilder(from: MailAddress(name: "보낸이", email: "sender@example.com"))
            builder.to = [MailAddress(email: InMemoryRouteTests.user)]
            builder.subject = subject
            builder.text = text
            return store.append(try! builder.build().bytes, to: folder, of: InMemoryRouteTests.user, flags: flags)!
        }
    }

    static func login(_ client: some TestClientProtocol, password: String = Self.password) async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: ["username": user, "password": password])
        let response = try await client.execute(uri: "/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                body: ByteBuffer(data: body))
        return response.json["access_token"] as? String ?? ""
    }

    static func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String,
                     json: [String: Any]? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body)
    }

    // MARK: - Auth

    @Test func loginWithTheRightPasswordGivesATokenAndTheWrongOneIs401() async throws {
        let fixture = try Fixture()
        try await fixture.run { client, token in
            #expect(!token.isEmpty)
            let me = try await Self.call(client, .get, "/auth/me", token: token)
            #expect(me.json["email"] as? String == Self.user)
            let body = try JSONSerialization.data(withJSONObject: ["username": Self.user, "password": "wrong"])
            let refused = try await client.execute(uri: "/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                   body: ByteBuffer(data: body))
            #expect(refused.status == .unauthorized)
            #expect(refused.json["detail"] as? String == "인증 실패")
        }
    }

    // MARK: - Mail

    @Test func listIsNewestFirstPagedAndFiltered() async throws {
        let fixture = try Fixture()
        fixture.deliver(subject: "첫째", flags: APIFlags(seen: true))
        fixture.deliver(subject: "둘째 회의")
        fixture.deliver(subject: "셋째", flags: APIFlags(seen: true, flagged: true))
        try await fixture.run { client, token in
            let page = try await Self.call(client, .get, "/mail/messages?folder=INBOX&size=2", token: token)
            #expect(page.status == .ok)
            #expect(page.json["total"] as? Int == 3)
            let subjects = (page.json["messages"] as? [[String: Any]])?.compactMap { $0["subject"] as? String }
            #expect(subjects == ["셋째", "둘째 회의"])
            let unseen = try await Self.call(client, .get, "/mail/messages?unseen=1", token: token)
            #expect((unseen.json["messages"] as? [[String: Any]])?.compactMap { $0["subject"] as? String } == ["둘째 회의"])
            let search = try await Self.call(client, .get, "/mail/messages?q=%ED%9A%8C%EC%9D%98", token: token)
            #expect(search.json["total"] as? Int == 1)
            let missing = try await Self.call(client, .get, "/mail/messages?folder=Nowhere", token: token)
            #expect(missing.status == .notFound)
        }
    }

    @Test func showReadsWithoutMarkingSeenAndAMissingUIDIs404() async throws {
        let fixture = try Fixture()
        let uid = fixture.deliver(subject: "읽을 메일", text: "안녕하세요")
        try await fixture.run { client, token in
            let shown = try await Self.call(client, .get, "/mail/messages/\(uid)?folder=INBOX", token: token)
            #expect(shown.status == .ok)
            #expect(shown.json["subject"] as? String == "읽을 메일")
            #expect((shown.json["text"] as? String)?.contains("안녕하세요") == true)
            #expect(fixture.store.contents(of: "INBOX", of: Self.user).first?.flags.seen == false)
            let missing = try await Self.call(client, .get, "/mail/messages/999?folder=INBOX", token: token)
            #expect(missing.status == .notFound)
        }
    }

    @Test func flagsChangeOnPatchAndInBulk() async throws {
        let fixture = try Fixture()
        let first = fixture.deliver(subject: "a")
        let second = fixture.deliver(subject: "b")
        try await fixture.run { client, token in
            let patched = try await Self.call(client, .patch, "/mail/messages/\(first)?folder=INBOX", token: token, json: ["seen": true])
            #expect(patched.status == .ok)
            let bulk = try await Self.call(client, .post, "/mail/messages/flags", token: token,
                                           json: ["folder": "INBOX", "uids": [first, second], "flagged": true])
            #expect(bulk.status == .ok)
            let flags = fixture.store.contents(of: "INBOX", of: Self.user).map(\.flags)
            #expect(flags == [APIFlags(seen: true, flagged: true), APIFlags(flagged: true)])
            let none = try await Self.call(client, .patch, "/mail/messages/\(first)", token: token, json: [:])
            #expect(none.status == .badRequest)
        }
    }

    @Test func moveAndDeleteGoThroughTrash() async throws {
        let fixture = try Fixture()
        let first = fixture.deliver(subject: "옮길 메일")
        let second = fixture.deliver(subject: "지울 메일")
        try await fixture.run { client, token in
            let moved = try await Self.call(client, .post, "/mail/messages/move", token: token,
                                            json: ["folder": "INBOX", "uids": [first], "to": "Junk"])
            #expect(moved.status == .ok)
            #expect(fixture.store.contents(of: "Junk", of: Self.user).count == 1)
            let deleted = try await Self.call(client, .delete, "/mail/messages/\(second)?folder=INBOX", token: token)
            #expect(deleted.status == .ok)
            #expect(fixture.store.contents(of: "INBOX", of: Self.user).isEmpty)
            let trashed = try #require(fixture.store.contents(of: "Trash", of: Self.user).first)
            // Deleting in Trash expunges.
            _ = try await Self.call(client, .delete, "/mail/messages/\(trashed.uid)?folder=Trash", token: token)
            #expect(fixture.store.contents(of: "Trash", of: Self.user).isEmpty)
        }
    }

    // MARK: - Send

    @Test func aSentMessageReachesTheServerWithoutBccAndIsCopiedToSent() async throws {
        let fixture = try Fixture()
        let original = fixture.deliver(subject: "원본")
        try await fixture.run { client, token in
            let sent = try await Self.call(client, .post, "/mail/send", token: token, json: [
                "to": [["name": "정보", "email": "info@지오정보기술.한국"]], "bcc": ["hidden@example.com"],
                "subject": "답장", "text": "보냅니다", "reply_to_uid": original, "reply_to_folder": "INBOX",
            ])
            #expect(sent.status == .ok, "\(sent.text)")
            #expect(sent.json["sent_copy"] as? Bool == true)
            let submission = try #require(fixture.outgoing.submissions.first)
            #expect(submission.recipients == ["info@지오정보기술.한국", "hidden@example.com"])
            #expect(!String(decoding: submission.bytes, as: UTF8.self).contains("hidden@example.com"))
            let copy = try #require(fixture.store.contents(of: "Sent", of: Self.user).first)
            #expect(copy.bytes == submission.bytes)
            #expect(MIMEMessage(copy.bytes).messageID == sent.json["message_id"] as? String)
            #expect(fixture.store.contents(of: "INBOX", of: Self.user).first?.flags.answered == true)
        }
    }

    @Test func aRefusedSendKeepsADraftWithItsBccAndSaysSo() async throws {
        let fixture = try Fixture()
        fixture.outgoing.refuseSends(.recipientRefused("nobody@zioinfo.co.kr", code: 550))
        try await fixture.run { client, token in
            let response = try await Self.call(client, .post, "/mail/send", token: token, json: [
                "to": ["nobody@zioinfo.co.kr"], "bcc": ["hidden@example.com"], "subject": "거부될 메일", "text": "본문",
            ])
            #expect(response.status == .badRequest)
            #expect(response.json["status"] as? String == "kept_in_drafts")
            #expect((response.json["detail"] as? String)?.contains("임시보관함에 저장되었습니다") == true)
            #expect(fixture.outgoing.submissions.isEmpty)
            let draft = try #require(fixture.store.contents(of: "Drafts", of: Self.user).first)
            #expect(draft.flags.draft)
            #expect(MIMEMessage(draft.bytes).bcc.map(\.email) == ["hidden@example.com"])
        }
    }

    @Test func aDraftIsStoredAndReplacedAndInvalidInputIs400() async throws {
        let fixture = try Fixture()
        try await fixture.run { client, token in
            let first = try await Self.call(client, .post, "/mail/drafts", token: token, json: ["subject": "초안", "text": "1"])
            #expect(first.status == .ok, "\(first.text)")
            let uid = try #require(first.json["uid"] as? Int)
            #expect(first.json["folder"] as? String == "Drafts")
            let second = try await Self.call(client, .post, "/mail/drafts", token: token,
                                             json: ["subject": "초안", "text": "2", "draft_uid": uid])
            #expect(second.status == .ok)
            #expect(fixture.store.contents(of: "Drafts", of: Self.user).map(\.uid) == [UInt32(uid) + 1])
            let injected = try await Self.call(client, .post, "/mail/send", token: token,
                                               json: ["to": ["a@example.com"], "subject": "x\r\nBcc: v@example.com"])
            #expect(injected.status == .badRequest)
            #expect(fixture.outgoing.submissions.isEmpty)
        }
    }
}
