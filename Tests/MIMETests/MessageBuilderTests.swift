import Foundation
import Testing
@testable import MIME

@Suite struct MessageBuilderTests {
    static func sample() -> MessageBuilder {
        var builder = MessageBuilder(from: MailAddress(name: "홍길동 (지오정보기술)", email: "hong@zioinfo.co.kr"),
                                     messageIDDomain: "mail.zioinfo.co.kr")
        builder.to = [MailAddress(name: "김철수", email: "kim@example.com"), MailAddress(name: "Lee, Young", email: "lee@example.com")]
        builder.cc = [MailAddress(email: "cc@example.com")]
        builder.bcc = [MailAddress(name: "감사", email: "audit@zioinfo.co.kr"), MailAddress(email: "KIM@example.com")]
        builder.subject = "Re: 2026년 4분기 회의 자료 — 똠햏뷁 포함, 아주 긴 제목이 여러 줄로 접히는지 확인합니다"
        builder.text = "안녕하세요,\n회의 자료를 보냅니다.\n" + String(repeating: "가", count: 600)
        builder.html = "<p>안녕하세요</p><img src=\"cid:logo@zioinfo\">"
        builder.inReplyTo = "<orig@example.com>"
        builder.references = ["first@example.com", "<orig@example.com>"]
        builder.attachments = [
            .init(filename: "2026년 4분기 보고서 (최종본) 아주 긴 파일 이름입니다.pdf", contentType: "application/pdf", data: Array(0...255)),
            .init(filename: "logo.png", contentType: "image/png", data: [0x89, 0x50, 0x4E, 0x47], contentID: "logo@zioinfo"),
            .init(filename: "plain.txt", contentType: "text/plain", data: Array("hello".utf8)),
        ]
        return builder
    }

