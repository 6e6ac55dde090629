import NIOCore
import Testing
@testable import SMTP

/// Server byte streams through the reply framing and parser (`SMTPReplyReader`) under every
/// chunking of their bytes (issue 24, as swift-nio-imap's fixture tests do): whole, split at every
/// position, split at every pair of positions for the short ones, and byte by byte. Every
/// chunking must give the same replies, or the same failure.
@Suite struct SMTPReplyChunkingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: [UInt8]
        /// nil: the stream must be refused (in every chunking).
        let expected: [SMTPReply]?
        init(_ name: String, _ input: String, _ expected: [SMTPReply]?) {
            self.name = name
            self.input = Array(input.utf8)
            self.expected = expected
        }
        var testDescription: String { name }
    }

    static func enhanced(_ text: String) -> SMTPEnhancedStatusCode {
        let numbers = text.split(separator: ".").compactMap { Int($0) }
        return SMTPEnhancedStatusCode(statusClass: numbers[0], subject: numbers[1], detail: numbers[2])
    }

    static let ehlo = SMTPReply(code: 250, lines: ["mail.zioinfo.co.kr", "PIPELINING", "SIZE 52428800", "STARTTLS",
                                                   "AUTH PLAIN LOGIN", "ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING"])

    static let cases: [Case] = [
        Case("greeting", "220 mail.zioinfo.co.kr ESMTP Postfix\r\n", [SMTPReply(code: 220, lines: ["mail.zioinfo.co.kr ESMTP Postfix"])]),
        Case("Postfix EHLO", "250-mail.zioinfo.co.kr\r\n250-PIPELINING\r\n250-SIZE 52428800\r\n250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n"
             + "250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n250 CHUNKING\r\n", [ehlo]),
        Case("pipelined MAIL, RCPT, DATA replies in one read",
             "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n",
             [SMTPReply(code: 250, enhancedCode: enhanced("2.1.0"), lines: ["Ok"]),
              SMTPReply(code: 250, enhancedCode: enhanced("2.1.5"), lines: ["Ok"]),
              SMTPReply(code: 354, lines: ["End data with <CR><LF>.<CR><LF>"])]),
        Case("queued", "250 2.0.0 Ok: queued as 4Xk2Lq0Zb9z9v\r\n",
             [SMTPReply(code: 250, enhancedCode: enhanced("2.0.0"), lines: ["Ok: queued as 4Xk2Lq0Zb9z9v"])]),
        Case("multi-line refusal repeating the enhanced code", "550-5.7.1 <x@example.com>: Recipient address rejected:\r\n550 5.7.1 Access denied\r\n",
             [SMTPReply(code: 550, enhancedCode: enhanced("5.7.1"), lines: ["<x@example.com>: Recipient address rejected:", "Access denied"])]),
        Case("AUTH challenge and success", "334 \r\n235 2.7.0 Authentication successful\r\n",
             [SMTPReply(code: 334, lines: [""]), SMTPReply(code: 235, enhancedCode: enhanced("2.7.0"), lines: ["Authentication successful"])]),
        Case("bare LF line ends", "220 relay ready\n250-relay\n250 8BITMIME\n",
             [SMTPReply(code: 220, lines: ["relay ready"]), SMTPReply(code: 250, lines: ["relay", "8BITMIME"])]),
        Case("code without text", "354\r\n221 \r\n", [SMTPReply(code: 354, lines: [""]), SMTPReply(code: 221, lines: [""])]),
        Case("UTF-8 text", "554 5.7.1 메일 거부: 스팸으로 판정됨\r\n", [SMTPReply(code: 554, enhancedCode: enhanced("5.7.1"), lines: ["메일 거부: 스팸으로 판정됨"])]),
        Case("a reply still incomplete is held back", "250-first\r\n250-second", []),
        Case("a line still without its LF is held back", "220 mail.zioinfo", []),
        Case("a continuation with another code", "250-first\r\n251 second\r\n", nil),
        Case("not a reply line", "hello\r\n", nil),
        Case("a code of two digits", "25 x\r\n", nil),
        Case("a separator that is neither space nor dash", "250x\r\n", nil),
    ]

    /// Feeds `input` cut at `cuts` (ascending positions strictly inside it).
    static func read(_ input: [UInt8], cuts: [Int]) -> Result<[SMTPReply], SMTPTransportFailure> {
        var reader = SMTPReplyReader()
        var replies: [SMTPReply] = []
        var start = 0
        do {
            for end in cuts + [input.count] {
                var chunk = ByteBuffer(bytes: input[start..<end])
                try reader.consume(&chunk) { replies.append($0) }
                start = end
            }
        } catch {
            return .failure(error)
        }
        return .success(replies)
    }

    /// Every chunking: whole, every split point, every pair of split points up to `pairsUpTo`
    /// bytes, byte by byte.
    static func chunkings(of count: Int, pairsUpTo: Int = 96) -> [[Int]] {
        var result: [[Int]] = [[]]
        guard count > 1 else { return result }
        result += (1..<count).map { [$0] }
        if count <= pairsUpTo {
            for first in 1..<count { for second in (first + 1)..<max(first + 1, count) { result.append([first, second]) } }
        }
        result.append(Array(1..<count))
        return result
    }

    @Test(arguments: cases) func everyChunkingReadsTheSame(_ row: Case) {
        for cuts in Self.chunkings(of: row.input.count) {
            switch (Self.read(row.input, cuts: cuts), row.expected) {
            case (.success(let replies), let expected?) where replies == expected: continue
            case (.failure, nil): continue
            case (let outcome, let expected):
                Issue.record("cut at \(cuts.count > 3 ? "every byte" : "\(cuts)"): \(outcome), expected \(expected.map { "\($0)" } ?? "a failure")")
                return
            }
        }
    }

    /// A line longer than the bound is refused however it arrives, and never held in memory whole.
    @Test func anOverlongLineIsRefusedInEveryChunking() {
        let input = Array(("250 " + String(repeating: "x", count: SMTPReplyReader.maximumLineLength + 10)).utf8)
        for cuts in [[], [1], [input.count / 2], [input.count - 1], Array(stride(from: 512, to: input.count, by: 512))] {
            guard case .failure(.protocolViolation) = Self.read(input, cuts: cuts) else {
                Issue.record("cut at \(cuts): not refused")
                return
            }
        }
    }
}
