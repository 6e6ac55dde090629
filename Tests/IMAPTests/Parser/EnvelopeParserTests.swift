import IMAP
import Testing

/// ENVELOPE: NILs, groups, literals, escapes, raw 8-bit and RFC 2047 values kept as bytes.
@Suite struct EnvelopeParserTests {
    static func envelope(_ text: String) -> String { "* 1 FETCH (ENVELOPE \(text))\r\n" }
    static func expect(_ envelope: Envelope) -> [ResponseEvent] { [fetch(1, [.envelope(envelope)])] }

    static let cases: [ParserCase] = [
        ParserCase("all NIL", envelope("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)"), expect(Envelope())),
        ParserCase("RFC 3501 example",
            envelope("(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\" ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((NIL NIL \"imap\" \"cac.washington.edu\")) ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL \"<B27397-0100000@cac.washington.edu>\")"),
            expect(Envelope(
                date: "Wed, 17 Jul 1996 02:23:25 -0700 (PDT)", subject: "IMAP4rev1 WG mtg summary and minutes",
                from: [address("Terry Gray", "gray", "cac.washington.edu")], sender: [address("Terry Gray", "gray", "cac.washington.edu")],
                replyTo: [address("Terry Gray", "gray", "cac.washington.edu")], to: [address(nil, "imap", "cac.washington.edu")],
                cc: [address(nil, "minutes", "CNRI.Reston.VA.US"), address("John Klensin", "KLENSIN", "MIT.EDU")],
                messageID: "<B27397-0100000@cac.washington.edu>"))),
        ParserCase("RFC 2047 subject kept raw",
            envelope("(NIL \"=?UTF-8?B?7ZqM7J2Y?=\" ((\"=?UTF-8?B?7ZmN6ri464+Z?=\" NIL \"hong\" \"example.com\")) NIL NIL NIL NIL NIL NIL NIL)"),
            expect(Envelope(subject: "=?UTF-8?B?7ZqM7J2Y?=", from: [address("=?UTF-8?B?7ZmN6ri464+Z?=", "hong", "example.com")]))),
        ParserCase("literal subject", envelope("(NIL {7}\r\nA \"q\" B NIL NIL NIL NIL NIL NIL NIL NIL)"), expect(Envelope(subject: "A \"q\" B"))),
        ParserCase("escaped quotes and backslash", envelope("(NIL \"say \\\"hi\\\" \\\\o/\" NIL NIL NIL NIL NIL NIL NIL NIL)"), expect(Envelope(subject: "say \"hi\" \\o/"))),
        ParserCase("raw 8-bit subject", bytes: Array("* 1 FETCH (ENVELOPE (NIL \"".utf8) + [0xC7, 0xD1] + Array("\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n".utf8),
            expect(Envelope(subject: ByteString([0xC7, 0xD1])))),
        ParserCase("group syntax",
            envelope("(NIL NIL NIL NIL NIL ((NIL NIL \"team\" NIL)(NIL NIL \"carol\" \"example.com\")(NIL NIL NIL NIL)) NIL NIL NIL NIL)"),
            expect(Envelope(to: [address(nil, "team", nil), address(nil, "carol", "example.com"), address(nil, nil, nil)]))),
        ParserCase("spaces between addresses",
            envelope("(NIL NIL ((NIL NIL \"a\" \"x\") (NIL NIL \"b\" \"y\")) NIL NIL NIL NIL NIL NIL NIL)"),
            expect(Envelope(from: [address(nil, "a", "x"), address(nil, "b", "y")]))),
        ParserCase("in-reply-to and message-id",
            envelope("(NIL NIL NIL NIL NIL NIL NIL NIL \"<a@b>\" \"<c@d>\")"), expect(Envelope(inReplyTo: "<a@b>", messageID: "<c@d>"))),
        ParserCase("empty strings", envelope("(\"\" \"\" NIL NIL NIL NIL NIL NIL NIL NIL)"), expect(Envelope(date: "", subject: ""))),
        ParserCase("address with adl", envelope("(NIL NIL ((NIL \"@route\" \"u\" \"h\")) NIL NIL NIL NIL NIL NIL NIL)"),
            expect(Envelope(from: [Address(adl: "@route", mailbox: "u", host: "h")]))),
        ParserCase("literal in address", envelope("(NIL NIL (({5}\r\nKim,J NIL \"kim\" \"k.kr\")) NIL NIL NIL NIL NIL NIL NIL)"),
            expect(Envelope(from: [address("Kim,J", "kim", "k.kr")]))),
        ParserCase("envelope then UID", "* 1 FETCH (ENVELOPE (NIL \"s\" NIL NIL NIL NIL NIL NIL NIL NIL) UID 3)\r\n",
            [fetch(1, [.envelope(Envelope(subject: "s")), .uid(3)])]),
        ParserCase("too few fields", envelope("(NIL NIL NIL)"), nil),
        ParserCase("address with three fields", envelope("(NIL NIL ((NIL NIL \"a\")) NIL NIL NIL NIL NIL NIL NIL)"), nil),
    ]

    @Test(arguments: cases) func decodes(_ testCase: ParserCase) { testCase.run() }

    @Test func groupMarkersAndConveniences() {
        let start = address(nil, "team", nil)
        let end = address(nil, nil, nil)
        let member = address("이름", "kim", "example.kr")
        #expect(start.isGroupStart && !start.isGroupEnd && start.emailAddress == nil)
        #expect(end.isGroupEnd)
        #expect(member.emailAddress == "kim@example.kr")
        #expect(ByteString([0xC7, 0xD1]).utf8String == nil)
        #expect(ByteString("=?UTF-8?B?7ZqM?=").utf8String == "=?UTF-8?B?7ZqM?=")
    }
}
