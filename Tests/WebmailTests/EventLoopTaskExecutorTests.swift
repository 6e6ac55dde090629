import NIOCore
import NIOPosix
import Testing
@testable import Webmail

/// The server's tasks run on the event loop whose I/O resumed them (`zioinfo-mail serve` runs
/// everything under this preference; the list page's speed depends on it).
@Suite struct EventLoopTaskExecutorTests {
    /// A default actor standing in for the IMAP connection and the pool.
    actor Counter {
        var value = 0
        func increment() -> (Int, EventLoop?) {
            value += 1
            return (value, MultiThreadedEventLoopGroup.currentEventLoop)
        }
    }

    @Test func aTaskResumedByAnEventLoopContinuesOnThatLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = Array(group.makeIterator())
        let executor = EventLoopTaskExecutor(group: group)
        try await withTaskExecutorPreference(executor) {
            for target in loops + loops.reversed() + loops {
                let here = try #require(MultiThreadedEventLoopGroup.currentEventLoop)
                // A promise of `target`, as a channel read completes one there. It is completed
                // by a job queued behind this one on `here`, so only once this task has suspended.
                let promise = target.makePromise(of: Int.self)
                here.execute { promise.succeed(42) }
                #expect(try await promise.futureResult.get() == 42)
                #expect(MultiThreadedEventLoopGroup.currentEventLoop === target)
            }
        }
        try await group.shutdownGracefully()
    }

    @Test func workStartedOffTheLoopsRunsOnOneOfThem() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = Array(group.makeIterator())
        await withTaskExecutorPreference(EventLoopTaskExecutor(group: group)) {
            let current = MultiThreadedEventLoopGroup.currentEventLoop
            #expect(current != nil && loops.contains { $0 === current })
        }
        try await group.shutdownGracefully()
    }

    @Test func actorsAndChildTasksInheritIt() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = Array(group.makeIterator())
        let counter = Counter()
        try await withTaskExecutorPreference(EventLoopTaskExecutor(group: group)) {
            // Child tasks (Hummingbird's per-connection tasks are ones) keep the preference,
            // and a default actor's code runs on the caller's preferred executor.
            try await withThrowingTaskGroup(of: EventLoop?.self) { tasks in
                for _ in 0..<20 {
                    tasks.addTask { await counter.increment().1 }
                }
                for try await loop in tasks {
                    #expect(loop != nil && loops.contains { $0 === loop })
                }
            }
        }
        #expect(await counter.value == 20)
        try await group.shutdownGracefully()
    }
}
