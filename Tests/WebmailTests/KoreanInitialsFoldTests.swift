import Testing
@testable import Webmail

/// The shortcuts the suggestions take (issue 27, speed): for a query without Hangul syllables the
/// stored fold alone decides the match (so the `LIKE` on the folded column needs no second
/// look), and the start-of-text check gives what `matchPosition == 0` gives.
@Suite struct KoreanInitialsFoldTests {
    static let texts = ["홍영태\nythong@zioinfo.co.kr\n지오정보기술\n정보화팀", "ㅎㅇ 메모", "Kim_J%\nkim@example.com", "", "박서준\n영업1팀", "İstanbul ß"]
    static let queries = ["ㅎㅇㅌ", "ㅈㅂㅎㅌ", "ythong", "ZIO", "_j%", "ㅎ", "1", "ㅂㅅ", "kim@", "istanbul", "홍ㅇ", "호", "영업", "박"]

    @Test func withoutSyllablesTheFoldDecidesExactlyAsTheMatcher() {
        for query in Self.queries {
            for text in Self.texts where KoreanInitials.foldDecides(query) {
                #expect(KoreanInitials.folded(text).unicodeScalars.contains(subsequence: KoreanInitials.folded(query).unicodeScalars)
                        == KoreanInitials.matches(query, in: text), "\(query) in \(text)")
            }
        }
        #expect(KoreanInitials.foldDecides("ㄱㅁ") && KoreanInitials.foldDecides("user12") && !KoreanInitials.foldDecides("홍ㅇ"))
        // Why syllables need the matcher: 홍 folds to ㅎ, as 하 does.
        #expect(!KoreanInitials.matches("홍", in: "하늘") && KoreanInitials.folded("하늘").contains(KoreanInitials.folded("홍")))
    }

    @Test func theStartCheckIsMatchPositionZero() {
        for query in Self.queries {
            for text in Self.texts {
                #expect(KoreanInitials.matchesAtStart(query, in: text) == (KoreanInitials.matchPosition(query, in: text) == 0), "\(query) in \(text)")
            }
        }
    }
}

extension String.UnicodeScalarView {
    func contains(subsequence needle: String.UnicodeScalarView) -> Bool {
        let haystack = Array(self), needle = Array(needle)
        guard !needle.isEmpty else { return true }
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }
}
