import Synchronization
import Testing
@testable import IMAP

/// The hand-over from the event loop to the connection: order, end, error, back-pressure.
@Suite struct InboundQueueTests {
    /// How often the queue asked for the socket's reads to go on.
    final class Resumptions: Sendable {
        let count = Mutex(0)
        var value: Int { count.withLock { $0 } }
    }

    actor Reader {
        func next(_ queue: InboundQueue, resumed: Resumptions) async throws -> InboundEvent? {
            try await queue.next { resumed.count.withLock { $0 += 1 } }
        }
    }

    @Test func eventsComeInOrderThenTheEnd() async throws {
        let queue = InboundQueue()
        let reader = Reader()
        let resumed = Resumptions()
        queue.push(.deadline(1))
        queue.push(.interrupt)
        queue.finish(nil)
        queue.push(.deadline(2))  // after the end: dropped
        guard case .deadline(1) = try await reader.next(queue, resumed: resumed) else { Issue.record("first"); return }
        guard case .interrupt = try await reader.next(queue, resumed: resumed) else { Issue.record("second"); return }
        #expect(try await reader.next(queue, resumed: resumed) == nil)
    }

    @Test func aWaitingReaderGetsThePushedEventOrTheError() async throws {
        let queue = InboundQueue()
        let reader = Reader()
        let resumed = Resumptions()
        async let first = reader.next(queue, resumed: resumed)
        // The reader may or may not be waiting yet; either way it gets the event.
        queue.push(.deadline(7))
        guard case .deadline(7) = try await first else { Issue.record("pushed event"); return }
        async let second = reader.next(queue, resumed: resumed)
        queue.finish(IMAPError.connectionClosed("gone"))
        let ended: Result<InboundEvent?, any Error>
        do { ended = .success(try await second) } catch { ended = .failure(error) }
        guard case .failure(let error) = ended, error is IMAPError else { Issue.record("expected the error, got \(ended)"); return }
    }

    @Test func readsAreHeldWhileFullAndResumedWhenDrained() async throws {
        let queue = InboundQueue()
        let reader = Reader()
        let resumed = Resumptions()
        for id in 0..<UInt64(InboundQueue.highWater - 1) { queue.push(.deadline(id)) }
        #expect(!queue.holdReadIfFull())
        queue.push(.deadline(99))
        #expect(queue.holdReadIfFull())
        for _ in 0..<(InboundQueue.highWater - InboundQueue.lowWater - 1) { _ = try await reader.next(queue, resumed: resumed) }
        #expect(resumed.value == 0)
        _ = try await reader.next(queue, resumed: resumed)  // down to lowWater: reads may go on
        #expect(resumed.value == 1)
        _ = try await reader.next(queue, resumed: resumed)
        #expect(resumed.value == 1)
    }
}
