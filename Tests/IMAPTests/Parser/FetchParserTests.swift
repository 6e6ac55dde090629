import IMAP
import Testing

/// FETCH data items, literals in every position, and streamed body values.
@Suite struct FetchParserTests {
    static let date = InternalDate(year: 2026, month: 11, day: 24, hour: 10, minute: 0, second: 0, zoneMinutes: 540)
    static let small = ResponseLimits(maximumFrameSize: 1 << 20, streamingThreshold: 8)

    static let cases: [ParserCase] = [
        ParserCase("UID", "* 1 FETCH (UID 42)\r\n", [fetch(1, [.uid(42)])]),
        ParserCase("empty list", "* 1 FETCH ()\r\n", [fetch(1, [])]),
        ParserCase("FLAGS", "* 2 FETCH (FLAGS (\\Seen \\Recent $Label1))\r\n", [fetch(2, [.flags([.seen, .recent, Flag("$Label1")])])]),
        ParserCase("FLAGS empty", "* 2 FETCH (FLAGS ())\r\n", [fetch(2, [.flags([])])]),
        ParserCase("INTERNALDATE", "* 3 FETCH (INTERNALDATE \"24-Nov-2026 10:00:00 +0900\")\r\n", [fetch(3, [.internalDate(date)])]),
        ParserCase("INTERNALDATE space-padded day", "* 3 FETCH (INTERNALDATE \" 4-Nov-2026 10:00:00 -0130\")\r\n",
            [fetch(3, [.internalDate(InternalDate(year: 2026, month: 11, day: 4, hour: 10, minute: 0, second: 0, zoneMinutes: -90))])]),
        ParserCase("INTERNALDATE lower-case month", "* 3 FETCH (INTERNALDATE \"24-nov-2026 10:00:00 +0900\")\r\n", [fetch(3, [.internalDate(date)])]),
        ParserCase("INTERNALDATE one-digit day", "* 3 FETCH (INTERNALDATE \"4-Nov-2026 10:00:00 -0130\")\r\n",
            [fetch(3, [.internalDate(InternalDate(year: 2026, month: 11, day: 4, hour: 10, minute: 0, second: 0, zoneMinutes: -90))])]),
        ParserCase("RFC822.SIZE", "* 4 FETCH (RFC822.SIZE 44827)\r\n", [fetch(4, [.rfc822Size(44827)])]),
        ParserCase("MODSEQ", "* 5 FETCH (UID 9 MODSEQ (624140003))\r\n", [fetch(5, [.uid(9), .modSeq(624_140_003)])]),
        ParserCase("several items", "* 12 FETCH (UID 7 RFC822.SIZE 100 FLAGS (\\Seen))\r\n", [fetch(12, [.uid(7), .rfc822Size(100), .flags([.seen])])]),
        ParserCase("lower-case items", "* 12 fetch (uid 7 flags (\\Seen))\r\n", [fetch(12, [.uid(7), .flags([.seen])])]),
        ParserCase("BODY[] literal", "* 1 FETCH (BODY[] {11}\r\nHello\r\nWorl)\r\n", [fetch(1, [.bodySection(.whole, origin: nil, data: bytes("Hello\r\nWorl"))])]),
        ParserCase("BODY[1.2] quoted", "* 1 FETCH (BODY[1.2] \"abc\")\r\n", [fetch(1, [.bodySection(SectionSpecifier(part: [1, 2]), origin: nil, data: bytes("abc"))])]),
        ParserCase("BODY[TEXT] NIL", "* 1 FETCH (BODY[TEXT] NIL)\r\n", [fetch(1, [.bodySection(.text, origin: nil, data: nil)])]),
        ParserCase("BODY[HEADER] empty literal", "* 1 FETCH (BODY[HEADER] {0}\r\n)\r\n", [fetch(1, [.bodySection(.header, origin: nil, data: [])])]),
        ParserCase("BODY[]<0> origin", "* 1 FETCH (BODY[]<0> {3}\r\nabc)\r\n", [fetch(1, [.bodySection(.whole, origin: 0, data: bytes("abc"))])]),
        ParserCase("BODY[2.MIME]", "* 1 FETCH (BODY[2.MIME] \"x\")\r\n", [fetch(1, [.bodySection(SectionSpecifier(part: [2], kind: .mime), origin: nil, data: bytes("x"))])]),
        ParserCase("BODY[2.HEADER]", "* 1 FETCH (BODY[2.HEADER] \"x\")\r\n", [fetch(1, [.bodySection(SectionSpecifier(part: [2], kind: .header), origin: nil, data: bytes("x"))])]),
        ParserCase("HEADER.FIELDS", "* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT FROM)] {21}\r\nSubject: a\r\nFrom: b\r\n)\r\n",
            [fetch(1, [.bodySection(SectionSpecifier(kind: .headerFields(["SUBJECT", "FROM"])), origin: nil, data: bytes("Subject: a\r\nFrom: b\r\n"))])]),
        ParserCase("HEADER.FIELDS.NOT", "* 1 FETCH (BODY[HEADER.FIELDS.NOT (X-SPAM)] \"\")\r\n",
            [fetch(1, [.bodySection(SectionSpecifier(kind: .headerFieldsNot(["X-SPAM"])), origin: nil, data: [])])]),
        ParserCase("literal with CRLF and parens inside", "* 1 FETCH (BODY[1] {10}\r\n) (\r\n* 2 ))\r\n",
            [fetch(1, [.bodySection(SectionSpecifier(part: [1]), origin: nil, data: bytes(") (\r\n* 2 )"))])]),
        ParserCase("literal that looks like a literal header", "* 1 FETCH (BODY[1] {5}\r\n{99}\r UID 3)\r\n",
            [fetch(1, [.bodySection(SectionSpecifier(part: [1]), origin: nil, data: bytes("{99}\r")), .uid(3)])]),
        ParserCase("two literals", "* 1 FETCH (BODY[1] {2}\r\nab BODY[2] {3}\r\ncde)\r\n",
            [fetch(1, [.bodySection(SectionSpecifier(part: [1]), origin: nil, data: bytes("ab")), .bodySection(SectionSpecifier(part: [2]), origin: nil, data: bytes("cde"))])]),
        ParserCase("literal with 8-bit bytes", "* 1 FETCH (BODY[1] {6}\r\n한글)\r\n", [fetch(1, [.bodySection(SectionSpecifier(part: [1]), origin: nil, data: bytes("한글"))])]),
        ParserCase("BINARY literal8", "* 1 FETCH (BINARY[2] ~{3}\r\n\u{0}\u{1}\u{2})\r\n", [fetch(1, [.binary(part: [2], origin: nil, data: [0, 1, 2])])]),
        ParserCase("BINARY.SIZE", "* 1 FETCH (BINARY.SIZE[2] 52)\r\n", [fetch(1, [.binarySize(part: [2], size: 52)])]),
        ParserCase("RFC822 literal", "* 1 FETCH (RFC822 {4}\r\nA\r\nB)\r\n", [fetch(1, [.rfc822(data: bytes("A\r\nB"))])]),
        ParserCase("RFC822.HEADER", "* 1 FETCH (RFC822.HEADER \"H\")\r\n", [fetch(1, [.rfc822Header(data: bytes("H"))])]),
        ParserCase("RFC822.TEXT NIL", "* 1 FETCH (RFC822.TEXT NIL)\r\n", [fetch(1, [.rfc822Text(data: nil)])]),
        ParserCase("unknown items skipped", "* 1 FETCH (X-GM-LABELS (\\Inbox \"Work\") SAVEDATE \"24-Nov-2026 10:00:00 +0900\" SNIPPET (FUZZY {3}\r\nabc) UID 8)\r\n",
            [fetch(1, [.other(name: "X-GM-LABELS"), .other(name: "SAVEDATE"), .other(name: "SNIPPET"), .uid(8)])]),
        // RFC 8970 PREVIEW: an nstring; Dovecot sends non-ASCII previews as literals.
        ParserCase("PREVIEW quoted", "* 1 FETCH (UID 3 PREVIEW \"Hello, see the attached report\")\r\n",
            [fetch(1, [.uid(3), .preview(data: bytes("Hello, see the attached report"))])]),
        ParserCase("PREVIEW literal UTF-8", "* 2 FETCH (UID 4 PREVIEW {15}\r\n안녕하세요 FLAGS (\\Seen))\r\n",
            [fetch(2, [.uid(4), .preview(data: bytes("안녕하세요")), .flags([.seen])])]),
        ParserCase("PREVIEW as the last item", "* 2 FETCH (UID 4 PREVIEW {6}\r\n질문)\r\n",
            [fetch(2, [.uid(4), .preview(data: bytes("질문"))])]),
        ParserCase("PREVIEW NIL", "* 3 FETCH (PREVIEW NIL UID 5)\r\n", [fetch(3, [.preview(data: nil), .uid(5)])]),
        ParserCase("PREVIEW empty", "* 3 FETCH (PREVIEW \"\")\r\n", [fetch(3, [.preview(data: [])])]),
        ParserCase("lower-case preview", "* 3 FETCH (preview \"x\")\r\n", [fetch(3, [.preview(data: bytes("x"))])]),
        ParserCase("large PREVIEW literal is not streamed", "* 4 FETCH (PREVIEW {20}\r\n0123456789abcdefghij UID 6)\r\n",
            [fetch(4, [.preview(data: bytes("0123456789abcdefghij")), .uid(6)])], limits: small),
        ParserCase("PREVIEW without a value", "* 4 FETCH (PREVIEW)\r\n", nil),
        ParserCase("PREVIEW with a list", "* 4 FETCH (PREVIEW (FUZZY))\r\n", nil),
        ParserCase("unknown item with section", "* 1 FETCH (XSECTION[1] NIL UID 2)\r\n", [fetch(1, [.other(name: "XSECTION"), .uid(2)])]),
        ParserCase("space before closing paren", "* 1 FETCH (UID 1 )\r\n", [fetch(1, [.uid(1)])]),
        ParserCase("unsolicited flags", "* 7 FETCH (FLAGS (\\Deleted) UID 70 MODSEQ (12))\r\n", [fetch(7, [.flags([.deleted]), .uid(70), .modSeq(12)])]),

        // Streamed values (threshold 8 bytes): the body arrives as begin / bytes / end.
        ParserCase("streamed BODY[2]", "* 1 FETCH (UID 5 BODY[2] {20}\r\n0123456789abcdefghij FLAGS (\\Seen))\r\n", [
            .streamingFetchBegin(sequenceNumber: 1), .streamingFetchAttributes([.uid(5)]),
            .streamingBodyBegin(.body(SectionSpecifier(part: [2]), origin: nil), byteCount: 20),
            .streamingBodyBytes(bytes("0123456789abcdefghij")), .streamingBodyEnd,
            .streamingFetchAttributes([.flags([.seen])]), .streamingFetchEnd,
        ], limits: small),
        ParserCase("streamed value first and last", "* 3 FETCH (BODY[] {9}\r\n{1}\r\n)\r\nx)\r\n", [
            .streamingFetchBegin(sequenceNumber: 3),
            .streamingBodyBegin(.body(.whole, origin: nil), byteCount: 9),
            .streamingBodyBytes(bytes("{1}\r\n)\r\nx")), .streamingBodyEnd, .streamingFetchEnd,
        ], limits: small),
        ParserCase("two streamed values", "* 1 FETCH (BODY[1] {10}\r\naaaaaaaaaa BODY[2] {12}\r\nbbbbbbbbbbbb UID 4)\r\n", [
            .streamingFetchBegin(sequenceNumber: 1),
            .streamingBodyBegin(.body(SectionSpecifier(part: [1]), origin: nil), byteCount: 10),
            .streamingBodyBytes(bytes("aaaaaaaaaa")), .streamingBodyEnd,
            .streamingBodyBegin(.body(SectionSpecifier(part: [2]), origin: nil), byteCount: 12),
            .streamingBodyBytes(bytes("bbbbbbbbbbbb")), .streamingBodyEnd,
            .streamingFetchAttributes([.uid(4)]), .streamingFetchEnd,
        ], limits: small),
        ParserCase("streamed BINARY literal8", "* 2 FETCH (UID 9 BINARY[1] ~{10}\r\n\u{0}123456789)\r\n", [
            .streamingFetchBegin(sequenceNumber: 2), .streamingFetchAttributes([.uid(9)]),
            .streamingBodyBegin(.binary(part: [1], origin: nil), byteCount: 10),
            .streamingBodyBytes([0] + bytes("123456789")), .streamingBodyEnd, .streamingFetchEnd,
        ], limits: small),
        ParserCase("streamed RFC822", "* 2 FETCH (RFC822 {10}\r\nSubject: x)\r\n", [
            .streamingFetchBegin(sequenceNumber: 2),
            .streamingBodyBegin(.rfc822, byteCount: 10),
            .streamingBodyBytes(bytes("Subject: x")), .streamingBodyEnd, .streamingFetchEnd,
        ], limits: small),
        ParserCase("streamed with origin", "* 2 FETCH (BODY[1]<100> {10}\r\n0123456789)\r\n", [
            .streamingFetchBegin(sequenceNumber: 2),
            .streamingBodyBegin(.body(SectionSpecifier(part: [1]), origin: 100), byteCount: 10),
            .streamingBodyBytes(bytes("0123456789")), .streamingBodyEnd, .streamingFetchEnd,
        ], limits: small),
        ParserCase("small literal after streamed one stays in-line", "* 1 FETCH (BODY[1] {10}\r\n0123456789 BODY[2] {2}\r\nab)\r\n", [
            .streamingFetchBegin(sequenceNumber: 1),
            .streamingBodyBegin(.body(SectionSpecifier(part: [1]), origin: nil), byteCount: 10),
            .streamingBodyBytes(bytes("0123456789")), .streamingBodyEnd,
            .streamingFetchAttributes([.bodySection(SectionSpecifier(part: [2]), origin: nil, data: bytes("ab"))]),
            .streamingFetchEnd,
        ], limits: small),
        ParserCase("large literal outside FETCH is not streamed", "* LIST () \"/\" {12}\r\nLongMailbox1\r\n",
            [untagged(.list(MailboxListEntry(attributes: [], delimiter: "/", name: MailboxName("LongMailbox1"))))], limits: small),
        ParserCase("large ENVELOPE literal is not streamed",
            "* 1 FETCH (ENVELOPE (NIL {12}\r\nLong subject NIL NIL NIL NIL NIL NIL NIL NIL))\r\n",
            [fetch(1, [.envelope(Envelope(subject: "Long subject"))])], limits: small),
        ParserCase("streamed fetch followed by tagged OK", "* 1 FETCH (BODY[] {9}\r\n123456789)\r\na1 OK done\r\n", [
            .streamingFetchBegin(sequenceNumber: 1),
            .streamingBodyBegin(.body(.whole, origin: nil), byteCount: 9),
            .streamingBodyBytes(bytes("123456789")), .streamingBodyEnd, .streamingFetchEnd,
            tagged("a1", .ok, "done"),
        ], limits: small),
    ]

