import Foundation
import Testing
@testable import MIME

/// The MIME structure of an HTML message (issue 28): what Outlook and Gmail expect.
@Suite struct HTMLMessageStructureTests {
    static func builder() -> MessageBuilder {
        var builder = MessageBuilder(from: MailAddress(name: "홍길동", email: "hong@zioinfo.co.kr"))
        builder.to = [MailAddress(email: "kim@example.com")]
        builder.subject = "결재 요청"
        builder.html = "<p>결재 바랍니다.</p><table><tr><td>항목</td><td>금액</td></tr></table><img src=\"cid:one@z\"><img src=\"cid:two@z\">"
        builder.attachments = [
            .init(filename: "보고서.pdf", contentType: "application/pdf", data: Array(0...255)),
            .init(filename: "one.png", contentType: "image/png", data: [1, 2, 3], contentID: "one@z"),
            .init(filename: "two.jpg", contentType: "image/jpeg", data: [4, 5, 6], contentID: "two@z"),
        ]
        return builder
    }

    static func shape(_ part: MIMEPart) -> String {
        let type = "\(part.contentType.type)/\(part.contentType.subtype)"
        return part.children.isEmpty ? type : type + "(" + part.children.map(shape).joined(separator: ", ") + ")"
    }

    @Test func htmlWithInlineImagesAndAnAttachment() throws {
        let message = MIMEMessage(try Self.builder().build().bytes)
        #expect(Self.shape(message.root) == "multipart/mixed(multipart/alternative(text/plain, multipart/related(text/html, image/png, image/jpeg)), application/pdf)")
        #expect(message.textBody?.replacingOccurrences(of: "\r\n", with: "\n") == "결재 바랍니다.\n\n항목 | 금액")
        let inline = message.root.allParts.filter { $0.contentID != nil }
        #expect(Set(inline.compactMap(\.contentID)) == ["one@z", "two@z"])
        #expect(inline.allSatisfy { $0.disposition?.isInline == true })
    }

    @Test func htmlWithoutAttachmentsIsAlternativeOnly() throws {
        var builder = Self.builder()
        builder.attachments = []
        let message = MIMEMessage(try builder.build().bytes)
        #expect(Self.shape(message.root) == "multipart/alternative(text/plain, text/html)")
    }

    @Test func aGivenTextIsKept() throws {
        var builder = Self.builder()
        builder.attachments = []
        builder.text = "직접 쓴 본문"
        #expect(MIMEMessage(try builder.build().bytes).textBody == "직접 쓴 본문")
    }

    @Test func forwardedMessageIsAnEMLAttachment() throws {
        var original = Self.builder()
        original.subject = "원본 메일 제목"
        let originalBytes = try original.build().bytes
        var builder = Self.builder()
        builder.attachments = []
        builder.forwarded = [originalBytes]
        let message = MIMEMessage(try builder.build().bytes)
        #expect(Self.shape(message.root).hasPrefix("multipart/mixed(multipart/alternative(text/plain, text/html), message/rfc822"))
        let eml = try #require(message.root.children.last)
        #expect(eml.filename == "원본 메일 제목.eml")
        #expect(Array(eml.body) == originalBytes)
    }

    @Test func headerInjectionIsStillRefused() {
        var builder = Self.builder()
        builder.attachments[1].filename = "a.png\r\nBcc: x@evil"
        #expect(throws: MessageBuilderError.forbiddenCharacter(field: "attachments[1].filename")) { try builder.build() }
        builder = Self.builder()
        builder.attachments[1].contentID = "one@z>\r\nX: y"
        #expect(throws: MessageBuilderError.self) { try builder.build() }
        builder = Self.builder()
        builder.html = "<p>\u{0}</p>"
        #expect(throws: MessageBuilderError.forbiddenCharacter(field: "html")) { try builder.build() }
    }
}
