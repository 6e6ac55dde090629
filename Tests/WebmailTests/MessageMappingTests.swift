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

    /// Pieces a preview is made of: ASCII, White_Space of every UTF-8 length, characters whose
    /// lead byte is one a space may start with (C2, E1–E3) but which are not spaces, Hangul,
    /// combining marks, emoji sequences, and the bytes JSON escapes.
    static let previewPieces = ["a", "Z", "0", ".", " ", " ", " ", "\t", "\r\n", "\n", "\u{0B}", "\u{A0}", "\u{85}", "\u{3000}",
                                "\u{2003}", "\u{1680}", "\u{2028}", "\u{202F}", "\u{205F}", "\u{200B}", "\u{3001}", "\u{1681}",
                                "£", "가", "한", "é", "e\u{301}", "👩\u{200D}👩", "🇰🇷", "\"", "\\", "\u{01}", "\u{1F}", "\u{7F}"]

    /// The same preview made the plain way: split on White_Space, joined by one space, and
    /// past `previewLength` scalars cut at the last whole character.
    static func referencePreview(_ text: String) -> String {
        var words: [String] = []
        var word = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                if !word.isEmpty { words.append(word); word = "" }
            } else {
                word.unicodeScalars.append(scalar)
            }
        }
        if !word.isEmpty { words.append(word) }
        let line = words.joined(separator: " ")
        guard line.unicodeScalars.count > MessageMapping.previewLength else { return line }
        var kept = ""
        var scalars = 0
        for character in line {
            scalars += character.unicodeScalars.count
            if scalars > MessageMapping.previewLength { break }
            kept.append(character)
        }
        return kept
    }

    /// 4,000 texts of `previewPieces`, a quarter of them past the cut, the same every run.
    static func randomPreviews(seed: UInt64) -> [String] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<4_000).map { round in
            let count = round % 4 == 0 ? 150 + next(150) : next(40)
            return (0..<count).map { _ in previewPieces[next(previewPieces.count)] }.joined()
        }
    }

    /// Random texts, short and past the cut, against the plain way.
    @Test func previewAgreesWithThePlainWay() {
        for text in Self.randomPreviews(seed: 0x9E37_79B9) {
            #expect(MessageMapping.preview(text) == Self.referencePreview(text), "\(Array(text.unicodeScalars))")
        }
    }
}
