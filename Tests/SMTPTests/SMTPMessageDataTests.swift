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
    }
}
