import Testing
@testable import MIME

@Suite struct MessageBuilderReplyTests {
    static let original = MIMEMessage(Array("""
    From: =?UTF-8?B?6rmA7JiB7Z2s?= <yhkim@example.com>\r
    Reply-To: team@example.com\r
    To: ythong@zioinfo.co.kr, other@example.com\r
    Cc: YTHONG@zioinfo.co.kr, boss@example.com\r
    Subject: =?UTF-8?B?7ZqM7J2YIOyekOujjA==?=\r
    Message-ID: <m2@example.com>\r
    References: <m0@example.com> <m1@example.com>\r
    \r
    body\r
    """.utf8))

    @Test func replyThreadsAndAddresses() {
        var builder = MessageBuilder(from: MailAddress(email: "ythong@zioinfo.co.kr"))
        builder.reply(to: Self.original)
        #expect(builder.subject == "Re: 회의 자료")
        #expect(builder.inReplyTo == "m2@example.com")
        #expect(builder.references == ["m0@example.com", "m1@example.com", "m2@example.com"])
        #expect(builder.to.map(\.email) == ["team@example.com"])
        #expect(builder.cc.isEmpty)
    }

    @Test func replyAllSkipsOwnAddressAndDuplicates() {
        var builder = MessageBuilder(from: MailAddress(email: "ythong@zioinfo.co.kr"))
        builder.reply(to: Self.original, all: true)
        #expect(builder.to.map(\.email) == ["team@example.com", "other@example.com"])
        #expect(builder.cc.map(\.email) == ["boss@example.com"])
        builder.reply(to: MIMEMessage(Array("Subject: RE: already\r\nFrom: a@b.c\r\n\r\n".utf8)))
        #expect(builder.subject == "RE: already")
    }

    @Test func forwardAttachesOriginal() throws {
        var builder = MessageBuilder(from: MailAddress(email: "ythong@zioinfo.co.kr"))
        builder.to = [MailAddress(email: "boss@example.com")]
        builder.forward(Array("Subject: =?UTF-8?B?7ZqM7J2YIOyekOujjA==?=\r\nFrom: a@b.c\r\n\r\nbody\r\n".utf8))
        #expect(builder.subject == "Fwd: 회의 자료")
        let message = MIMEMessage(try builder.build().bytes)
        #expect(message.attachments.map(\.filename) == ["회의 자료.eml"])
    }
}
