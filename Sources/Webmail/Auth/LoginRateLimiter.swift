import Foundation
import NIOConcurrencyHelpers

/// The in-memory login limit (see `LoginAttemptLimiting` and `LoginLimits` for the rules). One
/// instance serves the whole process; its tables are swept of expired entries as they are used,
/// so an attacker cycling through made-up accounts or addresses cannot grow them without bound.
final class LoginRateLimiter: LoginAttemptLimiting {
    let limits: LoginLimits
    private let state = NIOLockedValueBox(Tables())

    init(limits: LoginLimits) {
        self.limits = limits
    }

    private struct Tables {
        var pairFailures: [LoginAttempt: [Date]] = [:]
        var addressFailures: [String: [Date]] = [:]
        var accountFailures: [String: [Date]] = [:]
        var pairRunning: [LoginAttempt: Int] = [:]
        var addressRunning: [String: Int] = [:]
        var accountRunning: [String: Int] = [:]
        var totalRunning = 0
        /// Admitted attempts still waiting out their account's delay.
        var totalWaiting = 0
        /// account → address → last successful login there.
        var familiar: [String: [String: Date]] = [:]
        var operationsSinceSweep = 0
    }

    func admit(_ attempt: LoginAttempt, now: Date = Date()) -> LoginAdmission {
        state.withLockedValue { tables in
            sweepIfDue(&tables, now: now)
            let pairFailures = recent(tables.pairFailures[attempt], now: now)
            let pairUsed = pairFailures.count + tables.pairRunning[attempt, default: 0]
            if pairUsed >= limits.attemptsPerPair {
                return .limited(retryAfter: secondsUntilFree(pairFailures, now: now))
            }
            let addressFailures = recent(tables.addressFailures[attempt.address], now: now)
            let addressRunning = tables.addressRunning[attempt.address, default: 0]
            if addressFailures.count + addressRunning >= limits.attemptsPerAddress {
                return .limited(retryAfter: secondsUntilFree(addressFailures, now: now))
            }
            if addressRunning >= limits.concurrentPerAddress { return .limited(retryAfter: 1) }

            let accountUsed = recent(tables.accountFailures[attempt.account], now: now).count
                + tables.accountRunning[attempt.account, default: 0]
            let familiar = tables.familiar[attempt.account]?[attempt.address].map { now.timeIntervalSince($0) < limits.familiarFor } ?? false
            let delay = familiar ? .zero : accountDelay(afterAttempts: accountUsed)
            if delay > .zero {
                guard tables.totalWaiting < max(1, limits.concurrentTotal / 2) else {
                    return .limited(retryAfter: max(1, Int(delay.components.seconds)))
                }
                tables.totalWaiting += 1
            } else {
                if tables.totalRunning >= limits.concurrentTotal { return .busy(retryAfter: 1) }
                tables.totalRunning += 1
            }
            tables.pairRunning[attempt, default: 0] += 1
            tables.addressRunning[attempt.address, default: 0] += 1
            tables.accountRunning[attempt.account, default: 0] += 1
            return .admitted(delay: delay)
        }
    }

    func delayEnded(_ attempt: LoginAttempt, now: Date = Date()) {
        state.withLockedValue { tables in
            tables.totalWaiting = max(0, tables.totalWaiting - 1)
            tables.totalRunning += 1
        }
    }

    @discardableResult
    func finish(_ attempt: LoginAttempt, outcome: LoginOutcome, now: Date = Date()) -> Int? {
        state.withLockedValue { tables in
            Self.decrement(&tables.pairRunning, attempt)
            Self.decrement(&tables.addressRunning, attempt.address)
            Self.decrement(&tables.accountRunning, attempt.account)
            if case .cancelledDuringDelay = outcome {
                tables.totalWaiting = max(0, tables.totalWaiting - 1)
            } else {
                tables.totalRunning = max(0, tables.totalRunning - 1)
            }
            switch outcome {
            case .succeeded:
                // The pair starts afresh; the account's and the address's failures stay until they
                // age out, or a guesser who also knows one password could reset them.
                tables.pairFailures[attempt] = nil
                tables.familiar[attempt.account, default: [:]][attempt.address] = now
                return nil
            case .abandoned, .cancelledDuringDelay:
                return nil
            case .failed:
                tables.pairFailures[attempt, default: []].append(now)
                tables.addressFailures[attempt.address, default: []].append(now)
                tables.accountFailures[attempt.account, default: []].append(now)
                let used = recent(tables.pairFailures[attempt], now: now).count + tables.pairRunning[attempt, default: 0]
                return max(0, limits.attemptsPerPair - used)
            }
        }
    }

