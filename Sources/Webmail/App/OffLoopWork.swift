import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// CPU-heavy work of a request — parsing a fetched message, mapping it, rewriting its HTML —
/// runs here, on NIO's blocking thread pool, never on an event loop.
///
/// The server prefers `EventLoopTaskExecutor`, so handler code runs on the event loops: a
/// message that takes a second to parse there would hold up every other connection of that
/// loop (`/health` included) for that second. On the pool it holds up only its own request.
///
/// The wait is bounded: a job not finished by `deadline` (the pool is busy with other users'
/// big mail, or a message hits a worst case) ends the request with `MailStoreError.busy` (503);
/// the job itself runs to its end on the pool (its work is bounded by MIME's limits) and its
/// result is dropped.
enum OffLoopWork {
    /// Long enough for the largest message MIME accepts (under 2 s, bench/poison-mail) even with
    /// a few of them queued; short enough that a stuck request answers.
    static let defaultDeadline = TimeAmount.seconds(15)

    private struct DeadlineExceeded: Error {}

    static func run<T: Sendable>(
        deadline: TimeAmount = defaultDeadline, pool: NIOThreadPool = .singleton, timer: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        _ work: @escaping @Sendable () -> T
    ) async throws(MailStoreError) -> T {
        do {
            return try await resumed(deadline: deadline, pool: pool, timer: timer, work)
        } catch {
            throw .busy
        }
    }

    private static func resumed<T: Sendable>(
        deadline: TimeAmount, pool: NIOThreadPool, timer: any EventLoopGroup, _ work: @escaping @Sendable () -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            // Whichever comes first, the job's end or the deadline, resumes; the other finds nil.
            let pending = NIOLockedValueBox<CheckedContinuation<T, any Error>?>(continuation)
            let timeout = timer.next().scheduleTask(in: deadline) {
                pending.withLockedValue { $0.take() }?.resume(throwing: DeadlineExceeded())
            }
            pool.submit { state in
                let result: Result<T, any Error> = .active == state ? .success(work()) : .failure(NIOThreadPoolError.ThreadPoolInactive())
                guard let continuation = pending.withLockedValue({ $0.take() }) else { return }
                timeout.cancel()
                continuation.resume(with: result)
            }
        }
    }
}
