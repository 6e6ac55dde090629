import IMAP
import Testing

/// Inputs that must be rejected with an error — never a crash, a hang or a silent acceptance.
@Suite struct MalformedResponseTests {
    static let tiny = ResponseLimits(maximumFrameSize: 64, streamingThreshold: 1 << 20)

    static let cases: [ParserCase] = [
        ParserCase("empty line", "\r\n", nil),
        ParserCase("lone star", "*\r\n", nil),
        ParserCase("star without space", "*OK\r\n", nil),
        ParserCase("unknown tagged status", "a1 MAYBE later\r\n", nil),
        ParserCase("tag only", "a1\r\n", nil),
        ParserCase("closing paren", ")\r\n", nil),
        ParserCase("NUL bytes", bytes: [0, 0, 0, 13, 10], nil),
        ParserCase("binary garbage", bytes: [0xFF, 0xFE, 0x80, 0x20, 0x41, 13, 10], nil),
        ParserCase("number too large", "* 99999999999 EXISTS\r\n", nil),
        ParserCase("number without keyword", "* 1\r\n", nil),
        ParserCase("FETCH without list", "* 1 FETCH UID 1\r\n", nil),
        ParserCase("FETCH unterminated", "* 1 FETCH (UID 1\r\n", nil),
        ParserCase("FETCH UID not a number", "* 1 FETCH (UID abc)\r\n", nil),
        ParserCase("FETCH bad date", "* 1 FETCH (INTERNALDATE \"yesterday\")\r\n", nil),
        ParserCase("FETCH bad month", "* 1 FETCH (INTERNALDATE \"24-Foo-2026 10:00:00 +0900\")\r\n", nil),
        ParserCase("FETCH bad zone", "* 1 FETCH (INTERNALDATE \"24-Nov-2026 10:00:00 0900\")\r\n", nil),
        ParserCase("FETCH date with trailing text", "* 1 FETCH (INTERNALDATE \"24-Nov-2026 10:00:00 +0900x\")\r\n", nil),
        ParserCase("FETCH date with three-digit day", "* 1 FETCH (INTERNALDATE \"124-Nov-2026 10:00:00 +0900\")\r\n", nil),
        ParserCase("FETCH date with hour 24", "* 1 FETCH (INTERNALDATE \"24-Nov-2026 24:00:00 +0900\")\r\n", nil),
        ParserCase("FETCH date cut short", "* 1 FETCH (INTERNALDATE \"24-No\")\r\n", nil),
        ParserCase("FETCH bad section", "* 1 FETCH (BODY[FOO] NIL)\r\n", nil),
        ParserCase("FETCH part zero", "* 1 FETCH (BODY[0] NIL)\r\n", nil),
        ParserCase("FETCH section unterminated", "* 1 FETCH (BODY[1 NIL)\r\n", nil),
        ParserCase("FETCH origin unterminated", "* 1 FETCH (BODY[]<5 NIL)\r\n", nil),
        ParserCase("FETCH MODSEQ without parens", "* 1 FETCH (MODSEQ 5)\r\n", nil),
        ParserCase("FETCH FLAGS not a list", "* 1 FETCH (FLAGS \\Seen)\r\n", nil),
        ParserCase("FETCH data after close", "* 1 FETCH (UID 1) junk\r\n", nil),
        ParserCase("quoted string unterminated", "* 1 FETCH (BODY[] \"abc)\r\n", nil),
        ParserCase("LIST delimiter too long", "* LIST () \"ab\" INBOX\r\n", nil),
        ParserCase("LIST missing name", "* LIST () \"/\"\r\n", nil),
        ParserCase("LIST attributes unterminated", "* LIST (\\Noselect \"/\" x\r\n", nil),
        ParserCase("STATUS value not a number", "* STATUS INBOX (MESSAGES many)\r\n", nil),
        ParserCase("STATUS unterminated", "* STATUS INBOX (MESSAGES 1\r\n", nil),
        ParserCase("SEARCH junk", "* SEARCH 1 two\r\n", nil),
        ParserCase("ESEARCH bad ALL", "* ESEARCH ALL x\r\n", nil),
        ParserCase("NAMESPACE truncated", "* NAMESPACE ((\"\" \"/\"))\r\n", nil),
        ParserCase("response code unterminated", "* OK [UIDNEXT 4\r\n", nil),
        ParserCase("literal length overflow", "* 1 FETCH (BODY[] {99999999999999999999}\r\nx)\r\n", nil),
        ParserCase("frame over the limit", "* OK " + String(repeating: "x", count: 100) + "\r\n", nil, limits: tiny),
        ParserCase("literal over the limit", "* 1 FETCH (BODY[] {100}\r\n" + String(repeating: "x", count: 100) + ")\r\n", nil, limits: tiny),
        ParserCase("VANISHED bad", "* VANISHED (LATER) 1\r\n", nil),
        ParserCase("ID unterminated", "* ID (\"a\" \"b\"\r\n", nil),
        ParserCase("deeply nested unknown item", "* 1 FETCH (XDEEP " + String(repeating: "(", count: 200) + String(repeating: ")", count: 200) + ")\r\n", nil),
        ParserCase("envelope as atom", "* 1 FETCH (ENVELOPE NIL)\r\n", nil),
    ]

    @Test(arguments: cases) func rejects(_ testCase: ParserCase) { testCase.run() }

    @Test func incompleteInputYieldsNothingYet() throws {
        var decoder = ResponseDecoder()
        #expect(try decoder.decode(bytes("* 1 FETCH (BODY[] {10}\r\nabc")).isEmpty)
        #expect(!decoder.isAtResponseBoundary)
        #expect(try decoder.decode(bytes("defghij)\r\n")).count == 1)
        #expect(decoder.isAtResponseBoundary)
    }

    @Test func pseudoRandomGarbageNeverCrashes() {
        // A deterministic generator: the same inputs every run.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let alphabet = bytes("* ()[]{}<>\"\\~+0123456789 OK NO FETCH BODY UID NIL\r\n") + [0, 0xFF]
        for _ in 0..<2_000 {
            var input: [UInt8] = []
            for _ in 0..<Int(state % 60) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                input.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            var decoder = ResponseDecoder(limits: ResponseLimits(maximumFrameSize: 4096, streamingThreshold: 16))
            _ = try? decoder.decode(input)
            state = state &* 6_364_136_223_846_793_005 &+ 1
        }
    }
}
