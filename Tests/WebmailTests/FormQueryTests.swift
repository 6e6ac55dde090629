import Testing
@testable import Webmail

/// Query strings as browsers write them (`URLSearchParams`, form submission).
struct FormQueryTests {
    @Test(arguments: [
        ("folder=Sent+Items", "folder", "Sent Items"),
        ("folder=%EA%B1%B0%EB%9E%98%EC%B2%98+%EB%A9%94%EC%9D%BC", "folder", "거래처 메일"),
        ("folder=A%2BB+%26+C%25", "folder", "A+B & C%"),
        ("q=%22%ED%9A%8C%EC%9D%98+%EC%9D%BC%EC%A0%95%22&page=2", "q", "\"회의 일정\""),
        ("q=100%+sure", "q", "100% sure"),          // a lone % stays, as browsers keep it
        ("q=%zz%4", "q", "%zz%4"),
        ("q=%FF", "q", "\u{FFFD}"),                  // not UTF-8: replacement character
        ("a=1&folder=&b", "folder", ""),
        ("b&folder=x=y", "folder", "x=y"),           // only the first = splits
        ("folder=first&folder=second", "folder", "first"),
    ])
    func decodesLikeABrowser(query: String, name: String, expected: String) {
        #expect(FormQuery(query).get(name) == expected)
    }

    @Test func missingNamesAndEmptyQueries() {
        #expect(FormQuery(nil).get("folder") == nil)
        #expect(FormQuery("").get("folder") == nil)
        #expect(FormQuery("&&").pairs.isEmpty)
        #expect(FormQuery("b").get("b") == "")
    }

    @Test(arguments: [
        ("회의 일정 안내", ["회의", "일정", "안내"]),
        ("  Meeting   notes ", ["Meeting", "notes"]),
        ("\"회의 일정\" 부산", ["회의 일정", "부산"]),
        ("견적서\"", ["견적서"]),
        ("\"  \"", []),
        ("ㄱ", ["ㄱ"]),
    ])
    func searchTextSplitsIntoTerms(text: String, terms: [String]) {
        #expect(SearchTerms.split(text) == terms)
    }
}
