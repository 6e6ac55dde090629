import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MIME
import NIOCore
import Testing
@testable import Webmail

/// The preview route and 모두 받기 (issue 25) on the real Dovecot: what may be shown inline is,
/// with a sandbox policy; what could run is refused; the zip holds every attachment byte-equal.
@Suite(.serialized, .enabled(if: MailStackEnvironment.runnable))
struct AttachmentPreviewAndZipTests {
    /// A real 1×1 PNG.
    static let png = [UInt8](Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!)
    static let pdf = Array("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8)
    /// "안녕하세요, 회의는 3시입니다" in EUC-KR (as Outlook labels it, ks_c_5601-1987).
    static let memoText = "안녕하세요, 회의는 3시입니다"
    static let memoEUCKR: [UInt8] = [0xBE, 0xC8, 0xB3, 0xE7, 0xC7, 0xCF, 0xBC, 0xBC, 0xBF, 0xE4] + Array(", ".utf8)
        + [0xC8, 0xB8, 0xC0, 0xC7, 0xB4, 0xC2] + Array(" 3".utf8) + [0xBD, 0xC3, 0xC0, 0xD4, 0xB4, 0xCF, 0xB4, 0xD9]
    static let html = Array("<html><script>alert(1)</script></html>".utf8)
    static let svg = Array("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".utf8)

    /// Section → (Content-Type header value, filename, decoded bytes).
    static let parts: [(section: String, type: String, filename: String, data: [UInt8])] = [
        ("2", "image/png", "사진.png", png),
        ("3", "application/pdf", "보고서.pdf", pdf),
        ("4", "text/plain; charset=ks_c_5601-1987", "메모.txt", memoEUCKR),
        ("5", "text/html; charset=utf-8", "page.html", html),
        ("6", "image/svg+xml", "logo.svg", svg),
        ("7", "image/png", "fake.png", html),
        ("8", "application/octet-stream", "보고서.pdf", pdf),
    ]

    static func message(subject: String, withAttachments: Bool = true) -> [UInt8] {
        let encodedSubject = "=?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?="
        var text = "From: sender@example.net\r\nTo: \(MessageOpenTests.user)\r\nSubject: \(encodedSubject)\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n본문\r\n"
        for part in parts where withAttachments {
            let name = "=?UTF-8?B?\(Data(part.filename.utf8).base64EncodedString())?="
            text += "--b\r\nContent-Type: \(part.type); name=\"\(name)\"\r\nContent-Disposition: attachment; filename=\"\(name)\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Data(part.data).base64EncodedString(options: .lineLength76Characters) + "\r\n"
        }
        return Array((text + "--b--\r\n").utf8)
    }

    /// Runs `body` with a logged-in client and the UID of a fresh message (deleted afterwards).
    static func withMessage(withAttachments: Bool = true,
                            _ body: @Sendable (any TestClientProtocol, HTTPFields, UInt32, String) async throws -> Void) async throws {
        let state = try TemporaryDirectory()
        let configuration = try MailStackAPITests.stackConfiguration(state: state)
        let subject = "첨부 모음 \(UUID().uuidString.prefix(6))"
        let uid = try await MessageOpenTests.append(message(subject: subject, withAttachments: withAttachments), configuration: configuration)
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.router) { client in
            let token = try await MailStackAPITests.login(client, MessageOpenTests.user)
            let headers: HTTPFields = [.authorization: "Bearer \(token)"]
            try await body(client, headers, uid, subject)
            try await client.execute(uri: "/mail/messages/\(uid)?folder=INBOX", method: .delete, headers: headers) { _ in }
        }
    }

