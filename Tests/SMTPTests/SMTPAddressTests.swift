import Testing
@testable import SMTP

@Suite struct SMTPAddressTests {
    @Test(arguments: [
        ("ythong@zioinfo.co.kr", "ythong@zioinfo.co.kr"),
        ("First.Last+tag@Example.COM", "First.Last+tag@example.com"),
        ("!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~@example.com"),
        ("\"john doe\"@example.com", "\"john doe\"@example.com"),
        ("\"a\\\"b\"@example.com", "\"a\\\"b\"@example.com"),
        ("user@[192.0.2.1]", "user@[192.0.2.1]"),
        ("user@[IPv6:2001:db8::1]", "user@[IPv6:2001:db8::1]"),
        ("info@한국.kr", "info@xn--3e0b707e.kr"),
        ("info@지오정보기술.한국", "info@xn--ok0b03zs0doze9ycftd.xn--3e0b707e"),
        ("kontakt@Bücher.example", "kontakt@xn--bcher-kva.example"),
        ("a@例え。jp", "a@xn--r8jz45g.jp"),
        ("a@ＥＸＡＭＰＬＥ.com", "a@example.com"),
        ("a@BÜCHER.example", "a@xn--bcher-kva.example"),
    ])
    func validAddresses(_ input: String, _ expected: String) throws {
        #expect(try SMTPAddress(input).address == expected)
    }

    @Test(arguments: [
        "", "plain", "@example.com", "user@", "user@localhost", "a..b@example.com", ".a@example.com", "a.@example.com",
        "a b@example.com", "a@b@example.com", "user@-bad.example", "user@bad-.example", "user@exa_mple.com",
        "user@example..com", "user@[300.1.1.1]", "user@[1.2.3]", "user@[IPv6:nonsense]", "\"unterminated@example.com",
        "user@\(String(repeating: "a", count: 64)).com",
        "\(String(repeating: "a", count: 65))@example.com", "<user@example.com>",
    ])
    func invalidAddresses(_ input: String) {
        #expect(throws: SMTPError.self) { try SMTPAddress(input) }
    }

    @Test(arguments: ["user@example.com\r\nRCPT TO:<evil@example.com>", "user@example.com\n", "us\u{0}er@example.com", "user\r@example.com"])
    func controlCharactersAreRejectedAsInvalidInput(_ input: String) {
        do throws(SMTPError) {
            _ = try SMTPAddress(input)
            Issue.record("accepted \(input.debugDescription)")
        } catch {
            #expect(error.kind == .invalidInput && error.stage == .preparation)
            #expect(error.message.contains("control character"))
        }
    }

    /// RFC 6531: a non-ASCII local part is a valid mailbox that only SMTPUTF8 can carry; an
    /// internationalised domain has both forms.
    @Test func internationalisedAddressesKeepBothForms() throws {
        let korean = try SMTPAddress("사용자@지오정보기술.한국")
        #expect(korean.requiresSMTPUTF8 && korean.isInternationalized)
        #expect(korean.internationalizedAddress == "사용자@지오정보기술.한국")
        let domainOnly = try SMTPAddress("info@지오정보기술.한국")
        #expect(!domainOnly.requiresSMTPUTF8 && domainOnly.isInternationalized)
        #expect(domainOnly.address == "info@xn--ok0b03zs0doze9ycftd.xn--3e0b707e")
        #expect(domainOnly.internationalizedAddress == "info@지오정보기술.한국")
        let ascii = try SMTPAddress("a@ＥＸＡＭＰＬＥ.com")
        #expect(!ascii.isInternationalized)
        for bad in ["사용\u{0085}자@example.com", "사용\u{2028}자@example.com", "사 용자@example.com", "\u{3000}@example.com"] {
            #expect(throws: SMTPError.self, "\(bad.debugDescription)") { try SMTPAddress(bad) }
        }
    }

    @Test func envelopeDeduplicatesAndNeedsARecipient() throws {
        let envelope = try SMTPEnvelope(sender: "a@example.com", recipients: ["b@example.com", "b@EXAMPLE.com", "c@example.com"])
        #expect(envelope.recipients.map(\.address) == ["b@example.com", "c@example.com"])
        #expect(throws: SMTPError.self) { try SMTPEnvelope(sender: "a@example.com", recipients: []) }
    }
}

@Suite struct PunycodeTests {
    // Expected values from Python's "punycode" codec (an independent RFC 3492 implementation).
    @Test(arguments: [
        ("bücher", "bcher-kva"), ("한국", "3e0b707e"), ("지오정보기술", "ok0b03zs0doze9ycftd"), ("münchen", "mnchen-3ya"),
        ("例え", "r8jz45g"), ("ドメイン名例", "eckwd4c7cu47r2wf"), ("اختبار", "mgbachtv"), ("почта", "80a1acny"),
        ("ßtraße", "trae-unad"), ("abc", "abc-"),
    ])
    func encodesLikeRFC3492(_ input: String, _ expected: String) throws {
        #expect(try Punycode.encode(input) == expected)
    }
}
