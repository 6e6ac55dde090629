import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MIME
import NIOCore
import Testing
@testable import Webmail

/// Uploads, forwards with the original's parts, and drafts reopened and sent, through the API
/// against the real Dovecot + Postfix, with dedicated accounts (`ComposeAccounts`).
@Suite(.serialized, .enabled(if: MailStackEnvironment.runnable))
struct ComposeAPITests {
    static let pdfName = "2026년 4분기 보고서 (최종).pdf"
    static let pdf: [UInt8] = Array("%PDF-1.4\n".utf8) + testPayload(150_000, seed: 3) + Array("\n%%EOF\n".utf8)

    static func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await ComposeAccounts.ensure()
        let state = try TemporaryDirectory()
        let app = try await buildApplication(configuration: try MailStackAPITests.stackConfiguration(state: state))
        try await app.test(.router) { client in try await body(client) }
    }

    static func login(_ client: some TestClientProtocol, _ user: String) async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: ["username": user, "password": ComposeAccounts.password])
        let response = try await client.execute(uri: "/auth/login", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(data: body))
        #expect(response.status == .ok, "login \(user): \(response.text)")
        return try #require(response.json["access_token"] as? String)
    }

    static func post(_ client: some TestClientProtocol, _ uri: String, token: String, _ json: [String: Any]) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                 body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: json)))
    }

    static func upload(_ client: some TestClientProtocol, token: String, filename: String, contentType: String, data: [UInt8]) async throws -> String {
        var form = MultipartFormBody()
        form.file("file", filename: filename, contentType: contentType, data: data)
        let response = try await client.execute(uri: "/mail/uploads", method: .post,
                                                headers: [.authorization: "Bearer \(token)", .contentType: form.contentType], body: form.buffer)
        #expect(response.status == .created, "\(response.text)")
        return try #require(response.json["id"] as? String)
    }

    static func search(_ client: some TestClientProtocol, token: String, folder: String, subject: String) async throws -> [[String: Any]] {
        let query = subject.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let response = try await client.execute(uri: "/mail/messages?folder=\(folder)&q=\(query)", method: .get, headers: [.authorization: "Bearer \(token)"])
        #expect(response.status == .ok, "\(response.text)")
        return (response.json["messages"] as? [[String: Any]] ?? []).filter { $0["subject"] as? String == subject }
    }

    /// Delivery through Postfix and LMTP is asynchronous: look again until it is there (bounded).
    static func waitForMessage(_ client: some TestClientProtocol, token: String, subject: String, folder: String = "INBOX") async throws -> Int {
        // Generous: the machine is shared with builds and benchmarks, and Postfix's queue runs on its own time.
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let uid = try await search(client, token: token, folder: folder, subject: subject).first?["uid"] as? Int { return uid }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("\(subject) never arrived in \(folder)")
        throw ComposeAccounts.Failure(description: "no \(subject)")
    }

    static func detail(_ client: some TestClientProtocol, token: String, uid: Int, folder: String = "INBOX") async throws -> TestResponse {
        try await client.execute(uri: "/mail/messages/\(uid)?folder=\(folder)&peek=1", method: .get, headers: [.authorization: "Bearer \(token)"])
    }

    static func download(_ client: some TestClientProtocol, token: String, uid: Int, folder: String = "INBOX", part: String) async throws -> [UInt8] {
        let response = try await client.execute(uri: "/mail/messages/\(uid)/attachments/\(part)?folder=\(folder)", method: .get,
                                                headers: [.authorization: "Bearer \(token)"])
        #expect(response.status == .ok)
        return Array(buffer: response.body)
    }

    static func raw(_ client: some TestClientProtocol, token: String, uid: Int, folder: String = "INBOX") async throws -> [UInt8] {
        let response = try await client.execute(uri: "/mail/messages/\(uid)/raw?folder=\(folder)", method: .get, headers: [.authorization: "Bearer \(token)"])
        #expect(response.status == .ok)
        return Array(buffer: response.body)
    }

    static func attachments(_ response: TestResponse) -> [[String: Any]] {
        response.json["attachments"] as? [[String: Any]] ?? []
    }

    static func unique(_ label: String) -> String { "\(label) \(UUID().uuidString.prefix(8))" }

    /// A message as the SPA sends one: upload the file, send JSON naming its id, then find it at
    /// the recipient with the attachment's part number.
    struct Delivered {
        let uploadID: String
        let subject: String
        let uid: Int
        let part: String
    }

    static func deliverWithUpload(_ client: some TestClientProtocol, from sender: String, to recipient: String, address: String,
                                  filename: String, contentType: String, data: [UInt8], label: String) async throws -> Delivered {
        let id = try await upload(client, token: sender, filename: filename, contentType: contentType, data: data)
        let subject = unique(label)
        let sent = try await post(client, "/mail/send", token: sender, [
            "to": [["name": "수신자", "email": address]], "subject": subject, "text": "첨부합니다.", "attachments": [id],
        ])
        #expect(sent.status == .ok, "\(sent.text)")
        let uid = try await waitForMessage(client, token: recipient, subject: subject)
        let attachment = try #require(attachments(try await detail(client, token: recipient, uid: uid)).first)
        #expect(attachment["filename"] as? String == filename)
        #expect(attachment["content_type"] as? String == contentType)
        return Delivered(uploadID: id, subject: subject, uid: uid, part: try #require(attachment["part"] as? String))
    }

    // MARK: - Uploads

    /// The SPA's flow: upload first, then send JSON naming the id; the recipient gets the exact
    /// bytes under the Korean name, and the upload is gone.
    @Test func anUploadIsSentByIDAndThenRemoved() async throws {
        try await Self.withApp { client in
            let sender = try await Self.login(client, ComposeAccounts.sender)
            let recipient = try await Self.login(client, ComposeAccounts.recipient)
            let delivered = try await Self.deliverWithUpload(client, from: sender, to: recipient, address: ComposeAccounts.recipient,
                                                             filename: Self.pdfName, contentType: "application/pdf", data: Self.pdf, label: "업로드 발송")
            #expect(try await Self.download(client, token: recipient, uid: delivered.uid, part: delivered.part) == Self.pdf)
            let id = delivered.uploadID

            // Sent: the upload no longer exists, for DELETE or for another send.
            try await client.execute(uri: "/mail/uploads/\(id)", method: .delete, headers: [.authorization: "Bearer \(sender)"]) {
                #expect($0.status == .notFound)
            }
            let again = try await Self.post(client, "/mail/send", token: sender, [
                "to": [ComposeAccounts.recipient], "subject": Self.unique("again"), "attachments": [id],
            ])
            #expect(again.status == .badRequest)
        }
    }

    /// An id that is not the user's — unknown, or someone else's — fails the send before anything
    /// is sent, and the detail names it.
    @Test func anUnknownOrForeignUploadIDIs400AndNothingIsSent() async throws {
        try await Self.withApp { client in
            let sender = try await Self.login(client, ComposeAccounts.sender)
            let other = try await Self.login(client, ComposeAccounts.recipient)
            let othersID = try await Self.upload(client, token: other, filename: "남의 파일.txt", contentType: "text/plain", data: Array("비밀".utf8))
            let unknownID = String(repeating: "A", count: 32)
            for id in [unknownID, othersID] {
                let subject = Self.unique("없는 첨부")
                let response = try await Self.post(client, "/mail/send", token: sender, [
                    "to": [ComposeAccounts.recipient], "subject": subject, "text": "x", "attachments": [id],
                ])
                #expect(response.status == .badRequest, "\(response.text)")
                #expect((response.json["detail"] as? String)?.contains(id) == true, "\(response.text)")
                // Nothing was submitted: the pipeline copies every sent (or failed) message to Sent or Drafts.
                #expect(try await Self.search(client, token: sender, folder: "Sent", subject: subject).isEmpty)
                #expect(try await Self.search(client, token: sender, folder: "Drafts", subject: subject).isEmpty)
            }
            // The other user's upload is still theirs.
            try await client.execute(uri: "/mail/uploads/\(othersID)", method: .delete, headers: [.authorization: "Bearer \(other)"]) {
                #expect($0.status == .noContent)
            }
        }
    }

    // MARK: - include_parts

    /// A forward carries the original's attachment: same bytes, same Korean name and type.
    @Test func aForwardCarriesTheOriginalsKoreanNamedPDF() async throws {
        try await Self.withApp { client in
            let sender = try await Self.login(client, ComposeAccounts.sender)
            let recipient = try await Self.login(client, ComposeAccounts.recipient)
            let original = try await Self.deliverWithUpload(client, from: sender, to: recipient, address: ComposeAccounts.recipient,
                                                            filename: Self.pdfName, contentType: "application/pdf", data: Self.pdf, label: "보고서 원본")
            let subject = original.subject

            let forward = "Fwd: " + subject
            let sent = try await Self.post(client, "/mail/send", token: recipient, [
                "to": [ComposeAccounts.sender], "subject": forward, "text": "전달합니다.\n\n---------- 전달된 메일 ----------",
                "include_parts": ["folder": "INBOX", "uid": original.uid, "parts": [original.part]],
            ])
            #expect(sent.status == .ok, "\(sent.text)")
            let received = try await Self.waitForMessage(client, token: sender, subject: forward)
            let attachment = try #require(Self.attachments(try await Self.detail(client, token: sender, uid: received)).first)
            #expect(attachment["filename"] as? String == Self.pdfName)
            #expect(attachment["content_type"] as? String == "application/pdf")
            #expect(try await Self.download(client, token: sender, uid: received, part: try #require(attachment["part"] as? String)) == Self.pdf)
        }
    }

    /// The multipart form takes upload ids as repeated `attachments` text fields and
    /// `include_parts` as a JSON text field, beside inline files.
    @Test func aMultipartFormTakesUploadIDsAndIncludeParts() async throws {
        try await Self.withApp { client in
            let sender = try await Self.login(client, ComposeAccounts.sender)
            let recipient = try await Self.login(client, ComposeAccounts.recipient)
            let original = try await Self.deliverWithUpload(client, from: sender, to: recipient, address: ComposeAccounts.recipient,
                                                            filename: "첫째.bin", contentType: "application/octet-stream",
                                                            data: testPayload(3000, seed: 1), label: "폼 원본")
            let subject = original.subject

            let second = try await Self.upload(client, token: recipient, filename: "둘째.bin", contentType: "application/octet-stream", data: testPayload(5000, seed: 2))
            var form = MultipartFormBody()
            let reply = "Fwd: " + subject
            form.field("to", ComposeAccounts.sender)
            form.field("subject", reply)
            form.field("text", "폼으로 전달")
            form.field("attachments", second)
            form.field("include_parts", #"{"folder":"INBOX","uid":\#(original.uid),"parts":["\#(original.part)"]}"#)
            form.file("attachments", filename: "셋째.txt", contentType: "text/plain", data: Array("세 번째".utf8))
            let sent = try await client.execute(uri: "/mail/send", method: .post,
                                                headers: [.authorization: "Bearer \(recipient)", .contentType: form.contentType], body: form.buffer)
            #expect(sent.status == .ok, "\(sent.text)")
            let received = try await Self.waitForMessage(client, token: sender, subject: reply)
            let names = Self.attachments(try await Self.detail(client, token: sender, uid: received)).compactMap { $0["filename"] as? String }
            #expect(names == ["첫째.bin", "둘째.bin", "셋째.txt"])
        }
    }

    @Test func includePartsOfAMissingMessageOrPartIs404AndNothingIsSent() async throws {
        try await Self.withApp { client in
            let sender = try await Self.login(client, ComposeAccounts.sender)
            let subject = Self.unique("원본 없음")
            #expect(try await Self.post(client, "/mail/drafts", token: sender, ["subject": subject, "text": "본문"]).status == .ok)
            let draft = try await Self.waitForMessage(client, token: sender, subject: subject, folder: "Drafts")
            for include: [String: Any] in [
                ["folder": "Drafts", "uid": 4_000_000_000, "parts": ["1"]],
                ["folder": "Drafts", "uid": draft, "parts": ["7"]],
                ["folder": "없는 폴더", "uid": draft, "parts": ["1"]],
            ] {
                let missing = Self.unique("missing")
                let response = try await Self.post(client, "/mail/send", token: sender, [
                    "to": [ComposeAccounts.recipient], "subject": missing, "include_parts": include,
                ])
                #expect(response.status == .notFound, "\(include): \(response.text)")
                #expect(response.json["detail"] is String)
                #expect(try await Self.search(client, token: sender, folder: "Sent", subject: missing).isEmpty)
            }
            try await client.execute(uri: "/mail/messages/\(draft)?folder=Drafts", method: .delete, headers: [.authorization: "Bearer \(sender)"]) { _ in }
        }
    }

    // MARK: - Drafts

    /// A draft with Bcc and an attachment is saved, reopened (bcc and attachment shown), replaced
    /// keeping its own attachment, then sent: the draft is gone, both recipients have it, and the
    /// delivered copy has no Bcc header.
    @Test func aDraftKeepsBccAndAttachmentThroughReplaceAndSend() async throws {
        try await Self.withApp { client in
            let sender = try await Self.login(client, ComposeAccounts.sender)
            let recipient = try await Self.login(client, ComposeAccounts.recipient)
            let blindCopy = try await Self.login(client, ComposeAccounts.blindCopy)
            let fileName = "초안 첨부 파일.pdf"
            let id = try await Self.upload(client, token: sender, filename: fileName, contentType: "application/pdf", data: Self.pdf)
            let subject = Self.unique("임시 저장")
            let addressing: [String: Any] = [
                "to": [["name": "받는 분", "email": ComposeAccounts.recipient]],
                "bcc": [["name": "", "email": ComposeAccounts.blindCopy]],
                "text": "초안 본문",
            ]

            let saved = try await Self.post(client, "/mail/drafts", token: sender, addressing.merging(["subject": subject, "attachments": [id]]) { $1 })
            #expect(saved.status == .ok, "\(saved.text)")
            let first = try #require(saved.json["uid"] as? Int)
            // The answer names the folder and lists the draft's attachments (for the next include_parts).
            #expect(saved.json["folder"] as? String == "Drafts")
            let savedAttachments = saved.json["attachments"] as? [[String: Any]] ?? []
            #expect(savedAttachments.compactMap { $0["filename"] as? String } == [fileName])
            let reopened = try await Self.detail(client, token: sender, uid: first, folder: "Drafts")
            #expect(reopened.status == .ok)
            let bcc = reopened.json["bcc"] as? [[String: Any]] ?? []
            #expect(bcc.map { $0["email"] as? String } == [ComposeAccounts.blindCopy])
            #expect((reopened.json["to"] as? [[String: Any]])?.first?["email"] as? String == ComposeAccounts.recipient)
            let firstPart = try #require(Self.attachments(reopened).first { $0["filename"] as? String == fileName }?["part"] as? String)
            #expect(savedAttachments.first?["part"] as? String == firstPart)

            // Replaced: the new draft takes the attachment from the draft it replaces.
            let replaced = try await Self.post(client, "/mail/drafts", token: sender, addressing.merging([
                "subject": subject, "draft_uid": first, "include_parts": ["folder": "Drafts", "uid": first, "parts": [firstPart]],
            ]) { $1 })
            #expect(replaced.status == .ok, "\(replaced.text)")
            let second = try #require(replaced.json["uid"] as? Int)
            #expect(second != first)
            #expect(try await Self.detail(client, token: sender, uid: first, folder: "Drafts").status == .notFound)
            let secondDetail = try await Self.detail(client, token: sender, uid: second, folder: "Drafts")
            #expect((secondDetail.json["bcc"] as? [[String: Any]])?.first?["email"] as? String == ComposeAccounts.blindCopy)
            let secondPart = try #require(Self.attachments(secondDetail).first { $0["filename"] as? String == fileName }?["part"] as? String)
            #expect(try await Self.download(client, token: sender, uid: second, folder: "Drafts", part: secondPart) == Self.pdf)
            // The draft kept the upload (it may still be sent by id); delete it.
            try await client.execute(uri: "/mail/uploads/\(id)", method: .delete, headers: [.authorization: "Bearer \(sender)"]) {
                #expect($0.status == .noContent)
            }

            // Sent from the draft: the draft is deleted after its parts were read.
            let sent = try await Self.post(client, "/mail/send", token: sender, addressing.merging([
                "subject": subject, "draft_uid": second, "include_parts": ["folder": "Drafts", "uid": second, "parts": [secondPart]],
            ]) { $1 })
            #expect(sent.status == .ok, "\(sent.text)")
            #expect(try await Self.detail(client, token: sender, uid: second, folder: "Drafts").status == .notFound)
            #expect(try await Self.search(client, token: sender, folder: "Drafts", subject: subject).isEmpty)

            for token in [recipient, blindCopy] {
                let uid = try await Self.waitForMessage(client, token: token, subject: subject)
                let detail = try await Self.detail(client, token: token, uid: uid)
                #expect(detail.json["bcc"] as? [Any] != nil && (detail.json["bcc"] as? [Any])?.isEmpty == true)
                let part = try #require(Self.attachments(detail).first { $0["filename"] as? String == fileName }?["part"] as? String)
                #expect(try await Self.download(client, token: token, uid: uid, part: part) == Self.pdf)
                let raw = String(decoding: try await Self.raw(client, token: token, uid: uid), as: UTF8.self)
                let head = raw.components(separatedBy: "\r\n\r\n").first ?? raw
                #expect(!head.lowercased().contains("\nbcc:"), "delivered copy carries Bcc")
                #expect(!raw.contains(ComposeAccounts.blindCopy), "delivered copy names the blind copy")
            }
        }
    }

    /// A send the server refuses is kept in Drafts with its Bcc (the draft version, not the
    /// sent bytes), and that copy replaces the draft it was sent from.
    @Test func aRefusedSendIsKeptAsADraftWithItsBcc() async throws {
        try await Self.withApp { client in
            let sender = try await Self.login(client, ComposeAccounts.sender)
            let subject = Self.unique("거부될 메일")
            let old = try await Self.post(client, "/mail/drafts", token: sender, ["subject": subject, "text": "초안"])
            let oldUID = try #require(old.json["uid"] as? Int)
            let response = try await Self.post(client, "/mail/send", token: sender, [
                "to": ["nobody-\(UUID().uuidString.prefix(8).lowercased())@zioinfo.co.kr"],
                "bcc": [ComposeAccounts.blindCopy], "subject": subject, "text": "본문", "draft_uid": oldUID,
            ])
            #expect(response.status == .badRequest, "\(response.text)")
            #expect((response.json["detail"] as? String)?.contains("임시보관함에 저장되었습니다") == true, "\(response.text)")
            #expect(response.json["status"] as? String == "kept_in_drafts", "the SPA shows the outcome from this field")
            #expect(response.json["code"] as? String == "recipient_rejected", "\(response.text)")
            let drafts = try await Self.search(client, token: sender, folder: "Drafts", subject: subject)
            #expect(drafts.count == 1, "\(drafts)")
            let kept = try #require(drafts.first?["uid"] as? Int)
            #expect(kept != oldUID)
            let detail = try await Self.detail(client, token: sender, uid: kept, folder: "Drafts")
            #expect((detail.json["bcc"] as? [[String: Any]])?.compactMap { $0["email"] as? String } == [ComposeAccounts.blindCopy])
            try await client.execute(uri: "/mail/messages/\(kept)?folder=Drafts", method: .delete, headers: [.authorization: "Bearer \(sender)"]) { _ in }
        }
    }

    // MARK: - Hostile input

    /// CR/LF (and other tricks) in any of the new fields is 400 with a JSON detail; nothing is sent.
    /// Issue 25, bug 8: what the user typed in a recipient field that is not an address is kept
    /// by a draft (and given back when it is reopened, replaced or not); a send with it is
    /// refused with the piece named, and a control character in it is refused like anywhere.
    @Test func aDraftKeepsWhatIsNotAnAddressAndASendRefusesIt() async throws {
        try await Self.withApp { client in
            let sender = try await Self.login(client, ComposeAccounts.sender)
            let subject = Self.unique("주소 아님")
            let unparsed: [String: Any] = ["to": ["홍길동", "kim@"], "cc": ["\"Lee, J\" <lee@>"], "bcc": [] as [String]]
            let body: [String: Any] = [
                "to": [["name": "", "email": ComposeAccounts.recipient]], "subject": subject, "text": "초안",
                "unparsed_recipients": unparsed,
            ]
            let saved = try await Self.post(client, "/mail/drafts", token: sender, body)
            #expect(saved.status == .ok, "\(saved.text)")
            let first = try #require(saved.json["uid"] as? Int)
            let reopened = try await Self.detail(client, token: sender, uid: first, folder: "Drafts")
            let kept = reopened.json["unparsed_recipients"] as? [String: [String]]
            #expect(kept == ["to": ["홍길동", "kim@"], "cc": ["\"Lee, J\" <lee@>"], "bcc": []], "\(reopened.text)")
            #expect((reopened.json["to"] as? [[String: Any]])?.compactMap { $0["email"] as? String } == [ComposeAccounts.recipient])

            // Replaced by a draft without them: they are gone (the new draft has what was typed then).
            let replaced = try await Self.post(client, "/mail/drafts", token: sender, body.merging(["draft_uid": first, "unparsed_recipients": ["to": ["박"]]]) { $1 })
            let second = try #require(replaced.json["uid"] as? Int)
            let again = try await Self.detail(client, token: sender, uid: second, folder: "Drafts")
            #expect(again.json["unparsed_recipients"] as? [String: [String]] == ["to": ["박"], "cc": [], "bcc": []])

            let refused = try await Self.post(client, "/mail/send", token: sender, body.merging(["draft_uid": second]) { $1 })
            #expect(refused.status == .badRequest)
            #expect(refused.json["code"] as? String == "invalid_address")
            #expect((refused.json["detail"] as? String)?.contains("홍길동") == true, "\(refused.text)")
            // Not sent, and the draft is still there.
            #expect(try await Self.detail(client, token: sender, uid: second, folder: "Drafts").status == .ok)

            for route in ["/mail/send", "/mail/drafts"] {
                let injected = try await Self.post(client, route, token: sender, body.merging(["unparsed_recipients": ["to": ["x\r\nBcc: evil@example.com"]]]) { $1 })
                #expect(injected.status == .badRequest, "\(route): \(injected.text)")
                #expect(injected.json["code"] as? String == "forbidden_character", "\(route): \(injected.text)")
            }
            // A draft without any has no such key.
            let plain = try await Self.post(client, "/mail/drafts", token: sender, body.merging(["draft_uid": second, "unparsed_recipients": [:] as [String: Any]]) { $1 })
            let third = try #require(plain.json["uid"] as? Int)
            #expect(try await Self.detail(client, token: sender, uid: third, folder: "Drafts").json["unparsed_recipients"] == nil)
            try await client.execute(uri: "/mail/messages/\(third)?folder=Drafts", method: .delete, headers: [.authorization: "Bearer \(sender)"]) { _ in }
        }
    }

    /// A draft saved as a multipart form with a file keeps what was typed in To/Cc/Bcc that is
    /// not an address (the `unparsed_recipients` JSON text field, as `include_parts` is), and
    /// gives it back from the stored multipart/mixed message; a field that is not that JSON
    /// object is refused and nothing is stored.
    @Test func aMultipartDraftWithAFileKeepsWhatIsNotAnAddress() async throws {
        try await Self.withApp { client in
            let sender = try await Self.login(client, ComposeAccounts.sender)
            let subject = Self.unique("폼 주소 아님")
            func form(_ unparsed: String) -> MultipartFormBody {
                var form = MultipartFormBody()
                form.field("to", ComposeAccounts.recipient)
                form.field("subject", subject)
                form.field("text", "첨부가 있는 초안")
                form.field("unparsed_recipients", unparsed)
                form.file("attachments", filename: "메모.txt", contentType: "text/plain", data: Array("메모".utf8))
                return form
            }
            let good = form(#"{"to":["홍길동","kim@"],"bcc":["박 과장"]}"#)
            let saved = try await client.execute(uri: "/mail/drafts", method: .post,
                                                 headers: [.authorization: "Bearer \(sender)", .contentType: good.contentType], body: good.buffer)
            #expect(saved.status == .ok, "\(saved.text)")
            let uid = try #require(saved.json["uid"] as? Int)
            let reopened = try await Self.detail(client, token: sender, uid: uid, folder: "Drafts")
            #expect(reopened.json["unparsed_recipients"] as? [String: [String]] == ["to": ["홍길동", "kim@"], "cc": [], "bcc": ["박 과장"]], "\(reopened.text)")
            #expect(Self.attachments(reopened).compactMap { $0["filename"] as? String } == ["메모.txt"])
            #expect((reopened.json["to"] as? [[String: Any]])?.compactMap { $0["email"] as? String } == [ComposeAccounts.recipient])

            let bad = form(#"["홍길동"]"#)
            let refused = try await client.execute(uri: "/mail/drafts", method: .post,
                                                   headers: [.authorization: "Bearer \(sender)", .contentType: bad.contentType], body: bad.buffer)
            #expect(refused.status == .badRequest)
            #expect(refused.json["code"] as? String == "invalid_body", "\(refused.text)")
            #expect(try await Self.search(client, token: sender, folder: "Drafts", subject: subject).count == 1)
            try await client.execute(uri: "/mail/messages/\(uid)?folder=Drafts", method: .delete, headers: [.authorization: "Bearer \(sender)"]) { _ in }
        }
    }

    @Test func headerInjectionInTheNewFieldsIs400() async throws {
        try await Self.withApp { client in
            let sender = try await Self.login(client, ComposeAccounts.sender)
            let cases: [[String: Any]] = [
                ["attachments": ["abc\r\nBcc: evil@example.com"]],
                ["attachments": [String(repeating: "A", count: 30) + "\r\n"]],
                ["include_parts": ["folder": "INBOX\r\nA1 LOGOUT", "uid": 1, "parts": ["1"]]],
                ["include_parts": ["folder": "INBOX", "uid": 1, "parts": ["2\r\n"]]],
                ["include_parts": ["folder": "INBOX", "uid": 1, "parts": ["+2"]]],
                ["include_parts": ["folder": "INBOX", "uid": 1, "parts": ["2..1"]]],
                ["include_parts": ["folder": "INBOX", "uid": 1, "parts": ["0"]]],
                ["include_parts": ["folder": "INBOX", "uid": 1, "parts": [] as [String]]],
                ["include_parts": ["folder": "INBOX", "uid": 0, "parts": ["1"]]],
                ["bcc": [["name": "x\r\nSubject: evil", "email": ComposeAccounts.blindCopy]]],
            ]
            for route in ["/mail/send", "/mail/drafts"] {
                for extra in cases {
                    let subject = Self.unique("injection")
                    var body: [String: Any] = ["to": [ComposeAccounts.recipient], "subject": subject, "text": "x"]
                    body.merge(extra) { $1 }
                    let response = try await Self.post(client, route, token: sender, body)
                    #expect(response.status == .badRequest, "\(route) \(extra): \(response.text)")
                    #expect(response.json["detail"] is String, "\(route) \(extra)")
                }
            }
            var form = MultipartFormBody()
            form.field("to", ComposeAccounts.recipient)
            form.field("include_parts", "INBOX 1 2")
            try await client.execute(uri: "/mail/send", method: .post,
                                     headers: [.authorization: "Bearer \(sender)", .contentType: form.contentType], body: form.buffer) {
                #expect($0.status == .badRequest)
                #expect($0.json["detail"] is String)
            }
        }
    }
}
