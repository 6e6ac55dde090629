import Foundation
import Hummingbird
import HummingbirdTesting
import MIME
import NIOCore
import Testing
@testable import Webmail

/// Internationalised addresses through the API and the real Postfix, which does not offer
/// SMTPUTF8 (`PostfixSubmissionTests`): an IDN domain goes out in Punycode; a non-ASCII local
/// part cannot go out at all and is a clear 400, the message kept in Drafts. (With SMTPUTF8:
/// `SMTPUTF8FakeServerTests`.)
@Suite(.serialized, .enabled(if: MailStackEnvironment.runnable))
struct InternationalAddressAPITests {
    static let punycode = "info@xn--ok0b03zs0doze9ycftd.xn--3e0b707e"

    /// The API takes the address (it used to refuse it as invalid) and Postfix sees it in
    /// Punycode. The mail stack relays nowhere, so Postfix refuses it at RCPT ("Relay access
    /// denied", 554) naming the Punycode form; the message is kept in Drafts, addressed the same way.
    @Test func anIDNRecipientIsAcceptedAndReachesPostfixInPunycode() async throws {
        try await ComposeAPITests.withApp { client in
            let sender = try await ComposeAPITests.login(client, ComposeAccounts.sender)
            let subject = ComposeAPITests.unique("IDN 주소")
            let response = try await ComposeAPITests.post(client, "/mail/send", token: sender, [
                "to": [["name": "지오정보기술", "email": "info@지오정보기술.한국"]], "subject": subject, "text": "국제화 도메인으로 보냅니다.",
            ])
            let detail = response.json["detail"] as? String ?? ""
            #expect(response.status == .badRequest, "\(response.text)")
            #expect(detail.contains("받는 사람 \(Self.punycode) 거부됨 (554)"), "Postfix's refusal, not ours: \(detail)")
            #expect(response.json["status"] as? String == "kept_in_drafts")
            let drafts = try await ComposeAPITests.search(client, token: sender, folder: "Drafts", subject: subject)
            let kept = try #require(drafts.first?["uid"] as? Int)
            let raw = try await ComposeAPITests.raw(client, token: sender, uid: kept, folder: "Drafts")
            #expect(MIMEMessage(raw).to.map(\.email) == [Self.punycode])
            #expect(raw.allSatisfy { $0 < 0x80 }, "7-bit message without SMTPUTF8")
            try await client.execute(uri: "/mail/messages/\(kept)?folder=Drafts", method: .delete,
                                     headers: [.authorization: "Bearer \(sender)"]) { _ in }
        }
    }

    /// Saving a draft to an IDN address works too (the builder used to refuse it).
    @Test func aDraftToAnIDNAddressIsSaved() async throws {
        try await ComposeAPITests.withApp { client in
            let sender = try await ComposeAPITests.login(client, ComposeAccounts.sender)
            let response = try await ComposeAPITests.post(client, "/mail/drafts", token: sender, [
                "to": ["info@지오정보기술.한국"], "subject": ComposeAPITests.unique("IDN 초안"), "text": "초안",
            ])
            #expect(response.status == .ok, "\(response.text)")
            let uid = try #require(response.json["uid"] as? Int)
            let raw = try await ComposeAPITests.raw(client, token: sender, uid: uid, folder: "Drafts")
            #expect(MIMEMessage(raw).to.map(\.email) == [Self.punycode])
            try await client.execute(uri: "/mail/messages/\(uid)?folder=Drafts", method: .delete,
                                     headers: [.authorization: "Bearer \(sender)"]) { _ in }
        }
    }

    @Test func aNonASCIILocalPartIs400WithoutSMTPUTF8AndKeptInDrafts() async throws {
        try await ComposeAPITests.withApp { client in
            let sender = try await ComposeAPITests.login(client, ComposeAccounts.sender)
            let subject = ComposeAPITests.unique("한글 주소")
            let response = try await ComposeAPITests.post(client, "/mail/send", token: sender, [
                "to": ["홍길동@지오정보기술.한국"], "subject": subject, "text": "본문",
            ])
            #expect(response.status == .badRequest, "\(response.text)")
            let detail = response.json["detail"] as? String ?? ""
            #expect(detail.contains("홍길동@") && detail.contains("SMTPUTF8"), "\(detail)")
            #expect(response.json["status"] as? String == "kept_in_drafts")
            let drafts = try await ComposeAPITests.search(client, token: sender, folder: "Drafts", subject: subject)
            let kept = try #require(drafts.first?["uid"] as? Int)
            try await client.execute(uri: "/mail/messages/\(kept)?folder=Drafts", method: .delete,
                                     headers: [.authorization: "Bearer \(sender)"]) { _ in }
        }
    }
}
