import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// The one task per instance that sends what the outbox holds: it sends what is due (at start:
/// what fell due while the server was down), then sleeps until the next due time or lease end,
/// or until an entry is added or moved (a notice on `.outbox`: PostgreSQL NOTIFY from any
/// instance, an in-process signal on SQLite). It never polls: with an empty outbox it sleeps
/// `idleCheck` at a time (a safety net for a notice lost with PostgreSQL's connection, which the
/// `.resynchronize` notice covers too).
struct OutboxScanner: Service {
    let outbox: Outbox
    let logger: Logger
    var idleCheck: Duration = .seconds(300)
    /// After a failure of the state store, before the next look.
    var retryPause: Duration = .seconds(5)

    func run() async throws {
        let waker = OutboxWaker()
        let notices = outbox.store.store.notices(on: .outbox)
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    for await _ in notices { waker.wake() }
                }
                await self.scan(waker)
                group.cancelAll()
            }
        }
    }

    private func scan(_ waker: OutboxWaker) async {
        var lastSweep = Date.distantPast
        while !Task.isCancelled {
            var pause = idleCheck
            do {
                // Housekeeping rides on the wake-ups (at least every `idleCheck`): no timer of its own.
                if Date().timeIntervalSince(lastSweep) >= Outbox.sweepInterval {
                    try await outbox.sweep()
                    lastSweep = Date()
                }
                try await outbox.sendDue()
                if let next = try await outbox.store.nextWake() {
                    let wait = max(0, next.timeIntervalSinceNow)
                    pause = min(idleCheck, .milliseconds(Int64((wait * 1000).rounded(.up)) + 5))
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("the outbox could not be scanned", metadata: ["error": "\(error)"])
                pause = retryPause
            }
            await waker.wait(upTo: pause)
        }
    }
}

/// A wake-up call that is not lost when it comes before the wait (it is kept for the next one).
final class OutboxWaker: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = NIOLockedValueBox(State())

    func wake() {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.pending = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns on a wake-up, after `limit`, or when the task is cancelled.
    func wait(upTo limit: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: limit) }
            group.addTask { await self.waitForWake() }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForWake() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLockedValue { state -> Bool in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            // Resumes the waiter, or (cancelled before it waited) leaves a wake-up it takes at once.
            wake()
        }
    }
}
