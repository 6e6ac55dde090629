import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MIME
import NIOCore
import Testing
@testable import Webmail

/// HTML mail through the API on the real Dovecot + Postfix (issue 28): inline images by upload,
/// by included part and as data: URIs; forward as .eml; an HTML draft reopened and sent on.
@Suite(.serialized, .enabled(if: MailStackEnvironment.runnable))
struct HTMLComposeStackTests {
    typealias API = ComposeAPITests

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + testPayload(3_000, seed: 7)
    static let otherPNG: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + testPayload(2_000, seed: 8)

    static func shape(_ part: MIMEPart) -> String {
        let type = "\(part.contentType.type)/\(part.contentType.subtype)"
        return part.children.isEmpty ? type : type + "(" + part.children.map(shape).joined(separator: ", ") + ")"
    }

    /// Every `cid:` the HTML names, and whether each has a part with that Content-ID.
    static func contentIDs(in html: String) -> [String] {
        html.components(separatedBy: "cid:").dropFirst().map { String($0.prefix { $0 != "\"" && $0 != "'" && $0 != ">" }) }
    }

    static func received(_ client: some TestClientProtocol, token: String, subject: String) async throws -> (uid: Int, message: MIMEMessage) {
        let uid = try await API.waitForMessage(client, token: token, subject: subject)
        return (uid, MIMEMessage(try await API.raw(client, token: token, uid: uid)))
    }

    @Test func htmlWithTwoInlineImagesAndAnAttachmentArrivesWithThatStructure() async throws {
        try await API.withApp { client in
            let sender = try await API.login(client, ComposeAccounts.sender)
            let recipient = try await API.login(client, ComposeAccounts.recipient)
            let first = try await API.upload(client, token: sender, filename: "도장.png", contentType: "image/png", data: Self.png)
            let second = try await API.upload(client, token: sender, filename: "서명.png", contentType: "image/png", data: Self.otherPNG)
            let unused = try await API.upload(client, token: sender, filename: "안쓴그림.png", contentType: "image/png", data: Self.png)
            let pdf = try await API.upload(client, token: sender, filename: API.pdfName, contentType: "application/pdf", data: API.pdf)
            let subject = API.unique("HTML 결재")
            let html = """
                <p>결재 바랍니다.</p><table border="1"><tr><td>항목</td><td>금액</td></tr><tr><td>출장비</td><td>120,000</td></tr></table>\
                <p><img src="cid:stamp.1@zioinfo" alt="도장"> <img src="cid:sign.2@zioinfo" alt="서명"></p><script>alert(1)</script>
                """
            let sent = try await API.post(client, "/mail/send", token: sender, [
                "to": [ComposeAccounts.recipient], "subject": subject, "html": html,
                "attachments": [
                    ["id": first, "inline": true, "content_id": "stamp.1@zioinfo"],
                    ["id": second, "inline": true, "content_id": "sign.2@zioinfo"],
                    pdf,
                    ["id": unused, "inline": true, "content_id": "nowhere@zioinfo"],
                ],
            ])
            #expect(sent.status == .ok, "\(sent.text)")
            let (uid, message) = try await Self.received(client, token: recipient, subject: subject)
            #expect(Self.shape(message.root)
                == "multipart/mixed(multipart/alternative(text/plain, multipart/related(text/html, image/png, image/png)), application/pdf, image/png)")
            let body = try #require(message.htmlBody)
            #expect(!body.contains("<script"))
            let parts = message.root.allParts
            let ids = Self.contentIDs(in: body)
            #expect(ids == ["stamp.1@zioinfo", "sign.2@zioinfo"])
            for id in ids { #expect(parts.contains { $0.contentID == id }, "cid:\(id) resolves") }
            #expect(parts.first { $0.contentID == "stamp.1@zioinfo" }?.decodedBody == Self.png)
            #expect(parts.first { $0.contentID == "sign.2@zioinfo" }?.decodedBody == Self.otherPNG)
            #expect(message.textBody?.replacingOccurrences(of: "\r\n", with: "\n").contains("항목   | 금액\n출장비 | 120,000") == true)
            // The API lists the inline images as such (what the SPA reopens and quotes).
            let listed = API.attachments(try await API.detail(client, token: recipient, uid: uid))
            #expect(Set(listed.filter { $0["inline"] as? Bool == true }.compactMap { $0["content_id"] as? String }) == ["stamp.1@zioinfo", "sign.2@zioinfo"])
            #expect(listed.contains { $0["filename"] as? String == "안쓴그림.png" && $0["inline"] as? Bool == false })
        }
    }

    @Test func aDataURIBecomesACIDPartAndABadContentIDIs400() async throws {
        try await API.withApp { client in
            let sender = try await API.login(client, ComposeAccounts.sender)
            let recipient = try await API.login(client, ComposeAccounts.recipient)
            let subject = API.unique("data URI")
            let uri = "data:image/png;base64," + Data(Self.png).base64EncodedString()
            let sent = try await API.post(client, "/mail/send", token: sender, [
                "to": [ComposeAccounts.recipient], "subject": subject, "html": "<p>붙여넣기 <img src=\"\(uri)\"></p>",
            ])
            #expect(sent.status == .ok, "\(sent.text)")
            let (_, message) = try await Self.received(client, token: recipient, subject: subject)
            #expect(Self.shape(message.root) == "multipart/alternative(text/plain, multipart/related(text/html, image/png))")
            let body = try #require(message.htmlBody)
            #expect(!body.contains("data:"))
            let id = try #require(Self.contentIDs(in: body).first)
            #expect(message.root.allParts.first { $0.contentID == id }?.decodedBody == Self.png)

            let id2 = try await API.upload(client, token: sender, filename: "x.png", contentType: "image/png", data: Self.png)
            for bad in ["a b", "x>\r\nBcc: evil@example.com", "", String(repeating: "a", count: 201)] {
                let refused = try await API.post(client, "/mail/send", token: sender, [
                    "to": [ComposeAccounts.recipient], "subject": subject, "html": "<img src=\"cid:x\">",
                    "attachments": [["id": id2, "inline": true, "content_id": bad]],
                ])
                #expect(refused.status == .badRequest)
                #expect(refused.json["code"] as? String == "invalid_content_id")
            }
        }
    }

