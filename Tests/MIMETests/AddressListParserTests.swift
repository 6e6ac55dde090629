import Testing
@testable import MIME

@Suite struct AddressListParserTests {
    struct Case: Sendable, CustomStringConvertible {
        let raw: [UInt8]
        let expected: [MailAddress]
        let note: String
        var description: String { note }
    }

    static let cases: [Case] = [
        Case(raw: Array("\"Hong, Gildong\" <hong@zioinfo.co.kr>, b@c.kr".utf8),
             expected: [MailAddress(name: "Hong, Gildong", email: "hong@zioinfo.co.kr"), MailAddress(email: "b@c.kr")],
             note: "quoted name with comma"),
        Case(raw: Array("Team: a@x.kr, \"B\" <b@y.kr>;, c@z.kr".utf8),
             expected: [MailAddress(email: "a@x.kr"), MailAddress(name: "B", email: "b@y.kr"), MailAddress(email: "c@z.kr")],
             note: "group flattened"),
        Case(raw: Array("Undisclosed recipients:;".utf8), expected: [], note: "empty group"),
        Case(raw: Array("=?UTF-8?B?7ZmN6ri464+Z?= <hong@zioinfo.co.kr>".utf8),
             expected: [MailAddress(name: "홍길동", email: "hong@zioinfo.co.kr")], note: "encoded name"),
        Case(raw: Array("\"=?ks_c_5601-1987?B?yKux5rW/?=\" <hong@zioinfo.co.kr>".utf8),
             expected: [MailAddress(name: "홍길동", email: "hong@zioinfo.co.kr")], note: "encoded word inside quotes (Outlook)"),
        Case(raw: [0xC8, 0xAB, 0xB1, 0xE6, 0xB5, 0xBF, 0x20] + Array("<hong@zioinfo.co.kr>".utf8),
             expected: [MailAddress(name: "홍길동", email: "hong@zioinfo.co.kr")], note: "raw EUC-KR name"),
        Case(raw: Array("hong@zioinfo.co.kr (Hong Gildong)".utf8),
             expected: [MailAddress(name: "Hong Gildong", email: "hong@zioinfo.co.kr")], note: "comment as name"),
        Case(raw: Array("John (the boss) Smith <js@x.com>".utf8),
             expected: [MailAddress(name: "John Smith", email: "js@x.com")], note: "comment inside phrase dropped"),
        Case(raw: Array("\"a \\\"quoted\\\" name\" <q@x.com>".utf8),
             expected: [MailAddress(name: "a \"quoted\" name", email: "q@x.com")], note: "escaped quotes"),
        Case(raw: Array("<@route.example:user@x.com>".utf8),
             expected: [MailAddress(email: "user@x.com")], note: "obsolete route"),
        Case(raw: Array("John Q. Public <jqp@x.com>".utf8),
             expected: [MailAddress(name: "John Q. Public", email: "jqp@x.com")], note: "dot in unquoted name"),
        Case(raw: Array(",,  ,".utf8), expected: [], note: "only separators"),
        Case(raw: Array("\"unterminated <a@b.c>".utf8), expected: [MailAddress(email: "\"unterminated <a@b.c>\"")], note: "broken quote does not crash"),
    ]

    @Test(arguments: cases)
    func parses(_ testCase: Case) {
        let parsed = AddressListParser.parse(testCase.raw)
        if testCase.note == "broken quote does not crash" {
            #expect(parsed.count <= 1)
        } else {
            #expect(parsed == testCase.expected)
        }
    }
}
