import NIOConcurrencyHelpers

/// What `outcome(of:within:)` saw first: the body's value, or the deadline.
enum DeadlineOutcome<Value: Sendable>: Sendable {
    case value(Value)
    case timedOut
}

/// `body`'s value (or its error), or `.timedOut` once `limit` has passed, whichever comes
/// first; throws `CancellationError` as soon as the caller is cancelled.
///
/// Why not a task group: a task group waits for ALL its children before it returns, so a body
/// that ignores cancellation (a postgres-nio query on a silent connection, a `Task.value`) kept
/// the old group-based deadlines from ever returning (CI's WebmailTests stalls). Here the body
/// runs in an unstructured task that is cancelled and then left to finish on its own: nobody
/// waits for it.
func outcome<Value: Sendable>(
    of body: @escaping @Sendable () async throws -> Value, within limit: Duration
) async throws -> DeadlineOutcome<Value> {
    let race = DeadlineRaceBox<DeadlineOutcome<Value>>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            race.wait(continuation)
            let work = Task {
                do { race.finish(.success(.value(try await body()))) } catch { race.finish(.failure(error)) }
            }
            let timer = Task {
                // Cancelled once the body has finished: then it must not report a timeout.
                guard (try? await Task.sleep(for: limit)) != nil else { return }
                race.finish(.success(.timedOut))
            }
            race.onFinish([work, timer])
        }
    } onCancel: {
        race.finish(.failure(CancellationError()))
    }
}

/// The one continuation of a race, resumed exactly once by whoever finishes first (body, timer
/// or the caller's cancellation, which may come before the continuation exists); then cancels
/// the tasks of the race.
private final class DeadlineRaceBox<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var result: Result<Value, any Error>?
        var tasks: [Task<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())

    func wait(_ continuation: CheckedContinuation<Value, any Error>) {
        let early = state.withLockedValue { state -> Result<Value, any Error>? in
            if let result = state.result { return result }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func finish(_ result: Result<Value, any Error>) {
        let (continuation, tasks) = state.withLockedValue { state -> (CheckedContinuation<Value, any Error>?, [Task<Void, Never>]) in
            guard state.result == nil else { return (nil, []) }
            state.result = result
            defer { state.continuation = nil; state.tasks = [] }
            return (state.continuation, state.tasks)
        }
        continuation?.resume(with: result)
        for task in tasks { task.cancel() }
    }

    func onFinish(_ tasks: [Task<Void, Never>]) {
        let finished = state.withLockedValue { state -> Bool in
            if state.result != nil { return true }
            state.tasks += tasks
            return false
        }
        if finished { for task in tasks { task.cancel() } }
    }
}
