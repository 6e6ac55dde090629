import Foundation
import Testing
@testable import MIME

@Suite struct MailDateTests {
    /// 2026-11-25 01:12:29 UTC.
    static let instant = Date(timeIntervalSince1970: 1_795_569_149)

    @Test(arguments: [
        "Wed, 25 Nov 2026 10:12:29 +0900",
        "25 Nov 2026 10:12:29 +0900",
        "Wed, 25 Nov 2026 01:12:29 GMT",
        "Wed, 25 Nov 2026 01:12:29 UT",
        "Wed,25 Nov 2026 10:12:29 +09:00",
        "Wed, 25 Nov 2026 10:12:29 +0900 (KST)",
        "Wed, 25 Nov 2026 10:12:29 KST",
        "Tue, 24 Nov 2026 20:12:29 -0500",
        "Tue, 24 Nov 2026 20:12:29 EST",
        "Wed Nov 25 01:12:29 2026",
        "2026-11-25T10:12:29+09:00",
        "2026-11-25 01:12:29Z",
        "25-Nov-2026 01:12:29 +0000",
    ])
    func parsesForms(_ value: String) {
        #expect(MailDate.parse(value) == Self.instant, "\(value)")
    }

    /// Raw header bytes (an IMAP ENVELOPE date) read as their UTF-8 text would be.
    @Test func bytesReadLikeTheirText() {
        let values: [[UInt8]] = [
            Array("Wed, 25 Nov 2026 10:12:29 +0900".utf8), Array("25 Nov 2026 10:12:29 +0900 (KST)".utf8),
            Array("Wed, 25 Nov 2026 10:12:29 KST".utf8), Array("2026-11-25T10:12:29+09:00".utf8), Array("yesterday".utf8),
            Array("Wed, 25 Nov 2026 10:12:29 +0900 (한국 표준시)".utf8), [0x32, 0x35, 0x20, 0xFF, 0x4E], [],
            Array(repeating: 0x20, count: 300) + Array("25 Nov 2026 10:12:29 +0900".utf8),
        ]
        for value in values {
            #expect(MailDate.parse(bytes: value[...]) == MailDate.parse(String(decoding: value, as: UTF8.self)), "\(value)")
        }
        #expect(MailDate.parse(bytes: Array("Wed, 25 Nov 2026 10:12:29 +0900".utf8)[...]) == Self.instant)
    }

    @Test func twoDigitYearsAndMissingSeconds() {
        #expect(MailDate.parse("Wed, 25 Nov 26 01:12 +0000") == Date(timeIntervalSince1970: 1_795_569_120))
        #expect(MailDate.parse("Sat, 1 Jan 99 00:00:00 +0000") == Date(timeIntervalSince1970: 915_148_800))
    }

    @Test(arguments: ["", "yesterday", "Wed, 32 Nov 2026 10:00:00 +0900", "Wed, 25 Nov 2026 25:00:00", "1:2:3:4", "Nov"])
    func unreadableIsNil(_ value: String) {
        #expect(MailDate.parse(value) == nil)
    }

    @Test func formatterRoundTrips() {
        let text = MailDate.format(Self.instant, timeZone: TimeZone(secondsFromGMT: 9 * 3600)!)
        #expect(text == "Wed, 25 Nov 2026 10:12:29 +0900")
        #expect(MailDate.parse(text) == Self.instant)
    }

    /// The byte-level fast path for the strict form must agree with the general reader: on
    /// dates formatted across years and zones, and on near-misses that the fast path hands on.
    @Test func strictFastPathAgreesWithGeneralReader() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let seconds = Int(state >> 33) % 4_000_000_000 - 1_000_000_000
            let zone = (Int(state >> 20) % 57 - 28) * 1800
            let text = MailDate.format(Date(timeIntervalSince1970: TimeInterval(seconds)), timeZone: try #require(TimeZone(secondsFromGMT: zone)))
            #expect(RFC5322DateScanner.secondsSince1970(text) == seconds, "\(text)")
            #expect(MailDate.parseGeneral(text) == Date(timeIntervalSince1970: TimeInterval(seconds)), "\(text)")
        }
        let nearMisses = [
            "Wed, 25 Nov 2026 10:12:29 GMT", "Wed, 25 November 2026 10:12:29 +0900", "Wed, 25 Nov 26 10:12:29 +0900",
            "Wed, 25 Nov 2026 1:12:29 +0900", "Wed, 25 Nov 2026 10:12:29 +09:00", "Wed, 25 Nov 2026 10:12:29",
            "Nov, 25 Dec 2026 10:12:29 +0900", "Wed, 25 Nov 2026 10:12:29 +0900 (KST) x", "25-Nov-2026 10:12:29 +0900",
            "Wed, 25 Nov 2026 10:12:29 +0900 ((nested))", "Wed, 25 Nov 2026 10:12:29 +0900 (unterminated",
            "Wed, 0 Nov 2026 10:12:29 +0900", "Wed, 25 Nov 2026 10:12:61 +0900", "Wed, 25 Nov 2026 10:12:29 +1500",
        ]
        for text in nearMisses {
            if let fast = RFC5322DateScanner.secondsSince1970(text) {
                #expect(MailDate.parseGeneral(text) == Date(timeIntervalSince1970: TimeInterval(fast)), "\(text)")
            }
            #expect(MailDate.parse(text) == MailDate.parseGeneral(text), "\(text)")
        }
    }

    @Test func iso8601MatchesFoundation() {
        let reference = ISO8601DateFormatter()
        reference.timeZone = TimeZone(secondsFromGMT: 0)
        var samples = [0, 1_795_569_149, -86_401, -86_400, -1, 951_782_400, 4_102_444_799, 1_795_569_149]
        // And 2,000 instants spread over the years 1583–9999 (the day and second arithmetic by
        // hand; Foundation counts earlier dates in the Julian calendar, mail never has them).
        var state: UInt64 = 7
        for _ in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            samples.append(-12_212_553_600 + Int((state >> 11) % 265_614_854_399))
        }
        for seconds in samples {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds) + 0.75)
            #expect(MailDate.formatISO8601(date) == reference.string(from: date))
        }
        #expect(MailDate.formatISO8601(Self.instant) == "2026-11-25T01:12:29Z")
    }
}
