import ManageSieve
import Testing

/// The response grammar of RFC 5804, case by case: what each input decodes to, or that it is
/// refused (never a trap), whole and byte by byte.
@Suite struct ResponseDecoderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: String
        let expected: [ManageSieveResponse]?   // nil: must throw
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "bare OK", input: "OK\r\n", expected: [.init(status: .ok)]),
        Case(name: "OK with text", input: "OK \"Logged in.\"\r\n", expected: [.init(status: .ok, text: "Logged in.")]),
        Case(name: "lower-case status", input: "ok \"x\"\r\n", expected: [.init(status: .ok, text: "x")]),
        Case(name: "NO with code", input: "NO (NONEXISTENT) \"Sieve script `x' not found\"\r\n",
             expected: [.init(status: .no, code: .init(name: "NONEXISTENT"), text: "Sieve script `x' not found")]),
        Case(name: "code with a slash", input: "NO (QUOTA/MAXSIZE) \"too big\"\r\n",
             expected: [.init(status: .no, code: .init(name: "QUOTA/MAXSIZE"), text: "too big")]),
        Case(name: "code with an argument", input: "OK (TAG \"t1\") \"Done\"\r\n",
             expected: [.init(status: .ok, code: .init(name: "TAG", arguments: [.string(Array("t1".utf8))]), text: "Done")]),
        Case(name: "code without text", input: "NO (ACTIVE)\r\n", expected: [.init(status: .no, code: .init(name: "ACTIVE"))]),
        Case(name: "literal text", input: "NO {11}\r\nline 1\r\nbad\r\n",
             expected: [.init(status: .no, text: "line 1\r\nbad")]),
        Case(name: "non-synchronizing literal", input: "{3+}\r\nabc\r\nOK\r\n",
             expected: [.init(lines: [[.string(Array("abc".utf8))]], status: .ok)]),
        Case(name: "empty literal", input: "{0}\r\n\r\nOK\r\n", expected: [.init(lines: [[.string([])]], status: .ok)]),
        Case(name: "escaped quote and backslash", input: "\"a\\\"b\\\\c\"\r\nOK\r\n",
             expected: [.init(lines: [[.string(Array("a\"b\\c".utf8))]], status: .ok)]),
        Case(name: "Korean in a quoted string", input: "\"견적\" ACTIVE\r\nOK\r\n",
             expected: [.init(lines: [[.string(Array("견적".utf8)), .atom("ACTIVE")]], status: .ok)]),
        Case(name: "BYE", input: "BYE \"Server shutting down.\"\r\n", expected: [.init(status: .bye, text: "Server shutting down.")]),
        Case(name: "two responses", input: "OK\r\nNO \"x\"\r\n", expected: [.init(status: .ok), .init(status: .no, text: "x")]),
        Case(name: "a data line that looks like a status in quotes", input: "\"OK\"\r\nOK\r\n",
             expected: [.init(lines: [[.string(Array("OK".utf8))]], status: .ok)]),
        Case(name: "bare LF", input: "OK\n", expected: nil),
        Case(name: "CR without LF", input: "OK\rX\r\n", expected: nil),
        Case(name: "bad escape", input: "\"a\\nb\"\r\nOK\r\n", expected: nil),
        Case(name: "newline inside a quoted string", input: "\"a\r\nb\"\r\nOK\r\n", expected: nil),
        Case(name: "NUL in a quoted string", input: "\"a\u{0}\"\r\nOK\r\n", expected: nil),
        Case(name: "unclosed code", input: "NO (ACTIVE \"x\"\r\n", expected: nil),
        Case(name: "empty line", input: "\r\nOK\r\n", expected: nil),
        Case(name: "literal without digits", input: "{}\r\nOK\r\n", expected: nil),
        Case(name: "literal without CRLF", input: "{3}abc\r\nOK\r\n", expected: nil),
        Case(name: "garbage after the status text", input: "OK \"a\" \"b\"\r\n", expected: nil),
    ]

    @Test(arguments: cases)
    func decodes(_ testCase: Case) throws {
        let bytes = Array(testCase.input.utf8)
        for chunks in [[], [1], [2], [5]] {
            if let expected = testCase.expected {
                #expect(try DecoderHarness.decode(bytes, chunks: chunks) == expected, "chunks \(chunks)")
            } else {
                #expect(throws: ManageSieveParseError.self, "chunks \(chunks)") {
                    try DecoderHarness.decode(bytes, chunks: chunks)
                }
            }
        }
    }

    @Test func incompleteInputWaitsForMore() throws {
        var decoder = ManageSieveResponseDecoder()
        decoder.append(Array("{10}\r\nabc".utf8))
        #expect(try decoder.next() == nil)
        decoder.append(Array("defghij\r\nOK\r".utf8))
        #expect(try decoder.next() == nil)
        decoder.append([0x0A])
        #expect(try decoder.next() == .init(lines: [[.string(Array("abcdefghij".utf8))]], status: .ok))
        #expect(!decoder.hasPartialResponse)
    }

    @Test func limitsBoundLiteralsLinesAndResponses() {
        let limits = ManageSieveResponseLimits(maximumLiteralSize: 100, maximumLineLength: 50, maximumResponseSize: 200, maximumLines: 3)
        let cases: [String] = [
            "{101}\r\n",                                             // a literal over the limit, refused before its bytes
            "\"" + String(repeating: "a", count: 60),               // a line over the limit, even unfinished
            String(repeating: "\"a\"\r\n", count: 4) + "OK\r\n",   // too many lines
            String(repeating: "{90}\r\n" + String(repeating: "x", count: 90) + "\r\n", count: 3),  // response too large
        ]
        for input in cases {
            #expect(throws: ManageSieveParseError.self, "\(input.prefix(20))") {
                try DecoderHarness.decode(Array(input.utf8), chunks: [7], limits: limits)
            }
        }
    }
}
