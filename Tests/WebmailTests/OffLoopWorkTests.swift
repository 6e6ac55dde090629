import Dispatch
import NIOCore
import NIOPosix
import Testing
@testable import Webmail

/// CPU work of a request runs on the blocking pool, and the wait for it has a deadline (issue 23).
@Suite struct OffLoopWorkTests {
    @Test func runsOffTheEventLoopsAndReturnsTheResult() async throws {
        let onLoop = try await OffLoopWork.run { MultiThreadedEventLoopGroup.currentEventLoop != nil }
        #expect(!onLoop)
        #expect(try await OffLoopWork.run { (1...100).reduce(0, +) } == 5050)
    }

    /// A job that does not end in time answers busy (503) at the deadline; the job is left to finish.
    @Test func aJobPastItsDeadlineIsBusy() async throws {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let release = DispatchSemaphore(value: 0)
        await #expect(throws: MailStoreError.self) {
            try await OffLoopWork.run(deadline: .milliseconds(100), pool: pool) { release.wait() }
        }
        release.signal()
        try await pool.shutdownGracefully()
    }
}
