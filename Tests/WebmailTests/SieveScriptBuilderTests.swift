import Foundation
import Testing
@testable import Webmail

/// The filters and 부재중 → one Sieve script of ours, and back (issue 31): round trips, every
/// user string a quoted string (Roundcube's script injection through names and values), and
/// the validation that refuses what the UI does not offer.
@Suite struct SieveScriptBuilderTests {
    static func filter(_ name: String = "견적", match: MailFilter.Match = .all, conditions: [FilterCondition] = [.init(field: "subject", op: .contains, value: "견적")],
                       actions: [FilterAction] = [.init(type: .move, folder: "견적")], enabled: Bool = true) -> MailFilter {
        MailFilter(name: name, enabled: enabled, match: match, conditions: conditions, actions: actions)
    }

    static let vacation = VacationSettings(enabled: true, start: "2026-12-20", end: "2026-12-31", subject: "부재중: 휴가",
                                           body: "12월 31일까지 휴가입니다.\n급한 일은 info@zioinfo.co.kr로.", days: 1,
                                           addresses: ["ythong@zioinfo.co.kr"])

    @Test func aSubjectRuleBecomesFileinto() throws {
        let script = try SieveScriptBuilder.script(for: SieveRules(filters: [Self.filter()]))
        #expect(script.contains("require [\"fileinto\", \"mailbox\"];\r\n"))
        #expect(script.contains("if header :contains \"subject\" \"견적\" {\r\n    fileinto :create \"견적\";\r\n}"))
        #expect(script.hasPrefix(SieveScriptBuilder.marker + "\r\n# model: {"))
        #expect(script.hasSuffix("}\r\n"))
    }

    @Test func everyConditionAndActionRoundTrips() throws {
        let rules = SieveRules(filters: [
            Self.filter("모두", match: .all, conditions: [
                .init(field: "from", op: .contains, value: "홍길동"),
                .init(field: "to", op: .is, value: "ythong@zioinfo.co.kr"),
                .init(field: "cc", op: .matches, value: "*@example.com"),
                .init(field: "header:X-Priority", op: .is, value: "1"),
                .init(field: "size", op: .over, value: "500k"),
            ], actions: [
                .init(type: .copy, folder: "보관/2026"), .init(type: .markRead), .init(type: .flag),
                .init(type: .forward, to: "boss@example.com"), .init(type: .stop),
            ]),
            Self.filter("아무거나", match: .any, conditions: [
                .init(field: "subject", op: .contains, value: "광고"), .init(field: "size", op: .under, value: "1M"),
            ], actions: [.init(type: .discard)]),
            Self.filter("꺼짐", enabled: false),
        ], vacation: Self.vacation)
        let script = try SieveScriptBuilder.script(for: rules)
        #expect(SieveScriptReader.rules(in: script) == rules)
        #expect(script.contains("allof (header :contains \"from\" \"홍길동\", address :all :is \"to\" \"ythong@zioinfo.co.kr\", address :all :matches \"cc\" \"*@example.com\", header :is \"X-Priority\" \"1\", size :over 500K)"))
        #expect(script.contains("anyof (header :contains \"subject\" \"광고\", size :under 1M)"))
        // Flags before the fileinto that files the message with them; stop last.
        #expect(script.contains("    addflag \"\\\\Seen\";\r\n    addflag \"\\\\Flagged\";\r\n    fileinto :copy :create \"보관/2026\";\r\n    redirect :copy \"boss@example.com\";\r\n    stop;"))
        #expect(script.contains("if allof (currentdate :zone \"+0900\" :value \"ge\" \"date\" \"2026-12-20\", currentdate :zone \"+0900\" :value \"le\" \"date\" \"2026-12-31\") {"))
        #expect(script.contains("vacation :days 1 :subject \"부재중: 휴가\" :addresses [\"ythong@zioinfo.co.kr\"] \"12월 31일까지 휴가입니다.\r\n급한 일은 info@zioinfo.co.kr로.\";"))
        #expect(script.contains("require [\"copy\", \"date\", \"fileinto\", \"imap4flags\", \"mailbox\", \"relational\", \"vacation\"];"))
        // A disabled rule is kept in the model but not in effect.
        #expect(!script.contains("# 필터 3"))
        #expect(script.components(separatedBy: "\r\n").filter { $0.hasPrefix("#") }.count == 5)
    }