    @Test func aForwardAsAttachmentArrivesAsMessageRFC822WithTheOriginalsBytes() async throws {
        try await API.withApp { client in
            let sender = try await API.login(client, ComposeAccounts.sender)
            let recipient = try await API.login(client, ComposeAccounts.recipient)
            let subject = API.unique("원본 보고")
            let sent = try await API.post(client, "/mail/send", token: sender, [
                "to": [ComposeAccounts.recipient], "subject": subject, "html": "<p>원본 <b>본문</b></p>",
            ])
            #expect(sent.status == .ok, "\(sent.text)")
            let original = try await API.waitForMessage(client, token: recipient, subject: subject)
            let originalBytes = try await API.raw(client, token: recipient, uid: original)

            let forward = "FW: " + subject
            let forwarded = try await API.post(client, "/mail/send", token: recipient, [
                "to": [ComposeAccounts.sender], "subject": forward, "html": "<p>첨부로 전달합니다.</p>",
                "forward_as_attachment": ["folder": "INBOX", "uid": original], "forwarded_uid": original, "forwarded_folder": "INBOX",
            ])
            #expect(forwarded.status == .ok, "\(forwarded.text)")
            let (_, message) = try await Self.received(client, token: sender, subject: forward)
            #expect(Self.shape(message.root).hasPrefix("multipart/mixed(multipart/alternative(text/plain, text/html), message/rfc822"))
            let eml = try #require(message.root.children.last)
            #expect(eml.filename == subject + ".eml")
            // The original's bytes exactly (the line break before the closing boundary belongs to the boundary).
            func trimmed(_ bytes: [UInt8]) -> [UInt8] { Array(bytes.reversed().drop { $0 == 0x0D || $0 == 0x0A }.reversed()) }
            #expect(trimmed(Array(eml.body)) == trimmed(originalBytes))

            let missing = try await API.post(client, "/mail/send", token: recipient, [
                "to": [ComposeAccounts.sender], "subject": forward, "html": "<p>x</p>", "forward_as_attachment": ["folder": "INBOX", "uid": 999_999],
            ])
            #expect(missing.status == .notFound, "\(missing.text)")
        }
    }

    @Test func anHTMLDraftWithAnInlineImageReopensAndSendsOn() async throws {
        try await API.withApp { client in
            let sender = try await API.login(client, ComposeAccounts.sender)
            let recipient = try await API.login(client, ComposeAccounts.recipient)
            let image = try await API.upload(client, token: sender, filename: "그림.png", contentType: "image/png", data: Self.png)
            let subject = API.unique("HTML 초안")
            let html = "<p>초안 <b>굵게</b></p><p><img src=\"cid:draft.img@zioinfo\" alt=\"그림\"></p>"
            let saved = try await API.post(client, "/mail/drafts", token: sender, [
                "to": [ComposeAccounts.recipient], "subject": subject, "html": html,
                "attachments": [["id": image, "inline": true, "content_id": "draft.img@zioinfo"]],
            ])
            #expect(saved.status == .ok, "\(saved.text)")
            let draft = try #require(saved.json["uid"] as? Int)
            let reopened = try await API.detail(client, token: sender, uid: draft, folder: "Drafts")
            let reopenedHTML = try #require(reopened.json["html"] as? String)
            #expect(reopenedHTML.contains("<b>굵게</b>"))
            #expect(Self.contentIDs(in: reopenedHTML) == ["draft.img@zioinfo"])
            let inline = try #require(API.attachments(reopened).first { $0["content_id"] as? String == "draft.img@zioinfo" })
            #expect(inline["inline"] as? Bool == true)
            let part = try #require(inline["part"] as? String)

            let sent = try await API.post(client, "/mail/send", token: sender, [
                "to": [ComposeAccounts.recipient], "subject": subject, "html": reopenedHTML, "draft_uid": draft,
                "include_parts": ["folder": "Drafts", "uid": draft, "parts": [["part": part, "inline": true, "content_id": "draft.img@zioinfo"]]],
            ])
            #expect(sent.status == .ok, "\(sent.text)")
            let (_, message) = try await Self.received(client, token: recipient, subject: subject)
            #expect(Self.shape(message.root) == "multipart/alternative(text/plain, multipart/related(text/html, image/png))")
            #expect(message.root.allParts.first { $0.contentID == "draft.img@zioinfo" }?.decodedBody == Self.png)
            #expect(message.htmlBody?.contains("<b>굵게</b>") == true)
            #expect(try await API.detail(client, token: sender, uid: draft, folder: "Drafts").status == .notFound)
        }
    }
}
