import Foundation
import Logging

/// The login limit of several instances sharing one state store: every decision is still taken
/// by this instance's `LoginRateLimiter`, in memory, with no database round trip; what each
/// instance learns (a failed login, a successful one) is written to the store and announced, and
/// the others fold it into their tables (`absorb…`), so failures count across all instances
/// within a notification's time. A restart reads the window's history back from the store.
///
/// When the store cannot be written, the login goes on under this instance's limits alone (a
/// warning is logged): a database outage must not lock everyone out, and it does not lift the
/// per-instance limit either.
final class SharedLoginLimiter: LoginAttemptLimiting {
    let local: LoginRateLimiter
    private let store: any StateStore
    private let logger: Logger
    /// Tells this instance's own notices from the others'.
    private let instance = UUID().uuidString
    /// The longest a login answer waits for its outcome to be stored.
    static let recordWait: Duration = .seconds(1)

    init(limits: LoginLimits, store: any StateStore, logger: Logger) {
        local = LoginRateLimiter(limits: limits)
        self.store = store
        self.logger = logger
    }

    func admit(_ attempt: LoginAttempt, now: Date) async -> LoginAdmission {
        local.admit(attempt, now: now)
    }

    func delayEnded(_ attempt: LoginAttempt, now: Date) async {
        local.delayEnded(attempt, now: now)
    }

    @discardableResult
    func finish(_ attempt: LoginAttempt, outcome: LoginOutcome, now: Date) async -> Int? {
        let left = local.finish(attempt, outcome: outcome, now: now)
        let event: LoginEvent.Kind
        switch outcome {
        case .failed: event = .failure
        case .succeeded: event = .success
        case .abandoned, .cancelledDuringDelay: return left
        }
        // Waited for briefly, so that the next login anywhere sees it; never for long: with the
        // database down a login would otherwise take the store's whole deadline.
        let recording = Task { try await record(LoginEvent(kind: event, attempt: attempt, time: now, instance: instance)) }
        do {
            try await withStateDeadline(Self.recordWait) { try await recording.value }
        } catch {
            logger.warning("login outcome not shared with other instances", metadata: ["error": "\(error)"])
        }
        return left
    }

    private func record(_ event: LoginEvent) async throws {
        let limits = local.limits
        try await store.transaction { transaction in
            switch event.kind {
            case .failure:
                try await transaction.query("INSERT INTO login_failures (account, address, failed_at) VALUES ($1, $2, $3)",
                                            .text(event.attempt.account), .text(event.attempt.address), .time(event.time))
                try await transaction.query("DELETE FROM login_failures WHERE failed_at <= $1",
                                            .time(event.time.addingTimeInterval(-limits.window)))
            case .success:
                try await transaction.query("""
                    INSERT INTO login_successes (account, address, succeeded_at) VALUES ($1, $2, $3)
                    ON CONFLICT (account, address) DO UPDATE SET succeeded_at = excluded.succeeded_at
                    """, .text(event.attempt.account), .text(event.attempt.address), .time(event.time))
                try await transaction.query("DELETE FROM login_successes WHERE succeeded_at <= $1",
                                            .time(event.time.addingTimeInterval(-limits.familiarFor)))
            }
        }
        try await store.publish(event.encoded, on: .loginEvents)
    }

    /// Reads the window's failures and the familiar addresses from the store.
    func reload(now: Date = Date()) async throws {
        let limits = local.limits
        let (failures, successes) = try await store.transaction { transaction in
            // The newest 100,000 are plenty for any limit (ZM_LOGIN_ADDRESS_ATTEMPTS ≤ 100,000).
            let failures = try await transaction.query("""
                SELECT account, address, failed_at FROM login_failures WHERE failed_at > $1
                ORDER BY failed_at DESC LIMIT 100000
                """, .time(now.addingTimeInterval(-limits.window)))
            let successes = try await transaction.query(
                "SELECT account, address, succeeded_at FROM login_successes WHERE succeeded_at > $1",
                .time(now.addingTimeInterval(-limits.familiarFor)))
            return (failures, successes)
        }
        func decode(_ rows: [StateRow]) -> [(LoginAttempt, Date)] {
            rows.compactMap { row in
                guard let account = row.text(0), let address = row.text(1), let time = row.time(2) else { return nil }
                return (LoginAttempt(account: account, address: address), time)
            }
        }
        local.replaceHistory(failures: decode(failures).reversed(), successes: decode(successes))
    }

    /// Folds the other instances' notices in until cancelled (one of the application's services).
    func follow() async {
        for await notice in store.notices(on: .loginEvents) {
            switch notice {
            case .resynchronize:
                do { try await reload() } catch {
                    logger.warning("login history not reloaded", metadata: ["error": "\(error)"])
                }
            case .message(let payload):
                guard let event = LoginEvent(decoding: payload), event.instance != instance else { continue }
                switch event.kind {
                case .failure: local.absorbFailure(event.attempt, at: event.time)
                case .success: local.absorbSuccess(event.attempt, at: event.time)
                }
            }
        }
    }
}

/// A login outcome as one instance tells the others (JSON: account names are the user's text).
struct LoginEvent: Equatable, Sendable {
    enum Kind: String, Codable, Sendable { case failure, success }
    let kind: Kind
    let attempt: LoginAttempt
    let time: Date
    let instance: String

    init(kind: Kind, attempt: LoginAttempt, time: Date, instance: String) {
        self.kind = kind
        self.attempt = attempt
        self.time = time
        self.instance = instance
    }

    var encoded: String {
        let wire = Wire(k: kind, a: attempt.account, d: attempt.address, t: Int64(time.timeIntervalSince1970 * 1000), i: instance)
        return String(decoding: (try? JSONEncoder().encode(wire)) ?? Data(), as: UTF8.self)
    }

    init?(decoding payload: String) {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(payload.utf8)) else { return nil }
        self.init(kind: wire.k, attempt: LoginAttempt(account: wire.a, address: wire.d),
                  time: Date(timeIntervalSince1970: Double(wire.t) / 1000), instance: wire.i)
    }

    private struct Wire: Codable {
        let k: Kind, a: String, d: String, t: Int64, i: String
    }
}
