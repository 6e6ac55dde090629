import IMAP
import Testing

/// BODYSTRUCTURE and BODY: single parts, multiparts, nested messages, extension data and the
/// odd forms real servers produce.
@Suite struct BodyStructureParserTests {
    typealias Part = BodyStructure.SinglePart
    typealias Param = BodyStructure.Parameter

    static func structure(_ text: String) -> String { "* 1 FETCH (BODYSTRUCTURE \(text))\r\n" }
    static func expect(_ body: BodyStructure) -> [ResponseEvent] { [fetch(1, [.bodyStructure(body)])] }

    static let plain = "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92)"
    static let plainPart = text("plain", 3028, lines: 92)

    static let cases: [ParserCase] = [
        ParserCase("text/plain basic", structure(plain), expect(.singlepart(plainPart))),
        ParserCase("BODY non-extensible form", "* 1 FETCH (BODY \(plain))\r\n", expect(.singlepart(plainPart))),
        ParserCase("text with extension data",
            structure("(\"text\" \"html\" (\"charset\" \"utf-8\") \"<id@x>\" \"desc\" \"quoted-printable\" 120 4 \"md5sum\" (\"inline\" NIL) \"ko\" \"http://x/\")"),
            expect(.singlepart(Part(type: "text", subtype: "html", parameters: [Param(name: "charset", value: "utf-8")], id: "<id@x>", contentDescription: "desc",
                encoding: "quoted-printable", size: 120, kind: .text(lines: 4), md5: "md5sum", disposition: .init(type: "inline"), language: ["ko"], location: "http://x/")))),
        ParserCase("basic attachment with disposition",
            structure("(\"APPLICATION\" \"PDF\" (\"NAME\" \"a.pdf\") NIL NIL \"BASE64\" 4000 NIL (\"ATTACHMENT\" (\"FILENAME\" \"a.pdf\")) NIL)"),
            expect(.singlepart(Part(type: "application", subtype: "pdf", parameters: [Param(name: "name", value: "a.pdf")], encoding: "base64", size: 4000,
                disposition: .init(type: "attachment", parameters: [Param(name: "filename", value: "a.pdf")]))))),
        ParserCase("multipart/alternative",
            structure("(\(plain)(\"TEXT\" \"HTML\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 10 1) \"ALTERNATIVE\")"),
            expect(.multipart(.init(parts: [.singlepart(plainPart), .singlepart(text("html", 10, lines: 1))], subtype: "alternative")))),
        ParserCase("multipart with extension data",
            structure("(\(plain) \"MIXED\" (\"BOUNDARY\" \"b1\") (\"inline\" NIL) (\"en\" \"ko\") \"loc\" 7 (\"x\" 1))"),
            expect(.multipart(.init(parts: [.singlepart(plainPart)], subtype: "mixed", parameters: [Param(name: "boundary", value: "b1")],
                disposition: .init(type: "inline"), language: ["en", "ko"], location: "loc")))),
        ParserCase("multipart params NIL",
            structure("(\(plain) \"MIXED\" NIL NIL NIL)"), expect(.multipart(.init(parts: [.singlepart(plainPart)], subtype: "mixed")))),
        ParserCase("nested multiparts",
            structure("(((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1)(\"TEXT\" \"HTML\" NIL NIL NIL \"7BIT\" 2 1) \"ALTERNATIVE\")(\"IMAGE\" \"PNG\" NIL \"<c1>\" NIL \"BASE64\" 30) \"RELATED\")"),
            expect(.multipart(.init(parts: [
                .multipart(.init(parts: [.singlepart(text("plain", 1, lines: 1, charset: nil)), .singlepart(text("html", 2, lines: 1, charset: nil))], subtype: "alternative")),
                .singlepart(Part(type: "image", subtype: "png", id: "<c1>", encoding: "base64", size: 30)),
            ], subtype: "related")))),
        ParserCase("message/rfc822 nested",
            structure("(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 342 (NIL \"inner\" ((NIL NIL \"in\" \"x.com\")) NIL NIL NIL NIL NIL NIL NIL) (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 12 1) 10)"),
            expect(.singlepart(Part(type: "message", subtype: "rfc822", encoding: "7bit", size: 342,
                kind: .message(envelope: Envelope(subject: "inner", from: [address(nil, "in", "x.com")]), body: .singlepart(text("plain", 12, lines: 1, charset: nil)), lines: 10))))),
        ParserCase("message/rfc822 without envelope",
            structure("(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 342)"),
            expect(.singlepart(Part(type: "message", subtype: "rfc822", encoding: "7bit", size: 342)))),
        ParserCase("message/rfc822 without envelope but md5",
            structure("(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 342 NIL)"),
            expect(.singlepart(Part(type: "message", subtype: "rfc822", encoding: "7bit", size: 342)))),
        ParserCase("NIL encoding", structure("(\"TEXT\" \"PLAIN\" NIL NIL NIL NIL 5 1)"), expect(.singlepart(text("plain", 5, lines: 1, charset: nil, encoding: "")))),
        ParserCase("atom encoding", structure("(\"TEXT\" \"PLAIN\" NIL NIL NIL 8BIT 5 1)"), expect(.singlepart(text("plain", 5, lines: 1, charset: nil, encoding: "8bit")))),
        ParserCase("8-bit media type lower-cased by Unicode's rules", structure("(\"APPLICATION\" \"X-ÜBER\" NIL NIL NIL \"BASE64\" 9)"),
            expect(.singlepart(Part(type: "application", subtype: "x-über", encoding: "base64", size: 9)))),
        ParserCase("text without line count", structure("(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 5)"),
            expect(.singlepart(Part(type: "text", subtype: "plain", encoding: "7bit", size: 5)))),
        ParserCase("bare string disposition", structure("(\"APPLICATION\" \"ZIP\" NIL NIL NIL \"BASE64\" 9 NIL \"ATTACHMENT\")"),
            expect(.singlepart(Part(type: "application", subtype: "zip", encoding: "base64", size: 9, disposition: .init(type: "attachment"))))),
        ParserCase("disposition NIL params", structure("(\"APPLICATION\" \"ZIP\" NIL NIL NIL \"BASE64\" 9 NIL (\"attachment\" NIL))"),
            expect(.singlepart(Part(type: "application", subtype: "zip", encoding: "base64", size: 9, disposition: .init(type: "attachment"))))),
        ParserCase("RFC 2231 parameter kept raw",
            structure("(\"APPLICATION\" \"PDF\" (\"NAME*\" \"UTF-8''%EB%B3%B4.pdf\") NIL NIL \"BASE64\" 9)"),
            expect(.singlepart(Part(type: "application", subtype: "pdf", parameters: [Param(name: "name*", value: "UTF-8''%EB%B3%B4.pdf")], encoding: "base64", size: 9)))),
        ParserCase("parameter value as literal",
            structure("(\"APPLICATION\" \"PDF\" (\"NAME\" {5}\r\na\"b.c) NIL NIL \"BASE64\" 9)"),
            expect(.singlepart(Part(type: "application", subtype: "pdf", parameters: [Param(name: "name", value: "a\"b.c")], encoding: "base64", size: 9)))),
        ParserCase("language list and location then extensions",
            structure("(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1 NIL NIL (\"ko\" \"en\") NIL 42 (\"a\" (\"b\")) NIL)"),
            expect(.singlepart(Part(type: "text", subtype: "plain", encoding: "7bit", size: 1, kind: .text(lines: 1), language: ["ko", "en"])))),
        ParserCase("lower-case everything", structure("(\"text\" \"plain\" (\"charset\" \"utf-8\") nil nil \"base64\" 8 1)"),
            expect(.singlepart(text("plain", 8, lines: 1, charset: "utf-8", encoding: "base64")))),
        ParserCase("multipart with single child and no subtype quotes",
            structure("(\(plain) MIXED)"), expect(.multipart(.init(parts: [.singlepart(plainPart)], subtype: "mixed")))),
        ParserCase("BODYSTRUCTURE then UID", "* 1 FETCH (BODYSTRUCTURE \(plain) UID 5)\r\n", [fetch(1, [.bodyStructure(.singlepart(plainPart)), .uid(5)])]),
        ParserCase("unterminated body", structure("(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1"), nil),
        ParserCase("missing size", structure("(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\")"), nil),
        ParserCase("nesting too deep", structure(String(repeating: "(", count: 60) + plain + String(repeating: " \"MIXED\")", count: 60)), nil),
    ]

