import Foundation
import NIOConcurrencyHelpers

/// Limits failed logins per account and per client address: after `attempts` failures within
/// `window`, further logins for that account or from that address are refused until the oldest
/// failure leaves the window. A successful login clears the account's failures.
final class LoginRateLimiter: Sendable {
    private let failures = NIOLockedValueBox<[String: [Date]]>([:])
    let attempts: Int
    let window: TimeInterval

    init(attempts: Int, window: TimeInterval) {
        self.attempts = attempts
        self.window = window
    }

    static func accountKey(_ email: String) -> String { "account:" + email.lowercased() }
    static func addressKey(_ address: String) -> String { "address:" + address }

    /// Seconds until a login may be tried again, or nil when it may be tried now.
    func retryAfter(keys: [String], now: Date = Date()) -> Int? {
        failures.withLockedValue { table in
            var wait: TimeInterval = 0
            for key in keys {
                let recent = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
                table[key] = recent.isEmpty ? nil : recent
                if recent.count >= attempts, let oldest = recent.first {
                    wait = max(wait, window - now.timeIntervalSince(oldest))
                }
            }
            return wait > 0 ? max(1, Int(wait.rounded(.up))) : nil
        }
    }

    func recordFailure(keys: [String], now: Date = Date()) {
        failures.withLockedValue { table in
            for key in keys { table[key, default: []].append(now) }
        }
    }

    func clear(key: String) {
        _ = failures.withLockedValue { $0.removeValue(forKey: key) }
    }
}