    @Test func inertTypesArePreviewedInlineUnderASandboxPolicy() async throws {
        try await Self.withMessage { client, headers, uid, _ in
            let expected: [String: (type: String, body: [UInt8])] = [
                "2": ("image/png", Self.png), "3": ("application/pdf", Self.pdf),
                "4": ("text/plain; charset=utf-8", Array(Self.memoText.utf8)),
                // Declared octet-stream: judged by its name (.pdf) and then its magic bytes.
                "8": ("application/pdf", Self.pdf),
            ]
            for (section, want) in expected {
                let response = try await client.execute(uri: "/mail/messages/\(uid)/attachments/\(section)/preview?folder=INBOX", method: .get, headers: headers)
                #expect(response.status == .ok, "part \(section): \(response.text)")
                #expect(response.headers[.contentType] == want.type, "part \(section)")
                #expect(Array(response.body.readableBytesView) == want.body, "part \(section)")
                #expect(response.headers[.contentDisposition]?.hasPrefix("inline; ") == true, "part \(section)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("sandbox") && policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'self'"), "\(policy)")
                #expect(!policy.contains("allow-scripts"))
                #expect(response.headers[.xFrameOptions] == "SAMEORIGIN")
            }
            let disposition = try await client.execute(uri: "/mail/messages/\(uid)/attachments/4/preview?folder=INBOX", method: .get, headers: headers)
                .headers[.contentDisposition]
            #expect(disposition?.contains("filename*=UTF-8''%EB%A9%94%EB%AA%A8.txt") == true, "\(disposition ?? "")")
        }
    }

    /// A text over the preview's 2 MiB: its start, cut at a line break (never inside an EUC-KR
    /// character), decoded, and marked as truncated; a small one is whole and unmarked.
    @Test func aLargeTextIsPreviewedTruncatedAtALineBreak() async throws {
        let line = Self.memoEUCKR + Array("\n".utf8)  // 31 bytes
        let count = 3 * 1024 * 1024 / line.count
        let big = Array([[UInt8]](repeating: line, count: count).joined())
        let subject = "큰 메모 \(UUID().uuidString.prefix(6))"
        let raw = "From: sender@example.net\r\nTo: \(MessageOpenTests.user)\r\nSubject: =?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?=\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n본문\r\n"
            + "--b\r\nContent-Type: text/plain; charset=ks_c_5601-1987; name=\"log.txt\"\r\nContent-Disposition: attachment; filename=\"log.txt\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + Data(big).base64EncodedString(options: .lineLength76Characters) + "\r\n--b--\r\n"
        let state = try TemporaryDirectory()
        let configuration = try MailStackAPITests.stackConfiguration(state: state)
        let uid = try await MessageOpenTests.append(Array(raw.utf8), configuration: configuration)
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.router) { client in
            let token = try await MailStackAPITests.login(client, MessageOpenTests.user)
            let headers: HTTPFields = [.authorization: "Bearer \(token)"]
            let response = try await client.execute(uri: "/mail/messages/\(uid)/attachments/2/preview?folder=INBOX", method: .get, headers: headers)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.headers[HTTPField.Name("X-Preview-Truncated")!] == "true")
            let lines = response.text.split(separator: "\n", omittingEmptySubsequences: false)
            let whole = AttachmentController.maximumTextPreview / line.count
            #expect(lines.count == whole + 1 && lines.last == "", "\(lines.count) lines, the last \(lines.last ?? "")")
            #expect(lines.dropLast().allSatisfy { $0 == Self.memoText[...] })
            try await client.execute(uri: "/mail/messages/\(uid)?folder=INBOX", method: .delete, headers: headers) { _ in }
        }
        try await Self.withMessage { client, headers, uid, _ in
            let small = try await client.execute(uri: "/mail/messages/\(uid)/attachments/4/preview?folder=INBOX", method: .get, headers: headers)
            #expect(small.headers[HTTPField.Name("X-Preview-Truncated")!] == nil)
        }
    }

    @Test func htmlSvgAndAnHTMLNamedPNGAreRefused() async throws {
        try await Self.withMessage { client, headers, uid, _ in
            for section in ["5", "6", "7"] {
                let response = try await client.execute(uri: "/mail/messages/\(uid)/attachments/\(section)/preview?folder=INBOX", method: .get, headers: headers)
                #expect(response.status == .unsupportedMediaType, "part \(section): \(response.text)")
                #expect(response.json["code"] as? String == "preview_unsupported")
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(!response.text.contains("alert"))
                // The JSON error keeps the strict policy: never framed.
                #expect(response.headers[.xFrameOptions] == "DENY")
            }
            // The plain download is unchanged: still an attachment, never inline.
            let download = try await client.execute(uri: "/mail/messages/\(uid)/attachments/5?folder=INBOX", method: .get, headers: headers)
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment; ") == true)
            #expect(download.headers[.xFrameOptions] == "DENY")
        }
    }

    @Test func allAttachmentsComeAsOneZipNamedAfterTheSubject() async throws {
        try await Self.withMessage { client, headers, uid, subject in
            let response = try await client.execute(uri: "/mail/messages/\(uid)/attachments.zip?folder=INBOX", method: .get, headers: headers)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.headers[.contentType] == "application/zip")
            let encodedSubject = subject.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(response.headers[.contentDisposition]?.contains("filename*=UTF-8''\(encodedSubject).zip") == true,
                    "\(response.headers[.contentDisposition] ?? "")")
            let entries = try ZipArchiveReading.entries(of: Array(response.body.readableBytesView))
            #expect(entries.map(\.name) == ["사진.png", "보고서.pdf", "메모.txt", "page.html", "logo.svg", "fake.png", "보고서 (2).pdf"])
            #expect(entries.map { Array($0.data) } == Self.parts.map(\.data))
            #expect(entries.allSatisfy { $0.utf8Flag })
        }
    }

    @Test func aMessageWithoutAttachmentsHasNoZip() async throws {
        try await Self.withMessage(withAttachments: false) { client, headers, uid, _ in
            let response = try await client.execute(uri: "/mail/messages/\(uid)/attachments.zip?folder=INBOX", method: .get, headers: headers)
            #expect(response.status == .notFound)
            #expect(response.json["code"] as? String == "no_attachments")
        }
    }
}