    @Test(arguments: cases) func decodes(_ testCase: ParserCase) { testCase.run() }

    @Test func sectionNumbersOfNestedParts() {
        let inner = BodyStructure.multipart(.init(parts: [.singlepart(text("plain", 1, lines: 1)), .singlepart(text("html", 1, lines: 1))], subtype: "alternative"))
        let message = BodyStructure.singlepart(Part(type: "message", subtype: "rfc822", size: 9, kind: .message(envelope: Envelope(), body: inner, lines: 3)))
        let top = BodyStructure.multipart(.init(parts: [.singlepart(text("plain", 1, lines: 1)), message], subtype: "mixed"))
        #expect(top.parts().map(\.section.description) == ["1", "2", "2.1", "2.2"])
        #expect(BodyStructure.singlepart(Self.plainPart).parts().map(\.section.description) == ["1"])
        let single = BodyStructure.singlepart(Part(type: "message", subtype: "rfc822", size: 9, kind: .message(envelope: Envelope(), body: .singlepart(Self.plainPart), lines: 3)))
        #expect(single.parts().map(\.section.description) == ["1", "1.1"])
        #expect(top.part(at: BodyStructure.SectionPath("2.2")!)?.subtype == "html")
        #expect(BodyStructure.SectionPath("0.1") == nil)
        #expect(BodyStructure.SectionPath("a") == nil)
    }
}
