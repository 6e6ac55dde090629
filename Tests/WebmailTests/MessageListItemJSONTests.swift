import Foundation
import Testing

@testable import IMAP
@testable import Webmail

/// The list item written straight from the FETCH answer (`JSONWriter.messageListItem`) must be
/// byte for byte the document of the general mapping (`MessageMapping.summary`, then
/// `APIMessageSummary.write`), whatever the server sent. The answers here go through the real
/// response decoder, so the values are what a server's bytes become.
@Suite struct MessageListItemJSONTests {
    /// An IMAP string: a literal, so that any byte (8-bit, CR, LF, quotes) can be sent.
    static func literal(_ bytes: [UInt8]) -> [UInt8] { Array("{\(bytes.count)}\r\n".utf8) + bytes }
    static func literal(_ text: String) -> [UInt8] { literal(Array(text.utf8)) }
    static let nilValue = Array("NIL".utf8)

    static func address(name: [UInt8]?, mailbox: [UInt8]?, host: [UInt8]?) -> [UInt8] {
        Array("(".utf8) + (name.map(literal) ?? nilValue) + Array(" NIL ".utf8) + (mailbox.map(literal) ?? nilValue)
            + Array(" ".utf8) + (host.map(literal) ?? nilValue) + Array(")".utf8)
    }

    static func list(_ addresses: [[UInt8]]) -> [UInt8] {
        addresses.isEmpty ? nilValue : Array("(".utf8) + addresses.joined() + Array(")".utf8)
    }

    /// One FETCH response with the page's items.
    static func fetch(
        uid: Int, flags: String = "\\Seen", date: [UInt8]?, subject: [UInt8]?, from: [[UInt8]], to: [[UInt8]],
        body: String = #"("text" "plain" ("charset" "utf-8") NIL NIL "8bit" 10 1 NIL NIL NIL NIL)"#, preview: [UInt8]?
    ) -> [UInt8] {
        var line = Array("* \(uid) FETCH (UID \(uid) FLAGS (\(flags)) INTERNALDATE \"25-Nov-2026 10:12:29 +0900\" RFC822.SIZE \(uid * 1013) MODSEQ (7)".utf8)
        line += Array(" PREVIEW ".utf8) + (preview.map(literal) ?? nilValue)
        line += Array(" ENVELOPE (".utf8) + (date.map(literal) ?? nilValue) + Array(" ".utf8) + (subject.map(literal) ?? nilValue)
        line += Array(" ".utf8) + list(from) + Array(" NIL NIL ".utf8) + list(to) + Array(" NIL NIL NIL \"<id@x>\")".utf8)
        line += Array(" BODYSTRUCTURE \(body))\r\n".utf8)
        return line
    }

    static func summary(_ response: [UInt8]) throws -> MessageSummary {
        var decoder = ResponseDecoder()
        let events = try decoder.decode(response)
        guard case .response(.untagged(.fetch(let fetch))) = events.first, let summary = MessageSummary(fetch) else {
            throw DecodeFailure()
        }
        return summary
    }

    struct DecodeFailure: Error {}

    static func general(_ summary: MessageSummary) -> [UInt8] {
        var writer = JSONWriter(capacity: 512)
        MessageMapping.summary(summary).write(to: &writer)
        return writer.document
    }

    /// The item as the server writes it: from the response's bytes, scanned without the model.
    static func scanned(_ response: [UInt8]) throws -> [UInt8] {
        var decoder = ResponseDecoder()
        guard case .response(.untagged(.fetch(let fetch))) = try decoder.decode(response).first,
            let scanned = fetch.scanned
        else { throw DecodeFailure() }
        var writer = JSONWriter(capacity: 512)
        writer.messageListItem(scanned)
        return writer.document
    }

    /// A preview through the scanner's writer (a FETCH with only that PREVIEW and an envelope),
    /// and through the general mapping of the same answer.
    static func previewDocuments(_ text: String) throws -> (scanned: [UInt8], general: [UInt8]) {
        let response = fetch(uid: 1, date: nil, subject: nil, from: [], to: [], preview: Array(text.utf8))
        return (try scanned(response), general(try summary(response)))
    }