// It measures the whole test process's memory, so it belongs to a suite that runs with the load
// suites, alone (scripts/test/10-swift): beside other suites it measured their allocations too.
extension MessageOpenTests {
    /// 모두 받기 of two 25 MiB attachments: streamed part by part, so the server's memory does not
    /// grow with the archive (the whole zip is never held, nor one whole part).
    @Test func theZipStreamsWithFlatMemory() async throws {
        let state = try TemporaryDirectory()
        let configuration = try MailStackAPITests.stackConfiguration(state: state)
        let size = 25 * 1024 * 1024
        let uid: UInt32
        do {
            var builder = MessageBuilder(from: MailAddress(email: MessageOpenTests.user))
            builder.to = [MailAddress(email: MessageOpenTests.user)]
            builder.subject = "큰 첨부 zip \(UUID().uuidString.prefix(6))"
            builder.text = "two big attachments"
            let data = Array(repeating: MailStackAPITests.attachmentPattern, count: size / MailStackAPITests.attachmentPattern.count).flatMap { $0 }
            builder.attachments = [.init(filename: "첫째.bin", data: data), .init(filename: "둘째.bin", data: data)]
            uid = try await MessageOpenTests.append(try builder.build().bytes, configuration: configuration)
        }
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.live) { client in
            let token = try await MailStackAPITests.login(client, MessageOpenTests.user)
            let port = try #require(client.port)
            let started = ContinuousClock.now
            // The zip is not the pattern (headers sit between the parts): only its size and end are checked here.
            let (result, growth) = try await PeakMemory.growth(during: {
                try DiscardingDownload.run(port: port, path: "/mail/messages/\(uid)/attachments.zip?folder=INBOX", token: token,
                                           pattern: MailStackAPITests.attachmentPattern)
            })
            let elapsed = ContinuousClock.now - started
            #expect(result.status.hasSuffix("200"), "\(result.status)")
            #expect(result.complete)
            let names = 2 * "첫째.bin".utf8.count
            #expect(result.payloadBytes == 2 * size + 2 * (30 + 16 + 46) + names * 2 + 22)
            print("zip stream: \(2 * size / 1_048_576) MiB in \(elapsed), server+test RSS growth \(growth / 1_048_576) MiB")
            #expect(growth < 25 * 1024 * 1024, "memory grew by \(growth) bytes while streaming a \(2 * size)-byte zip")
            try await client.execute(uri: "/mail/messages/\(uid)?folder=INBOX", method: .delete, headers: [.authorization: "Bearer \(token)"]) { _ in }
        }
    }
}
