import Testing
@testable import SMTP

@Suite struct SMTPReplyParserTests {
    private func parse(_ lines: [String]) throws -> [SMTPReply] {
        var parser = SMTPReplyParser()
        return try lines.compactMap { try parser.consume(line: $0) }
    }

    @Test func singleLineWithEnhancedCode() throws {
        let replies = try parse(["250 2.1.0 Ok"])
        #expect(replies == [SMTPReply(code: 250, enhancedCode: SMTPEnhancedStatusCode(statusClass: 2, subject: 1, detail: 0), lines: ["Ok"])])
    }

    @Test func multiLineEHLOBecomesOneReplyAndCapabilities() throws {
        let replies = try parse(["250-mail.zioinfo.co.kr", "250-PIPELINING", "250-SIZE 52428800", "250-AUTH PLAIN LOGIN",
                                 "250-ENHANCEDSTATUSCODES", "250-8BITMIME", "250 DSN"])
        #expect(replies.count == 1)
        let reply = try #require(replies.first)
        #expect(reply.code == 250 && reply.enhancedCode == nil && reply.lines.count == 7)
        let capabilities = SMTPCapabilities(ehloReply: reply)
        #expect(capabilities.pipelining && capabilities.eightBitMIME && capabilities.enhancedStatusCodes)
        #expect(capabilities.sizeLimit == 52_428_800)
        #expect(capabilities.authMechanisms == ["PLAIN", "LOGIN"])
        #expect(!capabilities.startTLS)
    }

    @Test func multiLineErrorRepeatsEnhancedCodeOnEveryLine() throws {
        let replies = try parse(["550-5.7.1 first line", "550 5.7.1 second line"])
        let reply = try #require(replies.first)
        #expect(reply.code == 550)
        #expect(reply.enhancedCode?.description == "5.7.1")
        #expect(reply.lines == ["first line", "second line"])
        #expect(reply.text == "first line second line")
        #expect(reply.isPermanentFailure)
    }

    @Test func bareCodeAndCodeWithoutTextAreAccepted() throws {
        #expect(try parse(["354"]).first?.code == 354)
        #expect(try parse(["221 "]).first?.lines == [""])
    }

    @Test func enhancedCodeOfAnotherClassIsLeftInTheText() throws {
        // A 250 reply whose text happens to start like "5.0.0" is not an enhanced code.
        let reply = try #require(try parse(["250 5.0.0 odd"]).first)
        #expect(reply.enhancedCode == nil && reply.text == "5.0.0 odd")
    }

    @Test(arguments: ["", "25", "abc hello", "2500 x", "250x", "ÿÿÿ", "25\u{0} x"])
    func malformedLinesAreRejectedNotTrapped(_ line: String) {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Failure.self) { try parser.consume(line: line) }
    }

    @Test func continuationWithAnotherCodeIsRejected() {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Failure.inconsistentCode(expected: 250, found: 251)) {
            _ = try parser.consume(line: "250-a")
            _ = try parser.consume(line: "251 b")
        }
    }

    @Test func endlessMultiLineReplyIsBounded() throws {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Failure.tooManyLines) {
            for _ in 0...SMTPReplyParser.maximumLines { _ = try parser.consume(line: "250-x") }
        }
    }

    @Test func sizeWithoutLimitMeansNoLimit() {
        #expect(SMTPCapabilities(extensions: ["SIZE": []]).sizeLimit == nil)
        #expect(SMTPCapabilities(extensions: ["SIZE": ["0"]]).sizeLimit == nil)
        #expect(SMTPCapabilities(extensions: ["SIZE": ["1000"]]).sizeLimit == 1000)
    }

    @Test func receiptExtractsPostfixQueueID() {
        let receipt = SMTPDeliveryReceipt(reply: SMTPReply(code: 250, lines: ["Ok: queued as 4F3A21C0B2"]), recipients: [], messageSize: 1)
        #expect(receipt.queueID == "4F3A21C0B2")
    }
}
