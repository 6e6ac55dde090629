import Testing
@testable import MIME

@Suite struct HeaderParametersTests {
    @Test func contentTypeBasics() throws {
        let type = try #require(ContentType(parsing: "Text/HTML; Charset=\"EUC-KR\"; format=flowed (comment)"))
        #expect(type.mimeType == "text/html")
        #expect(type.charset == "EUC-KR")
        #expect(type.parameters["format"] == "flowed")
        #expect(ContentType(parsing: "text/html (legacy comment)")?.mimeType == "text/html")
        #expect(ContentType(parsing: "garbage") == nil)
        #expect(ContentType(parsing: "") == nil)
    }

    @Test func rfc2231ContinuationsInEUCKR() {
        // "한글 파일.txt" in EUC-KR, percent-encoded and split mid-character across pieces.
        let raw = "attachment; filename*0*=euc-kr'ko'%C7%D1%B1; filename*1*=%DB%20%C6%C4%C0%CF; filename*2=.txt"
        let disposition = ContentDisposition(parsing: raw)
        #expect(disposition.isAttachment)
        #expect(disposition.filename == "한글 파일.txt")
    }

    @Test func rfc2231SingleAndPrecedence() {
        let raw = "attachment; filename=\"fallback.txt\"; filename*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C.pdf"
        #expect(ContentDisposition(parsing: raw).filename == "보고서.pdf")
    }

    @Test func outlookEncodedWordInQuotedName() throws {
        let raw = "application/octet-stream; name=\"=?ks_c_5601-1987?B?x9Gx2yDGxMDPLnR4dA==?=\""
        let type = try #require(ContentType(parsing: raw))
        #expect(type.name == "한글 파일.txt")
    }

    @Test func rawBytesInQuotedParameters() throws {
        let utf8 = Array("attachment; filename=\"".utf8) + Array("보고서.pdf".utf8) + [ASCII.quote]
        #expect(ContentDisposition(parsing: utf8).filename == "보고서.pdf")
        let eucKR: [UInt8] = Array("attachment; filename=\"".utf8) + [0xBA, 0xB8, 0xB0, 0xED, 0xBC, 0xAD] + Array(".hwp\"".utf8)
        #expect(ContentDisposition(parsing: eucKR).filename == "보고서.hwp")
    }

    @Test func windowsPathBackslashAndMissingQuote() {
        #expect(ContentDisposition(parsing: "attachment; filename=\"C:\\dir\\a.txt\"").filename == "C:\\dir\\a.txt")
        #expect(ContentDisposition(parsing: "attachment; filename=\"open.txt").filename == "open.txt")
        #expect(ContentDisposition(parsing: "inline; filename=plain name.txt").filename == "plain name.txt")
    }
}