    @Test(arguments: cases) func decodes(_ testCase: ParserCase) { testCase.run() }

    /// Every month in three spellings; three bytes that only look like one are a bad date-time.
    @Test func internalDateMonthsInAnyCase() throws {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func decode(_ month: String) throws -> [ResponseEvent] {
            var decoder = ResponseDecoder()
            return try decoder.decode(bytes("* 3 FETCH (INTERNALDATE \"24-\(month)-2026 10:00:00 +0900\")\r\n"))
        }
        for (index, name) in names.enumerated() {
            for spelling in [name, name.uppercased(), name.lowercased()] {
                var expected = Self.date
                expected.month = index + 1
                #expect(try decode(spelling) == [fetch(3, [.internalDate(expected)])], "\(spelling)")
            }
        }
        // Only a letter's two cases meet a month's letter: "@", "`" and "á" never do.
        for notAMonth in ["Jnu", "N@v", "`an", "Nove", "No", "J\u{00E1}n", "Dec1"] {
            #expect(throws: (any Error).self, "\(notAMonth)") { try decode(notAMonth) }
        }
    }

    @Test func summaryCarriesThePreview() {
        let fetched = FetchResponse(sequenceNumber: 1, attributes: [.uid(9), .preview(data: bytes("질문 있습니다"))])
        #expect(MessageSummary(fetched)?.preview == "질문 있습니다")
        #expect(MessageSummary(FetchResponse(sequenceNumber: 1, attributes: [.uid(9), .preview(data: nil)]))?.preview == nil)
    }
}