    static let texts: [[UInt8]] = [
        [], Array("Quarterly review #100000".utf8), Array(#"quote " backslash \ slash / tab\#tend"#.utf8),
        Array("controls \u{01}\u{08}\u{0C}\u{1F}\u{7F} end".utf8), Array("folded\r\n line\r\n\tagain".utf8),
        Array("=?UTF-8?B?7KO86rCEIO2ajOydmA==?= =?UTF-8?B?7J6Q66OM?=".utf8),
        Array("=?ks_c_5601-1987?B?vsiz58fPvLy/5A==?= and text".utf8), Array("=?iso-8859-1?Q?caf=E9?=".utf8),
        Array("broken =?UTF-8?B?not base64 and =? alone".utf8), Array("a=?b".utf8), Array("=?".utf8),
        [0xBE, 0xC8, 0xB3, 0xE7, 0xC7, 0xCF, 0xBC, 0xBC, 0xBF, 0xE4],  // raw EUC-KR, as old Korean mailers send
        Array("주간 회의 — 견적서_2026.pdf 📬".utf8), [0x61, 0xFF, 0xFE, 0x62], Array("e\u{301} <script>".utf8),
    ]

    static let dates: [[UInt8]?] = [
        Array("Wed, 25 Nov 2026 10:12:29 +0900".utf8), Array("25 Nov 2026 10:12 +0900 (KST)".utf8),
        Array("Wed, 25 Nov 26 10:12:29 KST".utf8), Array("2026-11-25T10:12:29+09:00".utf8), Array("not a date".utf8),
        [0x32, 0x35, 0xFF, 0x4E], nil, [],
    ]

    static let previews: [[UInt8]?] = [
        nil, [], Array("  \r\n안녕하세요.\r\n\r\n  감사합니다.\t ".utf8), Array("\u{3000}회의\u{00A0}\u{00A0}자료\u{2028}첨부 ".utf8),
        Array(#"quote " and \ and controls \#u{01}\#u{1F}"#.utf8), Array(String(repeating: "가나다 ", count: 100).utf8),
        Array((String(repeating: "a", count: 199) + "e\u{301}xyz").utf8), Array((String(repeating: "가", count: 198) + "\u{2003}\u{2003}끝").utf8),
        [0x61, 0xC3, 0x28, 0x20, 0x20, 0x62],  // invalid UTF-8: replaced as the summary's String does
        Array(String(repeating: "x", count: 200).utf8), Array(String(repeating: "x ", count: 101).utf8),
    ]

    static let addresses: [[UInt8]] = [
        address(name: Array("=?UTF-8?B?7J207JiB7Z2s?=".utf8), mailbox: Array("younghee.lee".utf8), host: Array("example.kr".utf8)),
        address(name: nil, mailbox: Array("bench100k".utf8), host: Array("zioinfo.co.kr".utf8)),
        address(name: Array(#"Kim "the" \ Boss"#.utf8), mailbox: Array("kim".utf8), host: Array("x.kr".utf8)),
        address(name: [0xC8, 0xAB, 0xB1, 0xE6, 0xB5, 0xBF], mailbox: Array("hong".utf8), host: Array("naver.com".utf8)),
        address(name: nil, mailbox: Array("group".utf8), host: nil),  // group start
        address(name: nil, mailbox: nil, host: nil),  // group end
        address(name: Array("IDN".utf8), mailbox: Array("사용자".utf8), host: Array("예시.한국".utf8)),
        address(name: Array("bad".utf8), mailbox: [0x61, 0xFF], host: Array("x.kr".utf8)),  // not UTF-8: dropped
        address(name: Array("q".utf8), mailbox: Array(#"we"ird\"#.utf8), host: Array("x.kr".utf8)),
    ]

    static let bodies = [
        #"("text" "plain" ("charset" "utf-8") NIL NIL "8bit" 10 1 NIL NIL NIL NIL)"#,
        #"(("text" "plain" ("charset" "utf-8") NIL NIL "8bit" 10 1 NIL NIL NIL NIL)("application" "pdf" ("name" "a.pdf") NIL NIL "base64" 100 NIL ("attachment" ("filename" "a.pdf")) NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)"#,
        #"(("text" "html" ("charset" "utf-8") NIL NIL "8bit" 10 1 NIL NIL NIL NIL)("image" "png" NIL "<img1>" NIL "base64" 100 NIL ("inline" NIL) NIL NIL) "related" NIL NIL NIL NIL)"#,
    ]

    @Test func everyCombinationMatchesTheGeneralMapping() throws {
        var checked = 0
        for (index, subject) in Self.texts.enumerated() {
            for (dateIndex, date) in Self.dates.enumerated() {
                let first = Self.addresses[(index + dateIndex) % Self.addresses.count]
                let second = Self.addresses[(index * 3 + dateIndex + 1) % Self.addresses.count]
                let response = Self.fetch(
                    uid: 1 + checked, flags: ["\\Seen", "", "\\Flagged \\Answered", "\\Draft \\Seen $Forwarded"][checked % 4],
                    date: date, subject: index % 7 == 6 ? nil : subject,
                    from: dateIndex % 3 == 0 ? [] : [first, second], to: [second, first, Self.addresses[dateIndex]],
                    body: Self.bodies[checked % Self.bodies.count], preview: Self.previews[checked % Self.previews.count])
                let general = Self.general(try Self.summary(response))
                let scanned = try Self.scanned(response)
                #expect(scanned == general, "\(String(decoding: scanned, as: UTF8.self))")
                checked += 1
            }
        }
        for (index, preview) in Self.previews.enumerated() {
            for name in Self.texts {
                let response = Self.fetch(
                    uid: 10_000 + index, date: nil, subject: name,
                    from: [Self.address(name: name, mailbox: Array("a".utf8), host: Array("b.kr".utf8))], to: [], preview: preview)
                #expect(try Self.scanned(response) == Self.general(try Self.summary(response)))
                checked += 1
            }
        }
        #expect(checked == Self.texts.count * (Self.dates.count + Self.previews.count))
    }

    /// The scanned item writes the four flags as one of sixteen prepared blocks and a list of
    /// one address from what the scan kept: every combination, with lists of one and none.
    @Test func everyFlagCombinationAndSingleAddressLists() throws {
        let names = ["\\Seen", "\\Flagged", "\\Answered", "\\Draft"]
        for bits in 0..<16 {
            let flags = names.indices.filter { bits & (1 << $0) != 0 }.map { names[$0] } + (bits % 3 == 0 ? ["\\Recent", "$Junk"] : [])
            let single = Self.addresses[bits % Self.addresses.count]
            let response = Self.fetch(
                uid: 500 + bits, flags: flags.joined(separator: " "), date: Self.dates[bits % Self.dates.count],
                subject: Self.texts[bits % Self.texts.count], from: bits % 4 == 3 ? [] : [single], to: bits % 2 == 0 ? [single] : [],
                preview: Self.previews[bits % Self.previews.count])
            let summary = try Self.summary(response)
            let scanned = try Self.scanned(response)
            #expect(scanned == Self.general(summary), "\(String(decoding: scanned, as: UTF8.self))")
        }
    }

    /// Previews as a server may send them, valid UTF-8 or not: the scanned item checks the bytes
    /// in the same pass as the collapse (eight at a time where it can), and must write what the
    /// general mapping writes, whose String repairs invalid bytes, for any mix of characters
    /// (Hangul with the surrogate lead ED among them), white space, escapes and bad sequences
    /// at every offset of a word.
    @Test func randomBytePreviewsMatchTheGeneralMapping() throws {
        let pieces: [[UInt8]] = [
            Array("안녕하세요".utf8), Array("하늘".utf8), Array("abc ".utf8), Array("x".utf8), [0x20], [0x20, 0x20],
            Array("\u{3000}".utf8), Array("\u{00A0}".utf8), Array("é".utf8), Array("😀".utf8), Array("\u{0800}".utf8),
            Array("\u{FFFD}".utf8), [0x22], [0x5C], [0x09], [0x0A], [0x01],
            [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC3], [0xC2], [0xE0, 0x80, 0x80], [0xE0, 0xA0], [0xED, 0xA0, 0x80],
            [0xED, 0x9F, 0xBF], [0xEA, 0xB0], [0xEA, 0x41, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xE2, 0x80], [0xE3, 0x80, 0x80],
        ]
        var state: UInt64 = 0xB0D1
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for round in 0..<4_000 {
            var bytes: [UInt8] = []
            // Mostly valid text with a bad piece now and then, or anything at all.
            let clean = round % 2 == 0
            for _ in 0..<(1 + next(50)) {
                let piece = pieces[clean && next(10) > 0 ? next(17) : next(pieces.count)]
                bytes += piece
            }
            let response = Self.fetch(uid: 20_000 + round, date: nil, subject: nil, from: [], to: [], preview: bytes)
            let summary = try Self.summary(response)
            #expect(try Self.scanned(response) == Self.general(summary), "\(bytes)")
        }
    }

    /// Dovecot's answer to a list page, and many mutations of it: wherever the scanner takes a
    /// response, the item written from its bytes is the general mapping's.
    @Test func scannedItemsOfMutatedPagesMatchTheGeneralMapping() throws {
        let fixture = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/imap/list-page-50.server")
        var framer = ResponseFramer(limits: ResponseLimits())
        var frames = try framer.process(Array(try Data(contentsOf: fixture)))
            .compactMap { frame -> [UInt8]? in if case .complete(let bytes) = frame { bytes } else { nil } }
        frames += Self.bodies.enumerated().map { index, body in
            Self.fetch(uid: 900 + index, date: Self.dates[index], subject: Self.texts[index + 5],
                       from: [Self.addresses[index]], to: Self.addresses, body: body, preview: Self.previews[index + 2])
        }
        var state: UInt64 = 0x1234_5678
        func random(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let interesting = Array(#" "\(){}=?NIL0123456789"#.utf8) + [0x09, 0x0D, 0x0A, 0x01, 0x80, 0xC3, 0xEA, 0xFF]
        var compared = 0
        for frame in frames {
            for round in 0..<40 {
                var mutated = frame
                if round > 0 {
                    for _ in 0...random(2) {
                        let index = random(mutated.count)
                        switch random(3) {
                        case 0: mutated[index] = interesting[random(interesting.count)]
                        case 1: mutated.remove(at: index)
                        default: mutated.insert(interesting[random(interesting.count)], at: index)
                        }
                    }
                }
                guard let scanned = SummaryScanner.scan(mutated), scanned.envelope != nil, scanned.uid != nil else { continue }
                guard let summary = MessageSummary(FetchResponse(scanned: scanned)) else {
                    Issue.record("the parser refuses a scanned response")
                    continue
                }
                var writer = JSONWriter(capacity: 512)
                writer.messageListItem(scanned)
                #expect(writer.document == Self.general(summary), "\(String(decoding: mutated, as: UTF8.self))")
                compared += 1
            }
        }
        #expect(compared > frames.count * 5)
    }

    /// Every scalar up to U+3100 between two letters and at the ends of a preview: the JSON
    /// path's own whitespace and escape checks agree with the general preview and escaping.
    @Test func previewOfEveryScalar() throws {
        for value in UInt32(1)...0x3100 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in ["a\(Character(scalar))b", "\(Character(scalar))x\(Character(scalar))"] {
                let documents = try Self.previewDocuments(text)
                #expect(documents.scanned == documents.general, "U+\(String(value, radix: 16))")
            }
        }
    }

    /// Random previews (the pieces of `MessageMappingTests`), short and past the cut: the JSON
    /// path's escapes and its lone spaces kept inside runs write what the general path writes.
    @Test func randomPreviews() throws {
        for text in MessageMappingTests.randomPreviews(seed: 0x2545_F491) {
            let documents = try Self.previewDocuments(text)
            #expect(documents.scanned == documents.general, "\(Array(text.unicodeScalars))")
        }
    }

    @Test func summaryWithoutEnvelopeOrStructure() {
        let bare = MessageSummary(uid: 3, sequenceNumber: 1)
        var writer = JSONWriter(capacity: 512)
        writer.messageListItem(.parsed(bare))
        #expect(writer.document == Self.general(bare))
        #expect(String(decoding: writer.document, as: UTF8.self)
            == #"{"uid":3,"subject":"","to":[],"flags":{"seen":false,"flagged":false,"answered":false,"draft":false,"forwarded":false},"size":0,"has_attachments":false,"preview":""}"#)
    }

    /// A page read from IMAP holds its items as JSON; its document and its `messages` are those
    /// of the same page built from summaries.
    @Test func renderedPageIsTheSummaryPage() throws {
        let responses = (0..<Self.texts.count).map { index in
            Self.fetch(
                uid: 500 - index, date: Self.dates[index % Self.dates.count], subject: Self.texts[index],
                from: [Self.addresses[index % Self.addresses.count]], to: [Self.addresses[(index + 1) % Self.addresses.count]],
                body: Self.bodies[index % Self.bodies.count], preview: Self.previews[index % Self.previews.count])
        }
        let summaries = try responses.map(Self.summary)
        let rendered = APIMessagePage(total: 500, page: 1, size: 50, items: .rendered(try responses.map(Self.scanned)))
        let built = APIMessagePage(total: 500, page: 1, size: 50, messages: summaries.map(MessageMapping.summary))
        #expect(rendered.json() == built.json())
        let truncated = built.messages.map { message in
            var copy = message
            copy.date = message.date.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) }
            return copy
        }
        #expect(rendered.messages == truncated)
    }
}
