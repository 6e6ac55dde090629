import Foundation
import ManageSieve
import Testing

/// The byte-exact server side of a session with our Dovecot's managesieved
/// (Tests/Fixtures/managesieve, made by capture_dovecot.py), decoded under every chunking.
@Suite struct DovecotTranscriptTests {
    static let fixtures = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/managesieve")

    static func session() throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent("dovecot-session.server")))
    }

    @Test func sessionContent() throws {
        let responses = try DecoderHarness.decode(try Self.session(), chunks: [])
        #expect(responses.count == 21)
        let greeting = ManageSieveCapabilities(lines: responses[0].lines)
        #expect(greeting.offersStartTLS)
        #expect(greeting.implementation == "Dovecot (Debian) Pigeonhole")
        #expect(greeting.sieveExtensions.isSuperset(of: ["fileinto", "vacation", "date", "relational", "imap4flags", "copy", "mailbox", "vacation-seconds"]))
        #expect(greeting.saslMechanisms.contains("PLAIN"))
        #expect(!ManageSieveCapabilities(lines: responses[2].lines).offersStartTLS)
        #expect(responses[3] == .init(status: .no, text: "Authentication failed."))
        #expect(ManageSieveCapabilities(lines: responses[5].lines).maximumRedirects == 4)
        // PUTSCRIPT of a broken script: the errors as a literal.
        #expect(responses[7].status == .no)
        #expect(responses[7].text?.contains("line 4: error") == true)
        let listing = responses[11].lines
        #expect(listing.contains([.string(Array("fixture 1".utf8)), .atom("ACTIVE")]))
        #expect(listing.contains([.string(Array("fixture \"2\"".utf8))]))
        #expect(responses[12].lines.first?.first?.text.contains("\"견적\"") == true)
        #expect(responses[13].code?.name == "NONEXISTENT")
        #expect(responses[14].code?.name == "QUOTA/MAXSIZE")
        #expect(responses[15].code?.name == "ACTIVE")
        #expect(responses[19].code == .init(name: "TAG", arguments: [.string(Array("tag-1".utf8))]))
        #expect(responses.last == .init(status: .ok, text: "Logout completed."))
    }

    /// Cut in two at every position, and in many regular chunk sizes: the same responses.
    @Test func everyChunkingDecodesTheSame() throws {
        let stream = try Self.session()
        let whole = try DecoderHarness.decode(stream, chunks: [])
        for sizes in [[1], [2], [3], [7], [64], [5, 1, 13, 2]] {
            #expect(try DecoderHarness.decode(stream, chunks: sizes) == whole, "chunks \(sizes)")
        }
        for cut in 1..<stream.count {
            let pieces = try DecoderHarness.decode(stream, chunks: [cut, stream.count])
            if pieces != whole {
                Issue.record("cut at \(cut) differs")
                return
            }
        }
    }
}
