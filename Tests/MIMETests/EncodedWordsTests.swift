import Testing
@testable import MIME

@Suite struct EncodedWordsTests {
    struct Case: Sendable, CustomStringConvertible {
        let raw: [UInt8]
        let expected: String
        let note: String
        var description: String { note }
    }

    static let cases: [Case] = [
        Case(raw: Array("=?ks_c_5601-1987?B?vsiz58fPvLy/5A==?=".utf8), expected: "안녕하세요", note: "Outlook label"),
        Case(raw: Array("=?UTF-8?B?7JWI64WV?= =?UTF-8?B?7ZWY7IS47JqU?=".utf8), expected: "안녕하세요", note: "whitespace between words dropped"),
        // "한" is ED 95 9C: split across two words mid-character.
        Case(raw: Array("=?UTF-8?Q?=ED=95?= =?UTF-8?Q?=9C?=".utf8), expected: "한", note: "UTF-8 character split across words"),
        // EUC-KR "한" C7 D1 split across B words: "xw==" and "0Q==".
        Case(raw: Array("=?euc-kr?B?xw==?=\r\n =?euc-kr?B?0Q==?=".utf8), expected: "한", note: "EUC-KR character split, folded"),
        Case(raw: Array("=?utf-8?q?hello_world?=".utf8), expected: "hello world", note: "Q underscore"),
        Case(raw: Array("Re: =?utf-8?B?7ZWc?= test".utf8), expected: "Re: 한 test", note: "text around a word kept"),
        Case(raw: Array("=?utf-8?B?broken".utf8), expected: "=?utf-8?B?broken", note: "unterminated word stays text"),
        Case(raw: Array("=?utf-8?X?abc?=".utf8), expected: "=?utf-8?X?abc?=", note: "unknown encoding stays text"),
        Case(raw: [0xC7, 0xD1, 0xB1, 0xDB, 0x20, 0xC1, 0xA6, 0xB8, 0xF1], expected: "한글 제목", note: "raw EUC-KR header"),
        Case(raw: Array("raw 한글 UTF-8".utf8), expected: "raw 한글 UTF-8", note: "raw UTF-8 header"),
        Case(raw: Array("=?UTF-8?B?7ZWc?= =?EUC-KR?B?sdsK?=".utf8), expected: "한글\n", note: "different charsets decoded separately"),
        Case(raw: Array("=?utf-8*ko?Q?=ED=95=9C?=".utf8), expected: "한", note: "RFC 2231 language suffix"),
    ]

    @Test(arguments: cases)
    func decodes(_ testCase: Case) {
        #expect(EncodedWords.decode(testCase.raw) == testCase.expected)
    }

    /// `isVerbatim` promises that decoding returns the bytes unchanged; it may say no to a value
    /// that would, never yes to one that would not.
    @Test func verbatimValuesDecodeToThemselves() {
        let verbatim = ["", "Quarterly review", "a=b?c", "tab\there", "quote \" \\ ctl \u{01}\u{7F}", "=", "?="]
        for text in verbatim {
            #expect(EncodedWords.isVerbatim(Array(text.utf8)[...]), "\(text)")
            #expect(EncodedWords.decode(Array(text.utf8)) == text)
        }
        let decoded: [[UInt8]] = [
            Array("=?".utf8), Array("x =?utf-8?q?y?=".utf8), Array("folded\r\n line".utf8), Array("lf\n".utf8),
            Array("한글".utf8), [0xC7, 0xD1],
        ]
        for value in decoded + Self.cases.map(\.raw) { #expect(!EncodedWords.isVerbatim(value[...]), "\(value)") }
    }

    /// `decodedUTF8(ifSimple:)` gives exactly `decode`'s text when it answers, and answers for
    /// the usual shapes: checked on random joins of words, text, whitespace and broken pieces.
    @Test func simpleUTF8PathAgreesWithDecode() {
        let pieces = [
            "Re: ", " ", "  ", "\t", "text", "=?UTF-8?B?7ZWc?=", "=?utf-8?Q?=ED=95?=", "=?UTF-8?Q?=9C?=", "=?UTF-8?B?7JWI64WV?=",
            "=?EUC-KR?B?sdsK?=", "=?utf-8?B?broken", "=?", "?=", "=?UTF-8?B?/w==?=", "\r\n ", "한", "=?utf8?B?7ZWc?=",
            "=?UTF-8?B??=", "=?utf-8?q?a_b?=", "quote \" \\", "=?UTF-8?B?4oCU?=",
        ].map { Array($0.utf8) }
        var state: UInt64 = 7
        var answered = 0
        for round in 0..<5_000 {
            var value: [UInt8] = []
            for _ in 0...(round % 5) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                value += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            guard let fast = EncodedWords.decodedUTF8(ifSimple: value[...]) else { continue }
            answered += 1
            #expect(fast == Array(EncodedWords.decode(value).utf8), "\(String(decoding: value, as: UTF8.self))")
        }
        #expect(answered > 1_000)
        for raw in [Self.cases[1].raw, Self.cases[2].raw, Self.cases[4].raw, Self.cases[5].raw] {
            #expect(EncodedWords.decodedUTF8(ifSimple: raw[...]).map { String(decoding: $0, as: UTF8.self) } == EncodedWords.decode(raw))
        }
        #expect(EncodedWords.decodedUTF8(ifSimple: Self.cases[0].raw[...]) == nil)  // another charset: left to decode
    }
}
