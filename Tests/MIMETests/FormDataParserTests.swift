import Testing
@testable import MIME

/// `FormDataParser`: browser forms read whole and byte by byte alike, and every malformed or
/// hostile body is a `Failure` (never a trap, never unbounded memory).
@Suite struct FormDataParserTests {
    struct Part: Equatable {
        var headers: [FormDataParser.Header]
        var body: [UInt8]
    }

    /// Parses `body` fed in chunks of `chunkSize` bytes (nil: all at once).
    static func parse(_ body: [UInt8], boundary: String = "B", chunkSize: Int? = nil,
                      limits: FormDataParser.Limits = .init()) throws -> [Part] {
        var parser = try FormDataParser(boundary: boundary, limits: limits)
        var parts: [Part] = []
        var ended = 0
        let size = chunkSize ?? max(1, body.count)
        var start = 0
        repeat {
            let end = min(body.count, start + size)
            try parser.feed(body[start..<end]) { event in
                switch event {
                case .partBegin(let headers): parts.append(Part(headers: headers, body: []))
                case .body(let bytes): parts[parts.count - 1].body += bytes
                case .partEnd: ended += 1
                }
            }
            start = end
        } while start < body.count
        try parser.finish()
        #expect(ended == parts.count)
        return parts
    }

    static let browserForm = Array("""
        preamble to ignore\r
        ------geckoformboundary1a2b\r
        Content-Disposition: form-data; name="subject"\r
        \r
        보고서 --\r
        ------geckoformboundary1a2b\r
        content-disposition: form-data; name="attachments"; filename="견적서.pdf"\r
        Content-Type:application/pdf \r
        \r
        %PDF\r
        ----geckoformboundary1a2\r\n\r
        ------geckoformboundary1a2b--\r
        epilogue
        """.utf8)

    @Test func aBrowserFormReadsTheSameInAnyChunking() throws {
        let expected = [
            Part(headers: [.init(name: "content-disposition", value: "form-data; name=\"subject\"")], body: Array("보고서 --".utf8)),
            Part(headers: [.init(name: "content-disposition", value: "form-data; name=\"attachments\"; filename=\"견적서.pdf\""),
                           .init(name: "content-type", value: "application/pdf")],
                 body: Array("%PDF\r\n----geckoformboundary1a2\r\n".utf8)),
        ]
        for chunkSize in [nil, 1, 2, 3, 7, 31] {
            #expect(try Self.parse(Self.browserForm, boundary: "----geckoformboundary1a2b", chunkSize: chunkSize) == expected,
                    "chunk size \(String(describing: chunkSize))")
        }
    }

    @Test func aDelimiterAtTheVeryStartAndAPartWithoutHeaders() throws {
        let parts = try Self.parse(Array("--B\r\n\r\nx\r\n--B \t\r\n\r\n\r\n--B--".utf8))
        #expect(parts == [Part(headers: [], body: Array("x".utf8)), Part(headers: [], body: [])])
        #expect(try Self.parse(Array("--B--\r\n".utf8)).isEmpty)
    }

    /// The audit's body (it says 19 bytes; with the final CRLF they are 20), which trapped
    /// multipart-kit 4.7.1 and killed the server.
    @Test func theAuditsBodyIsAMalformedHeader() {
        let body: [UInt8] = Array("--B\r\n".utf8) + [0xFF] + Array("\r\n\r\nx\r\n--B--\r\n".utf8)
        for chunkSize in [nil, 1] {
            #expect(throws: FormDataParser.Failure.malformedHeader) { try Self.parse(body, chunkSize: chunkSize) }
        }
    }

    @Test(arguments: [
        // name not a token (non-ASCII, space, empty), value with controls (VT, ESC, DEL, bare LF, NUL)
        "\u{FF}: x", "Content Disposition: x", ": x", "NoColon", "X: a\u{0B}b", "X: a\u{1B}b", "X: a\u{7F}", "X: a\nb", "X: a\u{0}b",
        // a continuation line with nothing to continue
        " folded",
    ])
    func hostileHeaderLinesAreRefused(line: String) {
        let body = Array("--B\r\n\(line)\r\n\r\nx\r\n--B--\r\n".utf8)
        #expect(throws: FormDataParser.Failure.malformedHeader) { try Self.parse(body) }
    }

    @Test func aTabAndUTF8InAValueAndAFoldedLineAreKept() throws {
        let parts = try Self.parse(Array("--B\r\nX-A: 한\tglo\r\n  continued\r\n\r\n\r\n--B--".utf8))
        #expect(parts.first?.headers == [.init(name: "x-a", value: "한\tglo  continued")])
    }

    @Test func limitsAreFailuresNotMemory() throws {
        let big = Array("--B\r\nX: \(String(repeating: "a", count: 9_000))\r\n\r\n\r\n--B--".utf8)
        #expect(throws: FormDataParser.Failure.headerTooLarge) { try Self.parse(big) }
        // Without a line end, the bound holds while the header block is still arriving.
        #expect(throws: FormDataParser.Failure.headerTooLarge) {
            try Self.parse(Array("--B\r\nX: ".utf8) + [UInt8](repeating: 0x61, count: 9_000), chunkSize: 100)
        }
        let fields = "--B\r\n" + String(repeating: "X: y\r\n", count: 17) + "\r\n\r\n--B--"
        #expect(throws: FormDataParser.Failure.tooManyHeaderFields) { try Self.parse(Array(fields.utf8)) }
        let parts = String(repeating: "--B\r\n\r\n\r\n", count: 4) + "--B--"
        #expect(throws: FormDataParser.Failure.tooManyParts) { try Self.parse(Array(parts.utf8), limits: .init(maxParts: 3)) }
        #expect(try Self.parse(Array(parts.utf8), limits: .init(maxParts: 4)).count == 4)
    }

    @Test func truncatedAndMalformedFraming() {
        #expect(throws: FormDataParser.Failure.truncated) { try Self.parse(Array("--B\r\n\r\nx".utf8)) }
        #expect(throws: FormDataParser.Failure.truncated) { try Self.parse(Array("no delimiter at all".utf8)) }
        #expect(throws: FormDataParser.Failure.malformedDelimiter) { try Self.parse(Array("--B\r\n\r\nx\r\n--Bx\r\n".utf8)) }
        #expect(throws: FormDataParser.Failure.malformedDelimiter) {
            try Self.parse(Array(("--B" + String(repeating: " ", count: 100) + "\r\n").utf8))
        }
    }

    @Test(arguments: ["", String(repeating: "a", count: 71), "a ", "a\"b", "a\r\nb", "경계"])
    func invalidBoundariesAreRefused(boundary: String) {
        #expect(throws: FormDataParser.Failure.invalidBoundary) { try FormDataParser(boundary: boundary) }
    }

    @Test func afterAFailureNothingMoreIsRead() throws {
        var parser = try FormDataParser(boundary: "B")
        #expect(throws: FormDataParser.Failure.malformedHeader) { try parser.feed(Array("--B\r\n\u{7F}:\r\n\r\n".utf8)) { _ in } }
        #expect(throws: FormDataParser.Failure.self) { try parser.feed(Array("--B--".utf8)) { _ in } }
        #expect(throws: FormDataParser.Failure.truncated) { try parser.finish() }
    }
}
