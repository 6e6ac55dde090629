import Foundation
import NIOConcurrencyHelpers

/// Mailbox lookups a user may cause per minute (each internal recipient looked up or recalled is
/// one master login). In memory, per instance: it protects Dovecot from one busy browser, not a
/// security boundary (only the sender can ask at all).
final class ReceiptRateLimiter: Sendable {
    let limit: Int
    let window: TimeInterval
    private let spent = NIOLockedValueBox<[String: [Date]]>([:])

    init(limit: Int = 60, window: TimeInterval = 60) {
        self.limit = limit
        self.window = window
    }

    /// Takes `count` lookups from `user`'s allowance, or returns the seconds until they fit.
    func take(_ count: Int, for user: String, now: Date = Date()) -> Int? {
        guard count > 0 else { return nil }
        return spent.withLockedValue { spent in
            var times = (spent[user] ?? []).filter { now.timeIntervalSince($0) < window }
            defer { spent[user] = times.isEmpty ? nil : times }
            if times.count + count > limit {
                // Wait until enough of the oldest lookups leave the window (never longer than it).
                let index = min(max(times.count + count - limit - 1, 0), max(times.count - 1, 0))
                let oldest = times.isEmpty ? now : times[index]
                return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
            }
            times.append(contentsOf: repeatElement(now, count: count))
            return nil
        }
    }
}
