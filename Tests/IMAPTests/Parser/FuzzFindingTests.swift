import Foundation
import IMAP
import Testing

/// Inputs the fuzzer (fuzz/imap) once flagged, replayed the way it feeds them: decoded whole and
/// split at the point the first byte picks; both must give the same events, or both fail.
/// Tests/Fixtures/imap/fuzz-findings holds them; fuzz/imap/make-seeds.py adds them to its seeds.
///
/// - skipped-literal-in-unknown-response.bin: an unknown untagged response with a literal, which
///   the parser skips. Under AddressSanitizer (release, `-sanitize=fuzzer,address`) copying the
///   skipped literal into an array that was thrown away was reported as a heap use after free;
///   a normal build decodes it without fault. The literal is now skipped as a slice (no copy),
///   and 3.1 million fuzz runs found nothing more.
@Suite struct FuzzFindingTests {
    static let findings = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/imap/fuzz-findings")

    static func decode(_ chunks: [[UInt8]], limits: ResponseLimits) -> [ResponseEvent]? {
        var decoder = ResponseDecoder(limits: limits)
        var events: [ResponseEvent] = []
        do {
            for chunk in chunks { events += try decoder.decode(chunk) }
        } catch {
            return nil
        }
        return events
    }

    @Test func findingsDecodeAlikeWholeAndSplit() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.findings.path).filter { $0.hasSuffix(".bin") }
        #expect(!names.isEmpty)
        for name in names {
            let input = Array(try Data(contentsOf: Self.findings.appendingPathComponent(name)))
            for limits in [ResponseLimits(maximumFrameSize: 1 << 16, streamingThreshold: 16), ResponseLimits()] {
                let split = Int(input[0]) % input.count
                let whole = Self.decode([input], limits: limits)
                let pieces = Self.decode([Array(input[..<split]), Array(input[split...])], limits: limits)
                #expect(whole == pieces, "\(name)")
            }
        }
    }
}
