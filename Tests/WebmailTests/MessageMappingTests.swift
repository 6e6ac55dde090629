import IMAP
import Testing
@testable import Webmail

/// IMAP summaries → list items: the preview line.
@Suite struct MessageMappingTests {
    @Test func previewIsTrimmedCollapsedAndBounded() {
        #expect(MessageMapping.preview(nil) == "")
        #expect(MessageMapping.preview("  \r\n안녕하세요.\r\n\r\n  감사합니다.\t ") == "안녕하세요. 감사합니다.")
        let long = String(repeating: "가나다 ", count: 100)
        let preview = MessageMapping.preview(long)
        #expect(preview.count == 200)
        #expect(long.hasPrefix(preview))
    }

    /// The cut counts scalars but never splits a character; text within the limit is untouched.
    @Test func previewCutKeepsWholeCharacters() {
        let exact = String(repeating: "가", count: 198) + "\u{2003}\u{2003}끝"  // 200 scalars: the space run is one
        #expect(MessageMapping.preview(exact) == String(repeating: "가", count: 198) + " 끝")
        let accented = String(repeating: "a", count: 199) + "e\u{301}" + "xyz"  // é as e + combining acute
        #expect(MessageMapping.preview(accented) == String(repeating: "a", count: 199))
        let family = String(repeating: "b", count: 198) + "👩\u{200D}👩\u{200D}👧" + "tail"
        #expect(MessageMapping.preview(family) == String(repeating: "b", count: 198))
        let flags = String(repeating: "c", count: 199) + "🇰🇷" + "d"  // two regional indicators
        #expect(MessageMapping.preview(flags) == String(repeating: "c", count: 199))
        let korean = String(repeating: "한글 ", count: 120)
        let cut = MessageMapping.preview(korean)
        #expect(cut.unicodeScalars.count == 200 && korean.hasPrefix(cut))
    }

    @Test func listItemTakesTheServerPreview() {
        var summary = IMAP.MessageSummary(uid: 7, sequenceNumber: 1, preview: " 질문\r\n있습니다 ")
        #expect(MessageMapping.summary(summary).preview == "질문 있습니다")
        summary.preview = nil
        #expect(MessageMapping.summary(summary).preview == "")
    }
}
