import Foundation
import Testing
@testable import MIME

/// The text/plain alternative made from outgoing HTML (issue 28): what a text-only reader sees.
@Suite struct HTMLPlainTextTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let html: String
        let text: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "paragraphs and br", html: "<p>안녕하세요,</p><p>회의 자료를<br>보냅니다.</p>", text: "안녕하세요,\n\n회의 자료를\n보냅니다."),
        Case(name: "divs are lines (Gmail)", html: "<div>첫 줄</div><div>둘째 줄</div><div><br></div><div>넷째</div>", text: "첫 줄\n둘째 줄\n\n넷째"),
        Case(name: "CRLF line ends (Outlook) are whitespace", html: "<p>첫째\r\n둘째</p>\r\n<pre>a\r\nb</pre>", text: "첫째 둘째\n\na\nb"),
        Case(name: "whitespace collapses", html: "<p>  여러   칸\n  공백  </p>", text: "여러 칸 공백"),
        Case(name: "entities", html: "<p>A &amp; B &lt;C&gt; &quot;D&quot; &#54620;&#xAE00; 1&nbsp;&nbsp;2 &copy;</p>", text: "A & B <C> \"D\" 한글 1  2 ©"),
        Case(name: "bulleted list", html: "<ul><li>사과</li><li>배</li></ul>", text: "- 사과\n- 배"),
        Case(name: "numbered list with start", html: "<ol start=\"3\"><li>셋</li><li>넷</li></ol>", text: "3. 셋\n4. 넷"),
        Case(name: "nested list", html: "<ul><li>과일<ul><li>사과</li></ul></li><li>채소</li></ul>", text: "- 과일\n  - 사과\n- 채소"),
        Case(name: "link with text", html: "<p><a href=\"https://zioinfo.co.kr/결재\">결재 문서</a> 확인</p>", text: "결재 문서 <https://zioinfo.co.kr/결재> 확인"),
        Case(name: "link whose text is the URL", html: "<a href=\"https://zioinfo.co.kr/\">https://zioinfo.co.kr</a>", text: "https://zioinfo.co.kr"),
        Case(name: "mailto link", html: "<a href=\"mailto:hong@zioinfo.co.kr\">hong@zioinfo.co.kr</a>", text: "hong@zioinfo.co.kr"),
        Case(name: "javascript link shows no URL", html: "<a href=\"javascript:alert(1)\">눌러</a>", text: "눌러"),
        Case(name: "image alt", html: "<p>로고: <img src=\"cid:logo@z\" alt=\"지오정보기술\"> 끝</p>", text: "로고: 지오정보기술 끝"),
        Case(name: "blockquote", html: "<p>답장</p><blockquote><p>원문 첫 줄</p><p>둘째 문단</p></blockquote>", text: "답장\n\n> 원문 첫 줄\n>\n> 둘째 문단"),
        Case(name: "nested blockquote", html: "<blockquote>바깥<blockquote>안쪽</blockquote></blockquote>", text: "> 바깥\n>\n> > 안쪽"),
        Case(name: "signature delimiter", html: "<p>본문</p><p>-- <br>홍길동</p>", text: "본문\n\n-- \n홍길동"),
        Case(name: "script and style dropped", html: "<style>p{color:red}</style><script>alert(1)</script><p>보임</p>", text: "보임"),
        Case(name: "head dropped", html: "<html><head><title>제목</title><meta charset=utf-8></head><body><p>본문</p></body></html>", text: "본문"),
        Case(name: "Office comments dropped", html: "<!--[if gte mso 9]><xml>x</xml><![endif]--><p class=MsoNormal>본문<o:p></o:p></p>", text: "본문"),
        Case(name: "Korean table aligned", html: """
            <table border="1"><tr><th>항목</th><th>금액</th></tr><tr><td>출장비</td><td>120,000</td></tr><tr><td>식대</td><td>35,000</td></tr></table>
            """, text: "항목   | 금액\n출장비 | 120,000\n식대   | 35,000"),
        Case(name: "mixed width table", html: "<table><tr><td>Name</td><td>이름</td></tr><tr><td>Kim Chulsoo</td><td>김철수</td></tr></table>",
             text: "Name        | 이름\nKim Chulsoo | 김철수"),
        Case(name: "layout table of one column", html: "<table><tr><td><p>머리말</p></td></tr><tr><td>본문</td></tr></table>", text: "머리말\n\n본문"),
        Case(name: "empty spacer column dropped", html: "<table><tr><td>가</td><td></td><td>나</td></tr></table>", text: "가 | 나"),
        Case(name: "colspan", html: "<table><tr><td colspan=2>결재</td></tr><tr><td>담당</td><td>팀장</td></tr></table>", text: "결재 |\n담당 | 팀장"),
        Case(name: "multi-line cell", html: "<table><tr><td>주소</td><td>서울<br>강남구</td></tr></table>", text: "주소 | 서울\n     | 강남구"),
        Case(name: "text around a table", html: "<p>아래 표</p><table><tr><td>a</td><td>b</td></tr></table><p>끝</p>", text: "아래 표\n\na | b\n\n끝"),
        Case(name: "nested table in a cell", html: "<table><tr><td>바깥</td><td><table><tr><td>x</td><td>y</td></tr></table></td></tr></table>", text: "바깥 | x | y"),
        Case(name: "pre keeps spaces", html: "<pre>a   b\n  c</pre>", text: "a   b\n  c"),
        Case(name: "unclosed tag is text to the end", html: "<p>1 < 2 그리고 <b", text: "1 < 2 그리고"),
        Case(name: "hr", html: "<p>위</p><hr><p>아래</p>", text: "위\n\n" + String(repeating: "-", count: 30) + "\n\n아래"),
        Case(name: "list inside a quote", html: "<blockquote><ul><li>하나</li><li>둘</li></ul></blockquote>", text: "> - 하나\n> - 둘"),
    ]

    @Test(arguments: cases) func renders(_ example: Case) {
        #expect(HTMLPlainText.render(example.html) == example.text)
    }

    @Test func displayWidthCountsCJKTwice() {
        #expect(DisplayWidth.of("한글") == 4)
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("漢字カナ") == 8)
        #expect(DisplayWidth.of("e\u{0301}") == 1)
    }

    /// Hostile shapes: never a crash, work linear in the input (a generous bound, not a timing target).
    @Test func hostileInputEndsQuickly() {
        let shapes = [
            String(repeating: "<", count: 200_000),
            String(repeating: "<table><tr><td>", count: 20_000),
            String(repeating: "<a href=\"", count: 50_000),
            String(repeating: "<!--", count: 50_000),
            String(repeating: "<ul><li>", count: 20_000),
            String(repeating: "<blockquote>", count: 20_000) + "x",
            String(repeating: "&#", count: 100_000),
            "<td>" + String(repeating: "가", count: 100_000),
            String(repeating: "<script>", count: 50_000),
        ]
        let start = ContinuousClock.now
        for html in shapes { _ = HTMLPlainText.render(html) }
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test func tooWideTablesAreNotPadded() {
        let long = String(repeating: "긴글", count: 60)
        let text = HTMLPlainText.render("<table><tr><td>\(long)</td><td>b</td></tr><tr><td>a</td><td>c</td></tr></table>")
        #expect(text == "\(long) | b\na | c")
    }
}
