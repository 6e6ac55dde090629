import Foundation
import NIOCore
import Testing
@testable import Webmail

/// The list page is written by `JSONWriter`, not JSONEncoder: it must be the same document.
@Suite struct MessagePageJSONTests {
    static let tricky = [
        "", "plain", "주간 회의 — 견적서_2026.pdf", "quote \" and backslash \\ and slash /",
        "controls \u{01}\u{08}\t\n\r\u{0C}\u{1F} end", "emoji 📬 and combining e\u{301}", "\u{2028}\u{2029} separators",
        "<script>alert(1)</script>", "=?UTF-8?B?7ZWc6riA?=",
    ]

    static func page() -> APIMessagePage {
        var messages: [APIMessageSummary] = []
        for (index, text) in tricky.enumerated() {
            messages.append(APIMessageSummary(
                uid: UInt32(100_000 - index), subject: text,
                from: index % 3 == 0 ? nil : APIAddress(name: text, email: "a\(index)@zioinfo.co.kr"),
                to: index % 2 == 0 ? [] : [APIAddress(name: "", email: "b@x.kr"), APIAddress(name: text, email: "c@x.kr")],
                date: index % 4 == 0 ? nil : Date(timeIntervalSince1970: 1_795_569_149 + Double(index) * 86_399.5),
                flags: APIFlags(seen: index % 2 == 0, flagged: index % 3 == 0, answered: index % 5 == 0, draft: index == 7),
                size: index * 1_000_003, hasAttachments: index % 2 == 1, preview: text + " " + text))
        }
        return APIMessagePage(total: 100_000, page: 1, size: 50, messages: messages)
    }

    @Test func writerProducesTheEncodersDocument() throws {
        let page = Self.page()
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601  // what Hummingbird's response encoder uses
        let expected = try JSONSerialization.jsonObject(with: encoder.encode(page)) as? NSDictionary
        let written = Data(buffer: page.json())
        let actual = try JSONSerialization.jsonObject(with: written) as? NSDictionary
        #expect(expected != nil)
        #expect(actual == expected)

        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode(APIMessagePage.self, from: written)
        // Dates are written to the second, as the encoder does.
        let truncated = page.messages.map { message in
            var copy = message
            copy.date = message.date.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) }
            return copy
        }
        #expect(decoded.messages == truncated)
        #expect(decoded.total == 100_000 && decoded.page == 1 && decoded.size == 50)
    }

    @Test func itemsRenderedAheadGiveTheSameDocument() {
        let page = Self.page()
        let documents = page.messages.map { message in
            var writer = JSONWriter(capacity: 512)
            message.write(to: &writer)
            return writer.document
        }
        let rendered = APIMessagePage(total: page.total, page: page.page, size: page.size, items: .rendered(documents))
        #expect(rendered.json() == page.json())
    }

    @Test func emptyPage() throws {
        let written = String(buffer: APIMessagePage(total: 0, page: 3, size: 50, messages: []).json())
        #expect(written == #"{"total":0,"page":3,"size":50,"messages":[]}"#)
    }

    @Test func integersAndDatesAreWrittenInPlace() {
        var writer = JSONWriter(capacity: 64)
        writer.beginArray()
        for value in [0, 7, -1, 10, 1_000_003, Int.max, Int.min] { writer.integer(value) }
        writer.integer(UInt32.max)
        writer.date(Date(timeIntervalSince1970: 1_795_569_149.75))
        writer.endArray()
        #expect(String(buffer: writer.buffer)
            == #"[0,7,-1,10,1000003,9223372036854775807,-9223372036854775808,4294967295,"2026-11-25T01:12:29Z"]"#)
    }
}

/// The preview line's own whitespace table must be Unicode's White_Space set.
@Suite struct PreviewWhitespaceTests {
    @Test func byteLevelTableMatchesUnicodeProperty() {
        for value in UInt32(1)...0x3100 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = scalar.properties.isWhitespace ? "a b" : "a\(Character(scalar))b"
            #expect(MessageMapping.preview("a\(Character(scalar))b") == expected, "U+\(String(value, radix: 16))")
        }
        #expect(MessageMapping.preview("끝\u{2000}") == "끝")  // a three-byte space at the very end
        #expect(MessageMapping.preview("\u{C2}\u{A0}") == "\u{C2}")  // Â then NBSP: bytes C3 82 C2 A0
        #expect(MessageMapping.preview("\u{3000}회의\u{00A0}\u{00A0}자료\u{2028}첨부 ") == "회의 자료 첨부")
    }
}
