import Foundation
import Testing
@testable import MIME

/// Hostile sizes finish in bounded time and memory, and cut trees say so (`isTruncated`).
@Suite(.timeLimit(.minutes(1))) struct LimitsTests {
    static func header(_ contentType: String) -> [UInt8] {
        Array("From: a@example.com\r\nSubject: limits\r\nContent-Type: \(contentType)\r\n\r\n".utf8)
    }

    @Test func fiftyMegabyteMessage() {
        // A text part and a ~50 MB base64 attachment (76-character lines).
        let line = Array(String(repeating: "QUJD", count: 19).utf8) + [ASCII.cr, ASCII.lf]
        let lineCount = 50 * 1024 * 1024 / line.count
        var bytes = Self.header("multipart/mixed; boundary=\"big\"")
        bytes += Array("--big\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n--big\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=big.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8)
        bytes += Self.repeated(line, times: lineCount)
        bytes += Array("--big--\r\n".utf8)
        #expect(bytes.count > 50_000_000)

        let message = MIMEMessage(bytes)
        #expect(!message.isTruncated)
        #expect(message.textBody == "see attachment")
        let part = message.root.children[1]
        #expect(part.section == "2")
        #expect(part.filename == "big.bin")
        #expect(part.body.count == lineCount * line.count - 2)
        #expect(message.root.children[1].decodedSize == lineCount * 57)
    }

    /// `pattern` repeated, built with memcpy (a byte-wise append loop is slow in debug builds).
    static func repeated(_ pattern: [UInt8], times: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: pattern.count * times) { buffer, initialized in
            pattern.withUnsafeBytes { source in
                for index in 0..<times {
                    UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[(index * pattern.count)...])
                        .copyMemory(from: source)
                }
            }
            initialized = pattern.count * times
        }
    }

    static func manyParts(_ count: Int) -> [UInt8] {
        var bytes = header("multipart/mixed; boundary=p")
        let part = Array("--p\r\nContent-Type: text/plain\r\n\r\nx\r\n".utf8)
        for _ in 0..<count { bytes += part }
        bytes += Array("--p--\r\n".utf8)
        return bytes
    }

    @Test func tenThousandParts() {
        let message = MIMEMessage(Self.manyParts(10_000))
        #expect(!message.isTruncated)
        #expect(message.root.children.count == 10_000)
        #expect(message.root.children.last?.section == "10000")
        #expect(message.attachments.count == 9_999)
    }

    @Test func partCountLimitTruncates() {
        let message = MIMEMessage(Self.manyParts(10_001))
        #expect(message.isTruncated)
        #expect(message.root.isTruncated)
        #expect(message.root.children.count == 10_000)
        let small = MIMEMessage(Self.manyParts(50), limits: MIMELimits(maxParts: 10))
        #expect(small.isTruncated)
        #expect(small.root.children.count == 10)
    }

    @Test func thousandDeepMultipartNesting() {
        var bytes = Self.header("multipart/mixed; boundary=b0")
        for level in 1..<1000 {
            bytes += Array("--b\(level - 1)\r\nContent-Type: multipart/mixed; boundary=b\(level)\r\n\r\n".utf8)
        }
        bytes += Array("--b999\r\nContent-Type: text/plain\r\n\r\ndeepest\r\n--b999--\r\n".utf8)
        for level in stride(from: 998, through: 0, by: -1) { bytes += Array("--b\(level)--\r\n".utf8) }
        let message = MIMEMessage(bytes)
        #expect(message.isTruncated)
        var depth = 0
        var part = message.root
        while let child = part.children.first { part = child; depth += 1 }
        #expect(depth == MIMELimits.default.maxDepth)
        #expect(part.isTruncated)
        #expect(part.contentType.isMultipart)
    }

    @Test func thousandDeepMessageNesting() {
        var bytes: [UInt8] = []
        for _ in 0..<1000 { bytes += Array("Subject: wrapper\r\nContent-Type: message/rfc822\r\n\r\n".utf8) }
        bytes += Array("Subject: innermost\r\n\r\nbody\r\n".utf8)
        let message = MIMEMessage(bytes)
        #expect(message.isTruncated)
        var depth = 0
        var current = message
        while let nested = current.root.message { current = nested; depth += 1 }
        #expect(depth == MIMELimits.default.maxDepth)
        #expect(message.attachments.first?.contentType == "message/rfc822")
    }

    @Test func singleHugeHeaderLineIsCut() {
        let bytes = Array("Subject: ".utf8) + Self.repeated([0x61], times: 2_000_000) + Array("\r\n\r\nbody".utf8)
        let message = MIMEMessage(bytes)
        #expect(message.isTruncated)
        #expect(message.subject == nil)
        #expect(message.textBody == "body")
    }

    @Test func oversizedHeaderBlockIsCut() {
        var bytes = Array("Subject: big header\r\n".utf8)
        let filler = Array("X-Filler: \(String(repeating: "y", count: 990))\r\n".utf8)
        for _ in 0..<1100 { bytes += filler }
        bytes += Array("X-Late: never read\r\n\r\nthe body\r\n".utf8)
        let message = MIMEMessage(bytes)
        #expect(message.isTruncated)
        #expect(message.subject == "big header")
        #expect(message.header["X-Late"] == nil)
        #expect(message.textBody == "the body\r\n")
    }
}
