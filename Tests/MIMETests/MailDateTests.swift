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
}
