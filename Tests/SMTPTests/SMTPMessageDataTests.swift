import Testing
@testable import SMTP

@Suite struct SMTPMessageDataTests {
    private func wire(_ text: String) -> String {
        String(decoding: SMTPMessageData(message: Array(text.utf8)).bytes, as: UTF8.self)
    }

    @Test func linesStartingWithADotAreStuffed() {
        #expect(wire("a\r\n.\r\n..b\r\n.c\r\n") == "a\r\n..\r\n...b\r\n..c\r\n.\r\n")
        #expect(wire(".first line\r\n") == "..first line\r\n.\r\n")
    }

    @Test func bareLFAndBareCRBecomeCRLF() {
        #expect(wire("a\nb\rc\r\nd") == "a\r\nb\r\nc\r\nd\r\n.\r\n")
        #expect(wire("x\n.\n") == "x\r\n..\r\n.\r\n")
        #expect(wire("x\r\r\ny") == "x\r\n\r\ny\r\n.\r\n")
    }

    @Test func missingFinalLineBreakIsAdded() {
        #expect(wire("no newline") == "no newline\r\n.\r\n")
        #expect(wire("") == ".\r\n")
    }

    @Test func sizeCountsCRLFMessageWithoutStuffingOrTerminator() {
        let data = SMTPMessageData(message: Array(".a\nb".utf8))
        #expect(data.messageSize == Array(".a\r\nb\r\n".utf8).count)
        #expect(!data.containsEightBit)
        #expect(SMTPMessageData(message: Array("한글".utf8)).containsEightBit)
        // The word-at-a-time scan must also see a high byte in the tail after the last full word.
        #expect(SMTPMessageData(message: Array("0123456789abcdefé".utf8)).containsEightBit)
        #expect(!SMTPMessageData(message: Array("0123456789abcdefg".utf8)).containsEightBit)
    }

    @Test func dotAfterEveryKindOfLineBreakIsStuffed() {
        #expect(wire("a\r.b\n.c\r\n.d") == "a\r\n..b\r\n..c\r\n..d\r\n.\r\n")
        #expect(wire("\n\n.") == "\r\n\r\n..\r\n.\r\n")
    }

    @Test func largeMessageIsEncodedExactly() {
        var message: [UInt8] = []
        for index in 0..<20_000 {
            message += Array((index % 3 == 0 ? ".line \(index)\n" : "line \(index)\r\n").utf8)
        }
        let expected = (0..<20_000).map { $0 % 3 == 0 ? "..line \($0)\r\n" : "line \($0)\r\n" }.joined() + ".\r\n"
        #expect(SMTPMessageData(message: message).bytes == Array(expected.utf8))
    }
}