    @Test func buildsWireSafeBytes() throws {
        let built = try Self.sample().build()
        let bytes = built.bytes
        // Every line ends with CRLF; no bare CR or LF.
        for (index, byte) in bytes.enumerated() where byte == ASCII.lf {
            #expect(index > 0 && bytes[index - 1] == ASCII.cr)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
        let headerEnd = try #require(text.range(of: "\r\n\r\n"))
        let headerLines = text[..<headerEnd.lowerBound].components(separatedBy: "\r\n")
        #expect(headerLines.allSatisfy { $0.utf8.count <= 78 }, "\(headerLines.filter { $0.utf8.count > 78 })")
        // Whole message 7-bit (bodies were base64/QP encoded).
        #expect(bytes.allSatisfy { $0 < 0x80 })
        #expect(!text.lowercased().contains("bcc"))
        #expect(!text.contains("audit@zioinfo.co.kr"))
        #expect(built.envelope.sender == "hong@zioinfo.co.kr")
        #expect(built.envelope.recipients == ["kim@example.com", "lee@example.com", "cc@example.com", "audit@zioinfo.co.kr"])
        #expect(built.messageID.hasSuffix("@mail.zioinfo.co.kr"))
    }

    @Test func parsesBackWithOurParser() throws {
        let builder = Self.sample()
        let built = try builder.build()
        let message = MIMEMessage(built.bytes)
        #expect(message.subject == builder.subject)
        #expect(message.from == [builder.from])
        #expect(message.to == builder.to)
        #expect(message.cc == builder.cc)
        #expect(message.bcc.isEmpty)
        #expect(message.messageID == built.messageID)
        #expect(message.inReplyTo == "orig@example.com")
        #expect(message.references == ["first@example.com", "orig@example.com"])
        #expect(message.textBody == builder.text?.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(message.htmlBody == builder.html)
        let attachments = message.attachments
        // Tree order: the inline image sits in multipart/related next to the HTML body.
        let expectedOrder = [builder.attachments[1], builder.attachments[0], builder.attachments[2]]
        #expect(attachments.map(\.filename) == expectedOrder.map(\.filename))
        #expect(attachments.map(\.size) == expectedOrder.map(\.data.count))
        #expect(attachments.map(\.isInline) == [true, false, false])
        #expect(attachments.map(\.section) == ["1.2.2", "2", "3"])
        #expect(attachments[0].contentID == "logo@zioinfo")
        #expect(message.date != nil)
        #expect(!message.isTruncated)
    }

    @Test func forwardedMessageIsAttachedAsRFC822() throws {
        var original = MessageBuilder(from: MailAddress(email: "a@example.com"))
        original.to = [MailAddress(email: "b@example.com")]
        original.subject = "원본 메일"
        original.text = "본문"
        var forward = MessageBuilder(from: MailAddress(email: "hong@zioinfo.co.kr"))
        forward.to = [MailAddress(email: "c@example.com")]
        forward.subject = "Fwd: 원본 메일"
        forward.text = "전달합니다"
        forward.forwarded = [try original.build().bytes]
        let message = MIMEMessage(try forward.build().bytes)
        let attachment = try #require(message.attachments.first)
        #expect(attachment.contentType == "message/rfc822")
        #expect(attachment.filename == "원본 메일.eml")
        #expect(attachment.section == "2")
        let nested = try #require(message.root.children.last?.message)
        #expect(nested.subject == "원본 메일")
        #expect(nested.textBody == "본문")
    }

    /// Each user field with a CR, LF or NUL smuggled in, and the field name the error reports.
    static let injections: [(String, String)] = [
        ("subject", "hi\r\nBcc: evil@x.com"),
        ("to[0].name", "a\nb"),
        ("from.email", "a@b.c\r\nX: y"),
        ("attachments[0].filename", "a\u{0}b"),
        ("references[0]", "a@b\r"),
        ("text", "nul\u{0}"),
    ]

    @Test(arguments: injections)
    func rejectsInjection(field: String, value: String) {
        var builder = Self.sample()
        switch field {
        case "subject": builder.subject = value
        case "to[0].name": builder.to = [MailAddress(name: value, email: "a@b.c")]
        case "from.email": builder.from = MailAddress(email: value)
        case "attachments[0].filename": builder.attachments = [.init(filename: value, data: [])]
        case "references[0]": builder.references = [value]
        default: builder.text = value
        }
        #expect(throws: MessageBuilderError.forbiddenCharacter(field: field)) { try builder.build() }
    }

    /// Every C0 control but TAB, and DEL, is refused in every header value given by the user;
    /// TAB is kept (it is folding whitespace).
    @Test(arguments: (UInt8(0)...UInt8(0x1F)).filter { $0 != 0x09 } + [0x7F])
    func rejectsEveryControlInHeaderFields(control: UInt8) {
        let value = "a" + String(UnicodeScalar(control)) + "b"
        let fields: [(String, (inout MessageBuilder) -> Void)] = [
            ("subject", { $0.subject = value }),
            ("to[0].name", { $0.to = [MailAddress(name: value, email: "a@b.c")] }),
            ("cc[0].name", { $0.cc = [MailAddress(name: value, email: "a@b.c")] }),
            ("from.name", { $0.from = MailAddress(name: value, email: "me@b.c") }),
            ("attachments[0].filename", { $0.attachments = [.init(filename: value, data: [])] }),
            ("inReplyTo", { $0.inReplyTo = "<" + value + "@x>" }),
        ]
        for (field, set) in fields {
            var builder = Self.sample()
            set(&builder)
            #expect(throws: MessageBuilderError.forbiddenCharacter(field: field), "0x\(String(control, radix: 16)) in \(field)") {
                try builder.build()
            }
        }
    }

    @Test func aTabInTheSubjectIsKept() throws {
        var builder = Self.sample()
        builder.subject = "a\tb"
        let built = try builder.build()
        #expect(MIMEMessage(built.bytes).subject?.contains("b") == true)
    }

    @Test func rejectsBadAddressesAndMissingRecipients() {
        var builder = Self.sample()
        builder.to = [MailAddress(email: "no-at-sign")]
        #expect(throws: MessageBuilderError.invalidAddress(field: "to[0].email", address: "no-at-sign")) { try builder.build() }
        builder.to = [MailAddress(email: "한글@example.com")]
        #expect(throws: MessageBuilderError.self) { try builder.build() }
        builder.to = [MailAddress(email: String(repeating: "a", count: 300) + "@example.com")]
        #expect(throws: MessageBuilderError.self) { try builder.build() }
        builder.to = []; builder.cc = []; builder.bcc = []
        #expect(throws: MessageBuilderError.noRecipients) { try builder.build() }
    }

    @Test func plainASCIIMessageStaysSimple() throws {
        var builder = MessageBuilder(from: MailAddress(name: "Plain", email: "p@example.com"))
        builder.to = [MailAddress(email: "q@example.com")]
        builder.subject = "Hello"
        builder.text = "Just text.\n"
        let text = String(decoding: try builder.build().bytes, as: UTF8.self)
        #expect(text.contains("Subject: Hello\r\n"))
        #expect(text.contains("From: Plain <p@example.com>\r\n"))
        #expect(text.contains("Content-Transfer-Encoding: 7bit\r\n"))
        #expect(text.hasSuffix("\r\n\r\nJust text.\r\n"))
    }
}
