import Foundation
import Testing

@testable import IMAP

/// The summary scanner reads a message list's FETCH responses without the full parser; where
/// it accepts a response it must read exactly what the parser reads, and it must accept only
/// what the parser accepts. Checked on Dovecot's own answers (a 50-message list page of the
/// bench mailbox and a captured session) and on many mutations of them.
@Suite struct SummaryScannerTests {
    static let fixtures = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/imap")

    /// The complete frames (response lines with their literals) of a captured server stream.
    static func frames(_ name: String) throws -> [[UInt8]] {
        var framer = ResponseFramer(limits: ResponseLimits())
        let bytes = Array(try Data(contentsOf: fixtures.appendingPathComponent(name)))
        return try framer.process(bytes).compactMap { if case .complete(let frame) = $0 { frame } else { nil } }
    }

    /// Hand-written shapes the recordings lack: attachments, related parts, extension data,
    /// literals, escapes, odd spacing and case.
    static let shapes: [String] = [
        #"* 1 FETCH (UID 7 FLAGS () RFC822.SIZE 10 ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 0 0))"# + "\r\n",
        #"* 2 FETCH (UID 8 FLAGS (\Seen \flagged $Label \*) INTERNALDATE " 5-Nov-2026 01:02:03 +0900" ENVELOPE ("d" "s \"q\" \\" (("n" NIL "m" "h")) NIL NIL (("a" NIL "b" "c")(NIL NIL "g" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL) BODYSTRUCTURE (("text" "plain" ("charset" "utf-8") NIL NIL "8bit" 10 1 NIL NIL NIL NIL)("application" "pdf" ("name" "a.pdf") NIL NIL "base64" 100 NIL ("ATTACHMENT" ("filename" "a.pdf")) NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL))"# + "\r\n",
        #"* 3 FETCH (UID 9 ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) BODYSTRUCTURE (("text" "html" ("charset" "utf-8") NIL NIL "8bit" 10 1 NIL NIL NIL NIL)("image" "png" NIL "<img1>" NIL "base64" 100 NIL ("inline" NIL) NIL NIL) "related" NIL NIL NIL NIL))"# + "\r\n",
        #"* 4 FETCH (UID 10 ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) BODYSTRUCTURE ("image" "jpeg" NIL NIL NIL "base64" 5 NIL "inline" ("en" "ko") "loc" (1 "x" (NIL 2)) 3))"# + "\r\n",
        #"* 5 FETCH (UID 11 ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) BODYSTRUCTURE ("message" "rfc822" NIL NIL NIL "7bit" 5 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ("text" "plain" NIL NIL NIL "7bit" 1 1) 2))"# + "\r\n",
        "* 6 FETCH (UID 12 PREVIEW {6}\r\n한글 ENVELOPE ({3}\r\nabc NIL NIL NIL NIL NIL NIL NIL NIL NIL) MODSEQ (12345678901))\r\n",
        "*  7 fetch  (uid 13  body (\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1))\r\n",
        #"* 8 FETCH (UID 14 BODY[HEADER] {0}"# + "\r\n)\r\n",
        #"* 9 FETCH (UID 15 UID 15 ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL))"# + "\r\n",
        #"* 10 FETCH (FLAGS (\Deleted \Draft \Answered \Recent) UID 16)"# + "\n",
        #"* 11 FETCH (UID 17 ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) BODYSTRUCTURE (NIL NIL NIL NIL NIL NIL NIL))"# + "\r\n",
    ]

    static func allFrames() throws -> [[UInt8]] {
        try frames("list-page-50.server") + frames("dovecot-session.server") + shapes.map { Array($0.utf8) }
    }

    /// Whether the scanner took `frame`; when it did, that it read what the parser reads.
    @discardableResult
    static func agree(_ frame: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard let scanned = SummaryScanner.scan(frame) else { return false }
        var parser = ResponseParser(frame)
        guard case .untagged(.fetch(let fetch))? = try? parser.parseResponse() else {
            Issue.record("scanned what the parser refuses: \(String(decoding: frame, as: UTF8.self))", sourceLocation: sourceLocation)
            return true
        }
        let context = Comment(rawValue: String(decoding: frame, as: UTF8.self))
        #expect(scanned.sequenceNumber == fetch.sequenceNumber, context, sourceLocation: sourceLocation)
        var uid: UInt32?, flags: SystemFlags?, date: InternalDate?, size: UInt64?, modSeq: UInt64?
        var preview: [UInt8]??, envelope: Envelope?, structure: BodyStructure?
        for attribute in fetch.attributes {
            switch attribute {
            case .uid(let value): uid = value
            case .flags(let list): flags = systemFlags(list)
            case .internalDate(let value): date = value
            case .rfc822Size(let value): size = value
            case .modSeq(let value): modSeq = value
            case .preview(let data): preview = .some(data)
            case .envelope(let value): envelope = value
            case .bodyStructure(let value): structure = value
            default: Issue.record("scanned an item it does not read: \(attribute)", sourceLocation: sourceLocation)
            }
        }
        #expect(scanned.uid == uid && scanned.flags == flags && scanned.internalDate == date, context, sourceLocation: sourceLocation)
        #expect(scanned.size == size && scanned.modSeq == modSeq, context, sourceLocation: sourceLocation)
        #expect(scanned.hasPreview == (preview != nil), context, sourceLocation: sourceLocation)
        #expect(scanned.preview.map { Array(scanned.bytes($0)) } == preview.flatMap { $0 }, context, sourceLocation: sourceLocation)
        #expect(scanned.hasAttachments == structure?.hasAttachmentParts, context, sourceLocation: sourceLocation)
        #expect((scanned.envelope == nil) == (envelope == nil), context, sourceLocation: sourceLocation)
        if let envelope, let scannedEnvelope = scanned.envelope {
            #expect(scannedEnvelope.date.map { Array(scanned.bytes($0)) } == envelope.date?.bytes, context, sourceLocation: sourceLocation)
            #expect(scannedEnvelope.subject.map { Array(scanned.bytes($0)) } == envelope.subject?.bytes, context, sourceLocation: sourceLocation)
            #expect(addresses(scannedEnvelope.from, in: scanned) == envelope.from.map(fields), context, sourceLocation: sourceLocation)
            #expect(addresses(scannedEnvelope.to, in: scanned) == envelope.to.map(fields), context, sourceLocation: sourceLocation)
            // The first address and the count kept at scan time (a list of one is not read again).
            for (list, parsed) in [(scannedEnvelope.from, envelope.from), (scannedEnvelope.to, envelope.to)] {
                #expect((list?.count ?? 0) == parsed.count, context, sourceLocation: sourceLocation)
                #expect(list?.first.map { fields($0, in: scanned) } == parsed.first.map(fields), context, sourceLocation: sourceLocation)
            }
        }
        // What the connection asks of every FETCH is answered from the scan.
        let decoded = FetchResponse(scanned: scanned)
        #expect(decoded == fetch && decoded.uid == fetch.uid && decoded.hasEnvelope == fetch.hasEnvelope, context, sourceLocation: sourceLocation)
        return true
    }

