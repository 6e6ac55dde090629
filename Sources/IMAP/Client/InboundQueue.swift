import Synchronization

/// Hands what the decoder produced on the event loop to the connection's actor.
///
/// NIOAsyncChannel's inbound stream did this before, but its iterator is not isolated to the
/// reading actor: every read left the actor and came back, two extra trips through the
/// executor's queue per socket read (a list page reads 6–20 times). Here a reader waiting on
/// the actor is resumed straight onto it.
///
/// Back-pressure: once ``highWater`` reads wait unconsumed (a streamed attachment read faster
/// than the HTTP client takes it), the decoder stops asking the socket for more
/// (``holdReadIfFull()``) until the reader has taken them down to ``lowWater``.
final class InboundQueue: Sendable {
    static let highWater = 8
    static let lowWater = 2

    private enum Taken {
        case event(InboundEvent, resume: Bool)
        case end((any Error)?)
        case none
    }

    private struct State {
        var events = FIFOBuffer<InboundEvent>()
        var waiter: CheckedContinuation<InboundEvent?, any Error>?
        /// Set once: nil for an orderly close, the error otherwise.
        var end: (any Error)??
        var readHeld = false

        var count: Int { events.count }

        /// The next event (and whether held reads may resume), or the end, or nothing yet.
        mutating func take() -> Taken {
            if count > 0 {
                let event = events.removeFirst()
                let resume = readHeld && count <= InboundQueue.lowWater
                if resume { readHeld = false }
                return .event(event, resume: resume)
            }
            if let end { return .end(end) }
            return .none
        }
    }

    private let state = Mutex(State())

    /// Adds an event, or gives it to the waiting reader. Safe from any thread.
    func push(_ event: InboundEvent) {
        let waiter = state.withLock { state -> CheckedContinuation<InboundEvent?, any Error>? in
            guard state.end == nil else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.events.append(event)
            return nil
        }
        waiter?.resume(returning: event)
    }

    /// Ends the queue: the reader gets what is queued, then nil (`error` nil) or the error.
    func finish(_ error: (any Error)?) {
        let waiter = state.withLock { state -> CheckedContinuation<InboundEvent?, any Error>? in
            guard state.end == nil else { return nil }
            state.end = .some(error)
            defer { state.waiter = nil }
            return state.waiter
        }
        guard let waiter else { return }
        if let error { waiter.resume(throwing: error) } else { waiter.resume(returning: nil) }
    }

    /// Whether decoded responses wait unconsumed (wake-ups of the connection itself don't count).
    var hasResponses: Bool {
        state.withLock { state in
            state.events.contains { if case .responses(let events) = $0 { !events.isEmpty } else { false } }
        }
    }

    /// Whether the socket may be read: false (and remembered) while too much waits.
    func holdReadIfFull() -> Bool {
        state.withLock { state in
            state.readHeld = state.count >= Self.highWater
            return state.readHeld
        }
    }

    /// The next event, waiting on the caller's actor for one; nil once the channel closed.
    /// `resumeReading` runs when the decoder held the socket's reads and may read again.
    func next(
        isolation: isolated (any Actor)? = #isolation, resumeReading: @Sendable () -> Void
    ) async throws -> InboundEvent? {
        switch state.withLock({ $0.take() }) {
        case .event(let event, let resume):
            if resume { resumeReading() }
            return event
        case .end(let error):
            if let error { throw error }
            return nil
        case .none:
            return try await withCheckedThrowingContinuation(isolation: isolation) { continuation in
                let taken = state.withLock { state -> Taken in
                    let taken = state.take()
                    if case .none = taken { state.waiter = continuation }
                    return taken
                }
                switch taken {
                case .event(let event, let resume):
                    if resume { resumeReading() }
                    continuation.resume(returning: event)
                case .end(let error):
                    if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: nil) }
                case .none:
                    break
                }
            }
        }
    }
}