    @Test func nothingAtAllIsAValidEmptyScript() throws {
        let script = try SieveScriptBuilder.script(for: SieveRules())
        #expect(SieveScriptReader.rules(in: script) == SieveRules())
        #expect(!script.contains("require"))
    }

    /// Roundcube's injection: a value that would close the string and add commands stays one
    /// string, and so do newlines (refused), backslashes and Korean.
    @Test(arguments: ["\"; discard; #", "a\\\"; discard; \\", "\\", "견적\" } discard; if true { \"", "${x}", "*?"])
    func injectionStringsStayStrings(_ hostile: String) throws {
        let rules = SieveRules(filters: [Self.filter(hostile, conditions: [.init(field: "subject", op: .contains, value: hostile)],
                                                     actions: [.init(type: .move, folder: hostile)])],
                               vacation: VacationSettings(enabled: true, start: nil, end: nil, subject: hostile, body: hostile, days: 3, addresses: nil))
        let script = try SieveScriptBuilder.script(for: rules)
        #expect(SieveScriptReader.rules(in: script) == rules)
        let escaped = "\"" + hostile.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        #expect(script.contains("header :contains \"subject\" \(escaped) {"))
        #expect(script.contains("fileinto :create \(escaped);"))
        #expect(script.contains("vacation :days 3 :subject \(escaped) \(escaped);"))
        // The only `discard` commands are inside strings: none at the start of a line.
        #expect(!script.components(separatedBy: "\r\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("discard") })
        // The rule's name never reaches the script outside the model line.
        #expect(script.components(separatedBy: "\r\n").dropFirst(2).allSatisfy { !$0.hasPrefix("#") || !$0.contains(hostile) })
    }

    @Test(arguments: ["a\nb", "a\r\nkeep;", "tab\there", "nul\u{0}", "del\u{7F}", "line\u{2028}sep", "c1\u{85}"])
    func controlCharactersAreRefused(_ text: String) {
        for rules in [
            SieveRules(filters: [Self.filter(text)]),
            SieveRules(filters: [Self.filter(conditions: [.init(field: "subject", op: .is, value: text)])]),
            SieveRules(filters: [Self.filter(actions: [.init(type: .move, folder: text)])]),
            SieveRules(vacation: VacationSettings(enabled: true, start: nil, end: nil, subject: text, body: "x", days: 1, addresses: nil)),
        ] {
            #expect(throws: SieveRulesError.self) { try SieveScriptBuilder.script(for: rules) }
        }
    }

    @Test func theBodyKeepsItsLineBreaksAsCRLF() throws {
        let body = "첫 줄\n둘째 줄\r\n셋째\r넷째\t탭"
        let script = try SieveScriptBuilder.script(for: SieveRules(vacation: VacationSettings(enabled: true, start: nil, end: nil, subject: "", body: body, days: 1, addresses: nil)))
        #expect(script.contains("\"첫 줄\r\n둘째 줄\r\n셋째\r\n넷째\t탭\";"))
        #expect(!script.contains(":subject"))
        #expect(!script.contains("currentdate"))
    }

    /// An HTML reply: `vacation :mime` with a multipart/alternative entity, both parts UTF-8 in
    /// base64 (plain ASCII in the Sieve string), and the script reads back with its HTML.
    @Test func anHTMLReplyIsAMultipartAlternativeEntityAndReadsBack() throws {
        let html = "<p><b>휴가</b> 중입니다. \"견적\" 문의는 <a href=\"mailto:info@zioinfo.co.kr\">info</a>로.</p>"
        let rules = SieveRules(vacation: VacationSettings(enabled: true, start: nil, end: nil, subject: "부재중", body: "휴가 중입니다.",
                                                          html: html, days: 2, addresses: nil))
        let script = try SieveScriptBuilder.script(for: rules)
        #expect(SieveScriptReader.rules(in: script) == rules)
        let start = try #require(script.range(of: "vacation :mime :days 2 :subject \"부재중\" \"Content-Type: multipart/alternative; boundary=zioinfo-mail-vacation\r\n"))
        let entity = script[start.upperBound...]
        let parts = entity.components(separatedBy: "--zioinfo-mail-vacation\r\n").dropFirst()
        let decoded = parts.map { part -> (String, String) in
            let sections = part.components(separatedBy: "\r\n\r\n")
            let base64 = sections[1].components(separatedBy: "\r\n--")[0].replacingOccurrences(of: "\r\n", with: "")
            return (sections[0], String(decoding: Data(base64Encoded: base64) ?? Data(), as: UTF8.self))
        }
        #expect(decoded.count == 2)
        #expect(decoded[0].0 == "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64")
        #expect(decoded[0].1 == "휴가 중입니다.")
        #expect(decoded[1].0 == "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64")
        #expect(decoded[1].1.contains("<body>" + html + "</body>"))
        // base64 and headers only: nothing in the Sieve string needed a backslash, no line over 76.
        let quoted = entity.prefix(while: { $0 != "\"" })
        #expect(!quoted.contains("\\"))
        #expect(quoted.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
    }

