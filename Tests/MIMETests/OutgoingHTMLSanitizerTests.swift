import Foundation
import Testing
@testable import MIME

/// The server's own pass over outgoing HTML (issue 28): hostile input loses its active parts,
/// business formatting (tables, inline styles, colours, widths) stays.
@Suite struct OutgoingHTMLSanitizerTests {
    static func body(_ html: String) -> String {
        let document = OutgoingHTMLSanitizer.sanitize(html, contentIDDomain: "zioinfo.co.kr").html
        let start = document.range(of: "<body>")!.upperBound
        let end = document.range(of: "</body></html>", options: .backwards)!.lowerBound
        return String(document[start..<end])
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let html: String
        let sanitized: String
        var testDescription: String { name }
    }

    static let hostile: [Case] = [
        Case(name: "script", html: "<p>a</p><script>alert(1)</script><p>b</p>", sanitized: "<p>a</p><p>b</p>"),
        Case(name: "uppercase script", html: "<SCRIPT>alert(1)</SCRIPT >x", sanitized: "x"),
        Case(name: "event handlers", html: "<img src=\"cid:a@b\" onerror=\"alert(1)\" ONLOAD=x>", sanitized: "<img src=\"cid:a@b\">"),
        Case(name: "javascript link", html: "<a href=\"javascript:alert(1)\">x</a>", sanitized: "<a>x</a>"),
        Case(name: "obfuscated javascript link", html: "<a href=\" java&#x09;script:alert(1)\">x</a>", sanitized: "<a>x</a>"),
        Case(name: "entity javascript link", html: "<a href=\"&#106;avascript:alert(1)\">x</a>", sanitized: "<a>x</a>"),
        Case(name: "vbscript and data links", html: "<a href=\"vbscript:x\">a</a><a href=\"data:text/html,<script>\">b</a>", sanitized: "<a>a</a><a>b</a>"),
        Case(name: "iframe with content", html: "<iframe src=\"https://evil\">fallback</iframe>ok", sanitized: "ok"),
        Case(name: "forms", html: "<form action=\"https://evil\"><input name=p><button>보내기</button><textarea>t</textarea></form>끝", sanitized: "끝"),
        Case(name: "object and embed", html: "<object data=x><embed src=y></object>z", sanitized: "z"),
        Case(name: "style element and link", html: "<style>body{background:url(https://t)}</style><link rel=stylesheet href=https://t>x", sanitized: "x"),
        Case(name: "css url and expression", html: "<div style=\"color: red; background: url(https://track/x.gif); width: expression(alert(1))\">x</div>",
             sanitized: "<div style=\"color: red\">x</div>"),
        Case(name: "css escapes and overlays", html: "<div style=\"position: fixed; top: 0; b\\61 ckground: red; behavior: url(x.htc)\">x</div>",
             sanitized: "<div style=\"top: 0\">x</div>"),
        Case(name: "svg", html: "<svg><script>alert(1)</script></svg>y", sanitized: "y"),
        Case(name: "meta refresh and base", html: "<meta http-equiv=refresh content=\"0;url=https://evil\"><base href=https://evil>x", sanitized: "x"),
        Case(name: "attribute breakout", html: "<td title='\"><script>alert(1)</script>'>x</td>", sanitized: "<td title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">x</td>"),
        Case(name: "text is escaped", html: "1 &lt;b&gt; 2", sanitized: "1 &lt;b&gt; 2"),
        Case(name: "unclosed elements are closed", html: "<table><tr><td><b>x", sanitized: "<table><tr><td><b>x</b></td></tr></table>"),
        Case(name: "stray end tags dropped", html: "</div></table>x</p>", sanitized: "x"),
        Case(name: "comments and conditional comments", html: "<!--[if mso]><v:shape></v:shape><![endif]-->a<!-- x -->b", sanitized: "ab"),
        Case(name: "mso properties dropped", html: "<p class=MsoNormal style=\"mso-margin-top-alt:auto;margin:0cm\">x</p>", sanitized: "<p style=\"margin: 0cm\">x</p>"),
        Case(name: "unknown elements keep their text", html: "<o:p>가</o:p><custom-tag>나</custom-tag>", sanitized: "가나"),
    ]

    @Test(arguments: hostile) func sanitizes(_ example: Case) {
        #expect(Self.body(example.html) == example.sanitized)
    }

    @Test func businessFormattingStays() {
        let html = """
            <table border="1" cellpadding="4" cellspacing="0" width="600" style="border-collapse: collapse; border: 1px solid #999999">\
            <tr><th bgcolor="#DDEEFF" align="center" style="width: 120px">항목</th><td colspan="2" valign="top" style="text-align: right; color: #1F497D">120,000</td></tr>\
            </table><p style="font-family: '맑은 고딕', sans-serif; font-size: 10pt"><font color="red" face="굴림">빨강</font> <a href="https://zioinfo.co.kr" title="회사 (본사)">링크</a> <a href="mailto:a@b.kr">메일</a></p>\
            <ul><li><b>굵게</b> <i>기울임</i> <u>밑줄</u> <s>취소</s></li></ul><img src="https://zioinfo.co.kr/logo.png" width="100" alt="로고 (지오)">
            """
        #expect(Self.body(html) == html)
    }

    @Test func documentIsUTF8AndComplete() {
        let document = OutgoingHTMLSanitizer.sanitize("<p>x</p>", contentIDDomain: "z.kr").html
        #expect(document.hasPrefix("<!DOCTYPE html>"))
        #expect(document.contains("charset=utf-8"))
        #expect(document.hasSuffix("</body></html>"))
    }

    @Test func dataImagesBecomeContentIDs() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
        let uri = "data:image/png;base64," + Data(png).base64EncodedString()
        let result = OutgoingHTMLSanitizer.sanitize("<p><img src=\"\(uri)\" alt=\"붙여넣은 그림\"><img src=\"cid:logo@z\"></p><img src=\"data:text/html;base64,PHNjcmlwdD4=\">",
                                                    contentIDDomain: "zioinfo.co.kr")
        let image = try #require(result.dataImages.first)
        #expect(result.dataImages.count == 1)
        #expect(image.contentType == "image/png")
        #expect(image.data == png)
        #expect(image.contentID.hasSuffix("@zioinfo.co.kr"))
        #expect(!result.html.contains("data:"))
        #expect(result.html.contains("src=\"cid:\(image.contentID)\""))
        #expect(result.referencedContentIDs == [image.contentID, "logo@z"])
    }

    @Test func hostileShapesEnd() {
        for html in [String(repeating: "<div>", count: 100_000), String(repeating: "<p title=\"", count: 50_000),
                     String(repeating: "<style>", count: 50_000), String(repeating: "<b><i>", count: 50_000) + String(repeating: "</b>", count: 50_000)] {
            let result = OutgoingHTMLSanitizer.sanitize(html, contentIDDomain: "z.kr")
            #expect(result.html.utf8.count < 4 * html.utf8.count + 200)
        }
    }
}
