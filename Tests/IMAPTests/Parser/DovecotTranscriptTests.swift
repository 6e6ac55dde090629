import Foundation
import IMAP
import Testing

/// Byte-exact server streams captured from our Dovecot (Tests/Fixtures/imap, made by
/// capture_dovecot.py), replayed through the decoder in many chunkings.
@Suite struct DovecotTranscriptTests {
    static let fixtures = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/imap")

    static func load(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    static func responses(_ events: [ResponseEvent]) -> [Response] {
        events.compactMap { if case .response(let response) = $0 { return response } else { return nil } }
    }

    @Test func sessionDecodesIdenticallyInEveryChunking() throws {
        let input = try Self.load("dovecot-session.server")
        let reference = try DecoderHarness.decode(input, chunks: [])
        for sizes in [[1], [2], [3], [7], [64], [1000], [5, 1, 13, 2]] {
            #expect(try DecoderHarness.decode(input, chunks: sizes) == reference, "chunks \(sizes)")
        }
    }

    /// Every response of every captured transcript, cut at every position (and byte by byte),
    /// decodes as it does whole (issue 24). The decoder holds nothing between two responses, so
    /// this covers every two-piece chunking of the whole transcript in time linear in each
    /// response's size squared rather than the transcript's.
    @Test(arguments: ["dovecot-session.server", "dovecot-starttls.server", "list-page-50.server"])
    func everyResponseDecodesTheSameCutAnywhere(_ fixture: String) throws {
        let stream = try Self.load(fixture)
        let responses = try DecoderHarness.responses(in: stream)
        #expect(responses.count > 3)
        var all: [ResponseEvent] = []
        for response in responses {
            let whole = try DecoderHarness.decode(response, chunks: [])
            all += whole
            for (name, run) in DecoderHarness.allChunkings(response) {
                guard try run() != whole else { continue }
                Issue.record("\(fixture), the response \(String(decoding: response.prefix(40), as: UTF8.self).debugDescription)…: \(name) differs")
                return
            }
        }
        #expect(all == (try DecoderHarness.decode(stream, chunks: [])))
    }

    @Test func sessionContent() throws {
        let events = try DecoderHarness.decode(try Self.load("dovecot-session.server"), chunks: [])
        let all = Self.responses(events)
        let untaggedResponses = all.compactMap { if case .untagged(let u) = $0 { return u } else { return nil } }
        let tags = all.compactMap { if case .tagged(let t) = $0 { return t } else { return nil } }
        #expect(tags.count == 28)
        #expect(tags.last?.status == .ok)  // LOGOUT
        // The SELECT of a missing folder failed with a NO.
        #expect(tags.contains { $0.status == .no })

        let lists = untaggedResponses.compactMap { if case .list(let e) = $0 { return e } else { return nil } }
        #expect(Set(lists.compactMap(\.role)) == [.inbox, .drafts, .sent, .trash, .junk])
        #expect(lists.contains { $0.name.displayName == "프로젝트" })

        let fetches = untaggedResponses.compactMap { if case .fetch(let f) = $0 { return f } else { return nil } }
        let summaries = fetches.compactMap(MessageSummary.init).filter { $0.envelope != nil }
        #expect(summaries.count == 4)
        let report = try #require(summaries.first { $0.envelope?.subject?.utf8String == "Report with attachment" })
        #expect(report.hasAttachments)
        #expect(report.bodyStructure?.parts().map(\.section.description) == ["1.1", "1.2", "2"])
        #expect(report.envelope?.to.count == 5)  // Bob, group start, carol, dave, group end
        let korean = try #require(summaries.first { $0.envelope?.messageID?.utf8String == "<korean-1@example.com>" })
        #expect(korean.envelope?.subject?.utf8String == "=?UTF-8?B?7ZqM7J2YIOydvOyglSDslYjrgrQ=?=")
        let nested = try #require(summaries.first { $0.envelope?.subject?.utf8String == "Fwd: nested" })
        #expect(nested.bodyStructure?.parts().map(\.section.description) == ["1", "2", "2.1"])

        #expect(untaggedResponses.contains(.namespace(NamespaceResponse(personal: [Namespace(prefix: MailboxName(wireBytes: []), delimiter: "/")]))))
        #expect(untaggedResponses.contains { if case .extendedSearch(let e) = $0 { return e.count == 4 } else { return false } })
        #expect(tags.contains { if case .appendUID = $0.text.code { return true } else { return false } })
        #expect(untaggedResponses.contains { if case .status(.ok, let t) = $0, case .copyUID = t.code { return true } else { return false } })
    }

    @Test func startTLSAndFailedLogin() throws {
        let input = try Self.load("dovecot-starttls.server")
        // The bytes after STARTTLS's OK were decrypted by the capture script: one stream.
        let events = try DecoderHarness.decode(input, chunks: [3])
        let tags = Self.responses(events).compactMap { if case .tagged(let t) = $0 { return t } else { return nil } }
        #expect(tags.map(\.status) == [.ok, .ok, .ok, .no, .ok])
        #expect(tags[3].text.code == .authenticationFailed)
    }
}