    @Test func whatTheUIDoesNotOfferIsRefusedWithItsPath() {
        let cases: [(SieveRules, String)] = [
            (SieveRules(filters: [Self.filter("  ")]), "filters[0].name"),
            (SieveRules(filters: [Self.filter(conditions: [.init(field: "body", op: .contains, value: "x")])]), "filters[0].conditions[0].field"),
            (SieveRules(filters: [Self.filter(conditions: [.init(field: "header:X:Y", op: .contains, value: "x")])]), "filters[0].conditions[0].field"),
            (SieveRules(filters: [Self.filter(conditions: [.init(field: "size", op: .contains, value: "1K")])]), "filters[0].conditions[0].op"),
            (SieveRules(filters: [Self.filter(conditions: [.init(field: "size", op: .over, value: "1 K")])]), "filters[0].conditions[0].value"),
            (SieveRules(filters: [Self.filter(conditions: [.init(field: "subject", op: .over, value: "1")])]), "filters[0].conditions[0].op"),
            (SieveRules(filters: [Self.filter(conditions: [.init(field: "subject", op: .is, value: "")])]), "filters[0].conditions[0].value"),
            (SieveRules(filters: [Self.filter(actions: [])]), "filters[0].actions"),
            (SieveRules(filters: [Self.filter(actions: [.init(type: .move)])]), "filters[0].actions[0].folder"),
            (SieveRules(filters: [Self.filter(actions: [.init(type: .forward, to: "a@b.c\r\nRCPT TO:<x>")])]), "filters[0].actions[0].to"),
            (SieveRules(filters: [Self.filter(actions: [.init(type: .forward, to: "not-an-address")])]), "filters[0].actions[0].to"),
            (SieveRules(filters: Array(repeating: Self.filter(), count: 101)), "filters"),
            (SieveRules(vacation: VacationSettings(enabled: true, start: "2026-02-30", end: nil, subject: "", body: "x", days: 1, addresses: nil)), "vacation.start"),
            (SieveRules(vacation: VacationSettings(enabled: true, start: "2026-12-31", end: "2026-12-01", subject: "", body: "x", days: 1, addresses: nil)), "vacation.end"),
            (SieveRules(vacation: VacationSettings(enabled: true, start: nil, end: nil, subject: "", body: "x", days: 0, addresses: nil)), "vacation.days"),
            (SieveRules(vacation: VacationSettings(enabled: true, start: nil, end: nil, subject: "", body: " ", days: 1, addresses: nil)), "vacation.body"),
            (SieveRules(vacation: VacationSettings(enabled: true, start: nil, end: nil, subject: "", body: "x", days: 1, addresses: ["a b@c.d"])), "vacation.addresses[0]"),
        ]
        for (rules, path) in cases {
            #expect(throws: SieveRulesError.self, "\(path)") { try SieveScriptBuilder.script(for: rules) }
            do {
                _ = try SieveScriptBuilder.script(for: rules)
            } catch {
                #expect(error.path == path)
            }
        }
    }

    /// Ours edited elsewhere, another client's script, a marker with a broken model: not ours.
    @Test func scriptsNotOursAreNotReadAsOurs() throws {
        let ours = try SieveScriptBuilder.script(for: SieveRules(filters: [Self.filter()]))
        #expect(SieveScriptReader.rules(in: ours) != nil)
        #expect(SieveScriptReader.rules(in: ours.replacingOccurrences(of: "fileinto :create", with: "fileinto")) == nil)
        #expect(SieveScriptReader.rules(in: ours + "discard;\r\n") == nil)
        #expect(SieveScriptReader.rules(in: "require \"fileinto\";\r\nfileinto \"x\";\r\n") == nil)
        #expect(SieveScriptReader.rules(in: SieveScriptBuilder.marker + "\r\n# model: {not json\r\n") == nil)
        #expect(SieveScriptReader.rules(in: "") == nil)
    }
}
