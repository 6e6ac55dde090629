import Foundation
import Testing
import MIME

/// The one-pass `cid:` rewrite (issue 23, item 2): what it replaces and what it must leave alone.
@Suite struct CIDLinkRewriterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let html: String
        let expected: String
        var testDescription: String { name }
    }

    /// Parts in order: `logo@x` is a prefix of `logo@x.kr`; the Korean id is sent raw in one
    /// mail and percent-encoded in another.
    static let rewriter = CIDLinkRewriter(links: [
        (contentID: "<logo@x>", url: "/a/1"),
        (contentID: "<logo@x.kr>", url: "/a/2"),
        (contentID: "<이미지1@지오>", url: "/a/3"),
        (contentID: "<sp ace@x>", url: "/a/4"),
        (contentID: "<logo@x>", url: "/a/duplicate"),
        (contentID: "<>", url: "/a/empty"),
    ])

    static let cases: [Case] = [
        Case(name: "plain", html: #"<img src="cid:logo@x">"#, expected: #"<img src="/a/1">"#),
        Case(name: "scheme in any case", html: #"<img src="CID:logo@x"><img src='Cid:logo@x'>"#,
             expected: #"<img src="/a/1"><img src='/a/1'>"#),
        Case(name: "id in any ASCII case", html: #"<img src="cid:LOGO@X.KR">"#, expected: #"<img src="/a/2">"#),
        Case(name: "prefix id does not eat the longer one", html: #"<img src="cid:logo@x.kr"><img src="cid:logo@x">"#,
             expected: #"<img src="/a/2"><img src="/a/1">"#),
        Case(name: "longer unknown id is left alone", html: #"<img src="cid:logo@xyz">"#, expected: #"<img src="cid:logo@xyz">"#),
        Case(name: "Korean id raw", html: #"<img src="cid:이미지1@지오">"#, expected: #"<img src="/a/3">"#),
        Case(name: "Korean id percent-encoded", html: #"<img src="cid:%EC%9D%B4%EB%AF%B8%EC%A7%801@%EC%A7%80%EC%98%A4">"#,
             expected: #"<img src="/a/3">"#),
        Case(name: "percent-encoded ASCII and lowercase hex", html: #"<img src="cid:sp%20ace@x"><img src="cid:logo%40x">"#,
             expected: #"<img src="/a/4"><img src="/a/1">"#),
        Case(name: "malformed percent escape", html: #"<img src="cid:logo%4">"#, expected: #"<img src="cid:logo%4">"#),
        Case(name: "brackets kept in the URL", html: #"<img src="cid:<logo@x>"><img src="cid:%3Clogo@x%3E">"#,
             expected: #"<img src="/a/1"><img src="/a/1">"#),
        Case(name: "unclosed bracket", html: #"<img src="cid:<logo@x">"#, expected: #"<img src="cid:<logo@x">"#),
        Case(name: "CSS url() and entity quotes", html: #"<td style="background:url(cid:logo@x)"><p style="background:url(&quot;cid:logo@x&quot;)">"#,
             expected: #"<td style="background:url(/a/1)"><p style="background:url(&quot;/a/1&quot;)">"#),
        Case(name: "cid: at the end of input", html: "see cid:", expected: "see cid:"),
        Case(name: "truncated scheme at the end", html: "see ci", expected: "see ci"),
        Case(name: "id at the end of input", html: "cid:logo@x", expected: "/a/1"),
        Case(name: "not after a letter", html: "acid:logo@x 1cid:logo@x (cid:logo@x)", expected: "acid:logo@x 1cid:logo@x (/a/1)"),
        Case(name: "empty id", html: #"<img src="cid:">"#, expected: #"<img src="cid:">"#),
        Case(name: "no references", html: "<p>안녕하세요</p>", expected: "<p>안녕하세요</p>"),
        Case(name: "srcset", html: #"<img srcset="cid:logo@x 1x, cid:logo@x.kr 2x">"#, expected: #"<img srcset="/a/1 1x, /a/2 2x">"#),
    ]

    @Test(arguments: cases) func rewrites(_ example: Case) {
        #expect(Self.rewriter.rewrite(example.html) == example.expected)
    }

    @Test func noContentIDsLeavesTheHTML() {
        let rewriter = CIDLinkRewriter(links: [(contentID: "  ", url: "/x")])
        #expect(rewriter.isEmpty)
        #expect(rewriter.rewrite("cid:a") == "cid:a")
    }

    @Test func referencesPastTheBoundStayLinks() {
        let html = String(repeating: "cid:logo@x ", count: CIDLinkRewriter.maximumRewrites + 3)
        let rewritten = Self.rewriter.rewrite(html)
        #expect(rewritten.components(separatedBy: "/a/1 ").count - 1 == CIDLinkRewriter.maximumRewrites)
        #expect(rewritten.components(separatedBy: "cid:logo@x ").count - 1 == 3)
    }

    @Test func htmlOverTheSizeBoundIsReturnedUnchanged() {
        let html = "cid:logo@x" + String(repeating: " ", count: CIDLinkRewriter.maximumHTMLBytes)
        #expect(Self.rewriter.rewrite(html) == html)
    }

    @Test func partsPastTheTableBoundAreNotLinked() {
        let links = (0...CIDLinkRewriter.maximumLinks).map { (contentID: "<p\($0)@x>", url: "/a/\($0)") }
        let rewriter = CIDLinkRewriter(links: links)
        #expect(rewriter.rewrite("cid:p0@x") == "/a/0")
        #expect(rewriter.rewrite("cid:p\(CIDLinkRewriter.maximumLinks)@x") == "cid:p\(CIDLinkRewriter.maximumLinks)@x")
    }

    /// The shape of the poison mail (issue 23): 1,500 ids, 800 KB of HTML. Linear work; the
    /// time target itself lives in bench/poison-mail.
    @Test(.timeLimit(.minutes(1))) func thousandsOfPartsAndLargeHTML() {
        let links = (0..<1_500).map { (contentID: "<img\($0)@poison>", url: "/a/\($0)") }
        let rewriter = CIDLinkRewriter(links: links)
        var html = ""
        for index in 0..<1_500 { html += #"<img src="cid:img\#(index)@poison">"# + String(repeating: "가", count: 170) }
        #expect(html.utf8.count > 800_000)
        let rewritten = rewriter.rewrite(html)
        #expect(!rewritten.contains("cid:"))
        #expect(rewritten.contains(#"<img src="/a/1499">"#))
    }
}
