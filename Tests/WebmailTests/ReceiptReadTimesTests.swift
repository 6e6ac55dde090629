import Foundation
import Testing
@testable import Webmail

/// Schema step 6 (issue 33): the first time each recipient's copy was seen read, on both engines;
/// a later lookup keeps the first time, and another instance sees it.
@Suite struct ReceiptReadTimesTests {
    @Test(arguments: TestEngine.available)
    func theFirstTimeSeenReadStaysAndIsShared(engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let one = ReceiptReadTimes(store: try fixture.makeStore())
            let other = ReceiptReadTimes(store: try fixture.makeStore())
            let id = "<\(UUID().uuidString)@zioinfo.co.kr>"
            let first = Date(timeIntervalSince1970: 1_800_000_000)
            #expect(try await one.times(sender: "ythong@zioinfo.co.kr", messageID: id).isEmpty)
            let recorded = try await one.record(sender: "Ythong@zioinfo.co.kr", messageID: id, readBy: ["Info@zioinfo.co.kr"], now: first)
            #expect(recorded == ["info@zioinfo.co.kr": first])
            let later = try await other.record(sender: "ythong@zioinfo.co.kr", messageID: id,
                                               readBy: ["info@zioinfo.co.kr", "admin@zioinfo.co.kr"], now: first.addingTimeInterval(60))
            #expect(later == ["info@zioinfo.co.kr": first, "admin@zioinfo.co.kr": first.addingTimeInterval(60)])
            // Another sender's message of the same id is another record.
            #expect(try await one.times(sender: "info@zioinfo.co.kr", messageID: id).isEmpty)
        }
    }
}