    // MARK: What other instances saw (SharedLoginLimiter)

    /// A failed login that another instance checked: it counts here as if it had been ours.
    func absorbFailure(_ attempt: LoginAttempt, at time: Date) {
        state.withLockedValue { tables in
            tables.pairFailures[attempt, default: []].append(time)
            tables.addressFailures[attempt.address, default: []].append(time)
            tables.accountFailures[attempt.account, default: []].append(time)
        }
    }

    /// A successful login that another instance checked: the pair starts afresh, the address is familiar.
    func absorbSuccess(_ attempt: LoginAttempt, at time: Date) {
        state.withLockedValue { tables in
            tables.pairFailures[attempt] = nil
            tables.familiar[attempt.account, default: [:]][attempt.address] = time
        }
    }

    /// Replaces the failure and familiarity tables with the shared history (at start, and after
    /// notices may have been lost); attempts running here keep counting. `failures` oldest first.
    func replaceHistory(failures: [(LoginAttempt, Date)], successes: [(LoginAttempt, Date)]) {
        var lastSuccess: [LoginAttempt: Date] = [:]
        for (attempt, time) in successes { lastSuccess[attempt] = max(time, lastSuccess[attempt] ?? .distantPast) }
        state.withLockedValue { tables in
            tables.pairFailures = [:]
            tables.addressFailures = [:]
            tables.accountFailures = [:]
            tables.familiar = [:]
            for (attempt, time) in failures {
                if time > lastSuccess[attempt] ?? .distantPast { tables.pairFailures[attempt, default: []].append(time) }
                tables.addressFailures[attempt.address, default: []].append(time)
                tables.accountFailures[attempt.account, default: []].append(time)
            }
            for (attempt, time) in lastSuccess { tables.familiar[attempt.account, default: [:]][attempt.address] = time }
        }
    }

    /// No delay for the first `attemptsPerPair` attempts of an account; then 1 s, doubling, capped.
    func accountDelay(afterAttempts used: Int) -> Duration {
        let beyond = used - limits.attemptsPerPair
        guard beyond >= 0, limits.accountMaxDelay > 0 else { return .zero }
        let seconds = min(limits.accountMaxDelay, pow(2, Double(min(beyond, 30))))
        return .milliseconds(Int64(seconds * 1000))
    }

    private func recent(_ failures: [Date]?, now: Date) -> [Date] {
        (failures ?? []).filter { now.timeIntervalSince($0) < limits.window }
    }

    /// Until the oldest failure in the window leaves it; 1 s when only running attempts fill the limit.
    private func secondsUntilFree(_ failures: [Date], now: Date) -> Int {
        guard let oldest = failures.first else { return 1 }
        return max(1, Int((limits.window - now.timeIntervalSince(oldest)).rounded(.up)))
    }

    private static func decrement<Key: Hashable>(_ table: inout [Key: Int], _ key: Key) {
        let left = table[key, default: 0] - 1
        table[key] = left > 0 ? left : nil
    }

    /// Every 1,000 admissions, drop what no longer matters: failures out of the window and
    /// addresses no longer familiar.
    private func sweepIfDue(_ tables: inout Tables, now: Date) {
        tables.operationsSinceSweep += 1
        guard tables.operationsSinceSweep >= 1000 else { return }
        tables.operationsSinceSweep = 0
        func prune<Key>(_ table: inout [Key: [Date]]) {
            table = table.compactMapValues { dates in
                let kept = dates.filter { now.timeIntervalSince($0) < limits.window }
                return kept.isEmpty ? nil : kept
            }
        }
        prune(&tables.pairFailures)
        prune(&tables.addressFailures)
        prune(&tables.accountFailures)
        tables.familiar = tables.familiar.compactMapValues { addresses in
            let kept = addresses.filter { now.timeIntervalSince($0.value) < limits.familiarFor }
            return kept.isEmpty ? nil : kept
        }
    }
}