    static func systemFlags(_ flags: [Flag]) -> SystemFlags {
        var result: SystemFlags = []
        let known: [(Flag, SystemFlags)] = [
            (.seen, .seen), (.answered, .answered), (.flagged, .flagged), (.deleted, .deleted), (.draft, .draft), (.recent, .recent),
            (.forwarded, .forwarded),
        ]
        for (flag, bit) in known where flags.contains(flag) { result.insert(bit) }
        return result
    }

    static func fields(_ address: Address) -> [[UInt8]?] {
        [address.name?.bytes, address.adl?.bytes, address.mailbox?.bytes, address.host?.bytes]
    }

    static func fields(_ address: ScannedAddress, in summary: ScannedSummary) -> [[UInt8]?] {
        [address.name, address.adl, address.mailbox, address.host].map { $0.map { Array(summary.bytes($0)) } }
    }

    static func addresses(_ list: ScannedAddressList?, in summary: ScannedSummary) -> [[[UInt8]?]] {
        guard let list else { return [] }
        var result: [[[UInt8]?]] = []
        summary.forEachAddress(in: list) { address in
            result.append(fields(address, in: summary))
            return true
        }
        return result
    }

    @Test func recordedAnswersAreScannedAsTheParserReadsThem() throws {
        let page = try Self.frames("list-page-50.server")
        #expect(page.filter { Self.agree($0) }.count == 50)  // every message of the page is scanned
        let session = try Self.frames("dovecot-session.server")
        let scanned = session.filter { Self.agree($0) }.count
        #expect(scanned > 0)
        for shape in Self.shapes { Self.agree(Array(shape.utf8)) }
    }

    @Test func handWrittenShapes() throws {
        let taken = Self.shapes.map { SummaryScanner.scan(Array($0.utf8)) != nil }
        // Left to the parser: an attached message, BODY, a section, an item twice.
        #expect(taken == [true, true, true, true, false, true, false, false, false, true, true])
        let attachments = Self.shapes.map { SummaryScanner.scan(Array($0.utf8))?.hasAttachments }
        #expect(attachments == [false, true, false, false, nil, nil, nil, nil, nil, nil, true])
        let second = try #require(SummaryScanner.scan(Array(Self.shapes[1].utf8)))
        #expect(second.flags == [.seen, .flagged])
        #expect(second.envelope?.subject.map { String(decoding: second.bytes($0), as: UTF8.self) } == #"s "q" \"#)
        #expect(Self.addresses(second.envelope?.to, in: second).count == 3)
    }

    /// Every frame, mutated many times (bytes changed, dropped, repeated): the scanner never
    /// traps, and what it accepts the parser reads the same way.
    @Test func mutatedAnswersAgreeWithTheParser() throws {
        let frames = try Self.allFrames()
        var random = SplitMix64(seed: 0x5EED_CAFE)
        let interesting = Array(#" "\(){}~*NILnil0123456789[]"#.utf8) + [0x0D, 0x0A, 0x00, 0x7F, 0x80, 0xC3, 0xED, 0xFF]
        var accepted = 0
        var tried = 0
        for frame in frames where frame.count > 3 {
            for _ in 0..<60 {
                var mutated = frame
                for _ in 0..<(1 + Int(random.next() % 3)) {
                    let index = Int(random.next() % UInt64(mutated.count))
                    switch random.next() % 4 {
                    case 0: mutated[index] = interesting[Int(random.next() % UInt64(interesting.count))]
                    case 1: mutated.remove(at: index)
                    case 2: mutated.insert(interesting[Int(random.next() % UInt64(interesting.count))], at: index)
                    default:
                        let end = min(mutated.count, index + 1 + Int(random.next() % 12))
                        mutated.insert(contentsOf: mutated[index..<end], at: index)
                    }
                    if mutated.isEmpty { mutated = [0x2A] }
                }
                tried += 1
                if Self.agree(mutated) { accepted += 1 }
            }
        }
        // Most mutations break the grammar; enough survive to test the agreement.
        #expect(accepted > tried / 20, "\(accepted) of \(tried) scanned")
    }
}
