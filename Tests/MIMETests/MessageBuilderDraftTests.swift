import Foundation
import Testing
@testable import MIME

/// A draft is stored in the author's own Drafts folder: it keeps its Bcc as a header (so it can be
/// reopened in compose) and may have no recipient yet; a message to be sent never carries Bcc.
@Suite struct MessageBuilderDraftTests {
    static func builder() -> MessageBuilder {
        var builder = MessageBuilder(from: MailAddress(email: "hong@zioinfo.co.kr"))
        builder.to = [MailAddress(email: "kim@example.com")]
        builder.bcc = [MailAddress(name: "감사팀", email: "audit@zioinfo.co.kr"), MailAddress(email: "lee@example.com")]
        builder.subject = "초안"
        builder.text = "본문"
        return builder
    }

    @Test func aDraftKeepsItsBccHeaderAndParsesBack() throws {
        var builder = Self.builder()
        builder.isDraft = true
        let built = try builder.build()
        let text = String(decoding: built.bytes, as: UTF8.self)
        #expect(text.contains("\r\nBcc: "))
        // 7-bit headers still: the Korean name is an encoded word.
        let head = try #require(text.components(separatedBy: "\r\n\r\n").first)
        #expect(ASCII.isAllASCII(head.utf8))
        let parsed = MIMEMessage(built.bytes)
        #expect(parsed.bcc == builder.bcc)
        #expect(parsed.to == builder.to)
    }

    @Test func aMessageToSendNeverCarriesBcc() throws {
        let built = try Self.builder().build()
        let text = String(decoding: built.bytes, as: UTF8.self)
        #expect(!text.lowercased().contains("\nbcc:"))
        #expect(MIMEMessage(built.bytes).bcc.isEmpty)
        // The blind copies are still envelope recipients.
        #expect(built.envelope.recipients == ["kim@example.com", "audit@zioinfo.co.kr", "lee@example.com"])
    }

    /// Issue 25, bug 8: what is not an address comes back as typed (Korean, commas, quotes,
    /// a piece long enough to be folded); the address headers are untouched by it.
    @Test func aDraftKeepsWhatIsNotAnAddressAsTyped() throws {
        var builder = Self.builder()
        builder.isDraft = true
        let long = String(repeating: "영업팀 김과장님 ", count: 12) + "끝"
        builder.unparsedRecipients = UnparsedRecipients(to: ["홍길동", "kim@"], cc: ["\"Lee, J\" <lee@>", long], bcc: ["=?x?="])
        let built = try builder.build()
        let head = try #require(String(decoding: built.bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n").first)
        #expect(ASCII.isAllASCII(head.utf8))
        let parsed = MIMEMessage(built.bytes)
        #expect(parsed.unparsedRecipients == builder.unparsedRecipients)
        #expect(parsed.to == builder.to)
        #expect(parsed.cc.isEmpty)
    }

    @Test func aMessageToSendWithWhatIsNotAnAddressIsRefusedNamingIt() throws {
        var builder = Self.builder()
        builder.unparsedRecipients = UnparsedRecipients(cc: ["홍길동"])
        #expect(throws: MessageBuilderError.invalidAddress(field: "cc", address: "홍길동")) { try builder.build() }
        builder.isDraft = true
        builder.unparsedRecipients = UnparsedRecipients(to: ["a\r\nBcc: evil@example.com"])
        #expect(throws: MessageBuilderError.forbiddenCharacter(field: "to[0]")) { try builder.build() }
    }

    @Test func aDraftMayHaveNoRecipientYet() throws {
        var builder = MessageBuilder(from: MailAddress(email: "hong@zioinfo.co.kr"))
        builder.subject = "쓰는 중"
        #expect(throws: MessageBuilderError.noRecipients) { try builder.build() }
        builder.isDraft = true
        let built = try builder.build()
        #expect(built.envelope.recipients.isEmpty)
        let text = String(decoding: built.bytes, as: UTF8.self)
        #expect(!text.contains("\r\nTo:") && !text.contains("\r\nBcc:"))
    }

    @Test func aDraftStillRejectsInjectionInBcc() {
        var builder = Self.builder()
        builder.isDraft = true
        builder.bcc = [MailAddress(name: "x\r\nSubject: evil", email: "audit@zioinfo.co.kr")]
        #expect(throws: MessageBuilderError.forbiddenCharacter(field: "bcc[0].name")) { try builder.build() }
    }
}
