import NIOConcurrencyHelpers
import Testing
@testable import Webmail

/// `withStateDeadline` (on `outcome(of:within:)`) returns at its limit even when the body
/// ignores cancellation: the old task-group race waited for such a body forever (CI stalls).
@Suite struct DeadlineTests {
    // The bodies wait on a `Signal`, which ignores cancellation like a postgres-nio query on a
    // silent connection; each test fires it at its end.
    struct Failure: Error, Equatable {}

    @Test func aBodyIgnoringCancellationIsUnavailableAtTheLimit() async throws {
        let gate = Signal()
        defer { gate.fire() }
        let start = ContinuousClock.now
        await #expect(throws: StateStoreError.self) {
            try await withStateDeadline(.milliseconds(200)) { await gate.wait(); return 1 }
        }
        // A correctness bound for a loaded machine: the point is that it does not wait for the
        // body, which ends only when the test does.
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test func aResultPassesThrough() async throws {
        #expect(try await withStateDeadline(.seconds(60)) { "결과" } == "결과")
    }

    @Test func anErrorPassesThrough() async {
        await #expect(throws: Failure.self) {
            try await withStateDeadline(.seconds(60)) { () async throws -> Int in throw Failure() }
        }
    }

    @Test func theCallersCancellationPassesThroughAndCancelsTheBody() async {
        let gate = Signal()
        defer { gate.fire() }
        let bodyCancelled = NIOLockedValueBox(false)
        let started = Signal()
        let caller = Task {
            try await withStateDeadline(.seconds(3600)) { () async throws -> Int in
                started.fire()
                await withTaskCancellationHandler {
                    await gate.wait()
                } onCancel: {
                    bodyCancelled.withLockedValue { $0 = true }
                }
                return 1
            }
        }
        await started.wait()
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
        #expect(bodyCancelled.withLockedValue { $0 })
    }

    @Test func aCallerCancelledBeforehandGetsCancellationError() async {
        let caller = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await withStateDeadline(.seconds(3600)) { () async throws -> Int in
                try await Task.sleep(for: .seconds(3600))
                return 1
            }
        }
        await #expect(throws: CancellationError.self) { try await caller.value }
    }

    @Test func mailServerStatusFirstGivesTheFallbackForAWorkIgnoringCancellation() async {
        let gate = Signal()
        defer { gate.fire() }
        let up = await MailServerStatus.first(of: { await gate.wait(); return true }, or: false, after: .milliseconds(100))
        #expect(up == false)
        #expect(await MailServerStatus.first(of: { true }, or: false, after: .seconds(60)))
    }
}
