import Foundation
import NIOConcurrencyHelpers

/// Hands every notice of a channel to that channel's subscribers in this process (the SQLite
/// engine's whole notification system; the PostgreSQL engine's fan-out of what it hears).
final class NoticeHub: Sendable {
    private let subscribers = NIOLockedValueBox<[UUID: (StateChannel, AsyncStream<StateNotice>.Continuation)]>([:])

    /// A new subscription; its first notice is `.resynchronize`.
    func subscribe(_ channel: StateChannel) -> AsyncStream<StateNotice> {
        let (stream, continuation) = AsyncStream<StateNotice>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        let id = UUID()
        continuation.yield(.resynchronize)
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLockedValue { $0.removeValue(forKey: id) }
        }
        subscribers.withLockedValue { $0[id] = (channel, continuation) }
        return stream
    }

    func deliver(_ notice: StateNotice, on channel: StateChannel) {
        let targets = subscribers.withLockedValue { $0.values.filter { $0.0 == channel }.map(\.1) }
        for continuation in targets { continuation.yield(notice) }
    }

    /// Every channel's subscribers reload (after a gap in which notices may have been lost).
    func resynchronizeAll() {
        let targets = subscribers.withLockedValue { $0.values.map(\.1) }
        for continuation in targets { continuation.yield(.resynchronize) }
    }

    func finishAll() {
        let targets = subscribers.withLockedValue { subscribers in
            defer { subscribers.removeAll() }
            return subscribers.values.map(\.1)
        }
        for continuation in targets { continuation.finish() }
    }
}
