import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MIME
import NIOCore
import Testing
@testable import Webmail

/// Issue 27: sender identities through the real Postfix and Dovecot. Postfix's submission lets
/// `webmailtest-sender` send as `webmailtest-team@` (the stack's sender_login map) and as nothing
/// else: adding that identity is checked with the server and then the mail arrives with that
/// From and envelope sender; adding another is refused; and a send whose From the server refuses
/// (an identity the server no longer allows) answers `sender_not_allowed` and keeps the mail in Drafts.
@Suite(.serialized, .enabled(if: MailStackEnvironment.runnable))
struct IdentityStackTests {
    static let team = "webmailtest-team@zioinfo.co.kr"

    /// A `SenderChecking` that lets every address through, as if the server's map changed
    /// after the identity was added: the send itself then meets Postfix's refusal.
    struct StaleCheck: SenderChecking {
        func check(_ address: String, session: Session) async -> SenderVerdict { .allowed }
    }

    static func withApp(senderCheck: (any SenderChecking)? = nil, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await ComposeAccounts.ensure()
        let state = try TemporaryDirectory()
        var dependencies = WebmailDependencies()
        dependencies.senderCheck = senderCheck
        let app = try await buildApplication(configuration: try MailStackAPITests.stackConfiguration(state: state), dependencies: dependencies)
        try await app.test(.router) { client in try await body(client) }
    }

    static func patch(_ client: some TestClientProtocol, _ token: String, _ json: String) async throws -> TestResponse {
        try await client.execute(uri: "/settings", method: .patch,
                                 headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: ByteBuffer(string: json))
    }

    @Test func anAllowedIdentityIsAddedAndItsMailArrivesWithThatFromAndEnvelopeSender() async throws {
        try await Self.withApp { client in
            let sender = try await ComposeAPITests.login(client, ComposeAccounts.sender)
            let recipient = try await ComposeAPITests.login(client, ComposeAccounts.recipient)
            let added = try await Self.patch(client, sender, #"{"identities":[{"id":"team","email":"\#(Self.team)","name":"테스트팀"}]}"#)
            #expect(added.status == .ok, "\(added.text)")
            let subject = ComposeAPITests.unique("보낸 사람 별칭")
            let sent = try await ComposeAPITests.post(client, "/mail/send", token: sender, [
                "from": Self.team, "to": [ComposeAccounts.recipient], "subject": subject, "text": "팀 주소로 보냅니다.",
            ])
            #expect(sent.status == .ok, "\(sent.text)")
            let uid = try await ComposeAPITests.waitForMessage(client, token: recipient, subject: subject)
            let raw = try await ComposeAPITests.raw(client, token: recipient, uid: uid)
            #expect(try DisplayNameStackTests.pythonReadsFrom(raw) == "테스트팀 <\(Self.team)>")
            // Dovecot's LMTP writes the envelope sender as Return-Path.
            let head = String(decoding: raw, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
            #expect(head.lowercased().contains("return-path: <\(Self.team)>"), "\(head)")
        }
    }

    @Test func anIdentityTheServerDoesNotAllowIsRefusedNamedAndNotStored() async throws {
        try await Self.withApp { client in
            let sender = try await ComposeAPITests.login(client, ComposeAccounts.sender)
            let refused = try await Self.patch(client, sender, #"{"identities":[{"id":"ceo","email":"ceo@zioinfo.co.kr","name":"대표"}]}"#)
            #expect(refused.status == .forbidden, "\(refused.text)")
            #expect(refused.json["code"] as? String == "sender_not_allowed")
            #expect((refused.json["detail"] as? String)?.contains("ceo@zioinfo.co.kr") == true)
            let after = try await client.execute(uri: "/settings", method: .get, headers: [.authorization: "Bearer \(sender)"])
            #expect((after.json["identities"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func aFromThePostfixRefusesIs403SenderNotAllowedAndTheMailIsKeptInDrafts() async throws {
        try await Self.withApp(senderCheck: StaleCheck()) { client in
            let sender = try await ComposeAPITests.login(client, ComposeAccounts.sender)
            // sales@ belongs to ythong in the stack's map, not to this login.
            #expect(try await Self.patch(client, sender, #"{"identities":[{"id":"sales","email":"sales@zioinfo.co.kr","name":"영업"}]}"#).status == .ok)
            let subject = ComposeAPITests.unique("위조된 보낸 사람")
            let response = try await ComposeAPITests.post(client, "/mail/send", token: sender, [
                "from": "sales@zioinfo.co.kr", "to": [ComposeAccounts.recipient], "subject": subject, "text": "보내지면 안 됩니다.",
            ])
            #expect(response.status == .forbidden, "\(response.text)")
            #expect(response.json["code"] as? String == "sender_not_allowed")
            #expect(response.json["status"] as? String == "kept_in_drafts")
            let detail = try #require(response.json["detail"] as? String)
            #expect(detail.contains("sales@zioinfo.co.kr 주소로 보내는 것을 허용하지 않습니다") && detail.contains("임시보관함"), "\(detail)")
            #expect(try await ComposeAPITests.search(client, token: sender, folder: "Drafts", subject: subject).count == 1)
        }
    }
}
