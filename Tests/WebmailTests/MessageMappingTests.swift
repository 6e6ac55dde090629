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

    @Test func listItemTakesTheServerPreview() {
        var summary = IMAP.MessageSummary(uid: 7, sequenceNumber: 1, preview: " 질문\r\n있습니다 ")
        #expect(MessageMapping.summary(summary).preview == "질문 있습니다")
        summary.preview = nil
        #expect(MessageMapping.summary(summary).preview == "")
    }
}
