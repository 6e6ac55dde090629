import Testing
@testable import Webmail

/// The 초성 matcher of the suggestions and the address book search, case by case.
@Suite struct KoreanInitialsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let query: String
        let text: String
        let matches: Bool
        var testDescription: String { "\(query) in \(text): \(matches)" }
    }

    static let cases: [Case] = [
        Case(query: "ㅎㅇㅌ", text: "홍영태", matches: true),
        Case(query: "홍ㅇ", text: "홍영태", matches: true),
        Case(query: "ㅎ영ㅌ", text: "홍영태", matches: true),
        Case(query: "ㅇㅌ", text: "홍영태", matches: true),
        Case(query: "ㅎㅌ", text: "홍영태", matches: false),
        Case(query: "홍영태", text: "홍영태", matches: true),
        Case(query: "홍연", text: "홍영태", matches: false),
        // The last syllable may still be being composed (호 on the way to 홍), not an inner one.
        Case(query: "호", text: "홍영태", matches: true),
        Case(query: "홍여", text: "홍영태", matches: true),
        Case(query: "호여", text: "홍영태", matches: false),
        Case(query: "호영", text: "홍영태", matches: false),
        Case(query: "ㅈㅂㅎㅌ", text: "정보화팀", matches: true),
        Case(query: "ㅈㅂ", text: "홍영태\nythong@zioinfo.co.kr\n지오정보기술\n정보화팀", matches: true),
        Case(query: "ㄲ", text: "김철수", matches: false),
        Case(query: "ㄱ", text: "꼬마", matches: false),
        Case(query: "ythong", text: "홍영태\nYTHong@zioinfo.co.kr", matches: true),
        Case(query: "YTH", text: "ythong@zioinfo.co.kr", matches: true),
        Case(query: "zioinfo.co", text: "a@zioinfo.co.kr", matches: true),
        Case(query: "kim j", text: "Kim, J", matches: false),
        Case(query: "kim, j", text: "Kim, J", matches: true),
        Case(query: "", text: "아무나", matches: true),
        Case(query: "홍영태님", text: "홍영태", matches: false),
    ]

    @Test(arguments: cases)
    func matcher(_ example: Case) {
        #expect(KoreanInitials.matches(example.query, in: example.text) == example.matches)
        // What the store's LIKE narrows to must never leave out a match.
        if example.matches, !example.query.isEmpty {
            #expect(KoreanInitials.folded(example.text).contains(KoreanInitials.folded(example.query)))
        }
    }

    @Test func foldingReducesSyllablesOnly() {
        #expect(KoreanInitials.folded("홍영태 YT") == "ㅎㅇㅌ yt")
        #expect(KoreanInitials.folded("가힣") == "ㄱㅎ")
        #expect(KoreanInitials.folded("ㅎ1@") == "ㅎ1@")
    }

    @Test func aMatchAtTheStartIsPositionZero() {
        #expect(KoreanInitials.matchPosition("ㅎㅇ", in: "홍영태") == 0)
        #expect(KoreanInitials.matchPosition("ㅇㅌ", in: "홍영태") == 1)
        #expect(KoreanInitials.matchPosition("ㅋ", in: "홍영태") == nil)
    }
}
