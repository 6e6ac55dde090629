import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// What `/health` reports about a mail server: `ok`, `unreachable`, or `unknown` before the
/// first probe finished.
public enum MailServerState: String, Codable, Sendable {
    case ok, unreachable, unknown
}

/// IMAP and SMTP as `/health` reports them: probed on demand, so the report follows a server
/// going away within `maxAge` plus one probe (a background interval reported `imap: ok` for up
/// to 30 s after Dovecot stopped). A burst of health checks still costs one probe per `maxAge`:
/// callers within it share the last result, callers while a probe runs join that same probe.
/// `/health` itself never waits long: a caller with an older result waits for the new probe
/// only `patience` (a refused connection ends a probe at once), then gets the older result.
/// Each probe has a deadline, after which its server counts as unreachable. While `/health` is
/// being asked (a monitor polling it), the background service refreshes the result at half its
/// `maxAge`, so those requests find a fresh result.
public final class MailServerStatus: Service, Sendable {
    public typealias Probe = @Sendable () async -> Bool

    public struct Snapshot: Sendable, Equatable {
        public var imap: MailServerState
        public var smtp: MailServerState
    }

    private struct State {
        var last: (snapshot: Snapshot, at: ContinuousClock.Instant)?
        var inFlight: Task<Snapshot, Never>?
        /// The last `current()` call: refreshing ahead is worth it only while someone asks.
        var lastDemand: ContinuousClock.Instant?
    }

    /// How long after the last request the background service keeps the result fresh.
    static let demandWindow = Duration.seconds(30)

    private let state = NIOLockedValueBox(State())
    private let imapProbe: Probe
    private let smtpProbe: Probe
    private let interval: Duration
    private let maxAge: Duration
    private let deadline: Duration
    private let patience: Duration
    private let logger: Logger

    /// - Parameters:
    ///   - interval: how often the background service probes, to log changes while nobody asks.
    ///   - maxAge: how old a result `current()` may return.
    ///   - deadline: how long one probe may take before its server counts as unreachable.
    ///   - patience: how long a request with an older result waits for the new probe before it
    ///     is answered with the older result (the first request ever waits for the first probe).
    public init(interval: Duration = .seconds(30), maxAge: Duration = .seconds(2), deadline: Duration = .seconds(2),
                patience: Duration = .milliseconds(40), logger: Logger, imapProbe: @escaping Probe, smtpProbe: @escaping Probe) {
        self.interval = interval
        self.maxAge = maxAge
        self.deadline = deadline
        self.patience = patience
        self.logger = logger
        self.imapProbe = imapProbe
        self.smtpProbe = smtpProbe
    }

    /// The last result, without probing (`unknown` before the first probe).
    public var imap: MailServerState { state.withLockedValue { $0.last?.snapshot.imap ?? .unknown } }
    public var smtp: MailServerState { state.withLockedValue { $0.last?.snapshot.smtp ?? .unknown } }

    /// The servers' state at most `maxAge` old: the last result, the probe already running, or
    /// a new probe.
    public func current() async -> Snapshot {
        let now = ContinuousClock.now
        enum Next { case fresh(Snapshot), wait(Task<Snapshot, Never>, stale: Snapshot?) }
        let next = state.withLockedValue { state -> Next in
            state.lastDemand = now
            if let last = state.last, last.at.duration(to: now) <= maxAge { return .fresh(last.snapshot) }
            return .wait(sharedProbe(&state), stale: state.last?.snapshot)
        }
        switch next {
        case .fresh(let snapshot): return snapshot
        case .wait(let task, stale: nil): return await task.value
        case .wait(let task, stale: let stale?):
            // A probe of a server that is down ends at once (connection refused); one that takes
            // longer (a loaded host, a server that hangs) must not hold up /health: answer the
            // last result and let the probe finish for the next request.
            return await Self.first(of: { await task.value }, or: stale, after: patience)
        }
    }

    /// Probes now, whatever the age of the last result (the background loop; tests); joins a
    /// probe already running.
    @discardableResult
    public func refresh() async -> Snapshot {
        await state.withLockedValue { sharedProbe(&$0) }.value
    }

    /// The probe running, or a new one (called under the lock).
    private func sharedProbe(_ state: inout State) -> Task<Snapshot, Never> {
        if let running = state.inFlight { return running }
        let started = Task { await self.probeBoth() }
        state.inFlight = started
        return started
    }

    private func probeBoth() async -> Snapshot {
        async let imapUp = Self.withDeadline(deadline, imapProbe)
        async let smtpUp = Self.withDeadline(deadline, smtpProbe)
        let result = Snapshot(imap: await imapUp ? .ok : .unreachable, smtp: await smtpUp ? .ok : .unreachable)
        let previous = state.withLockedValue { state -> Snapshot? in
            defer {
                state.last = (result, .now)
                state.inFlight = nil
            }
            return state.last?.snapshot
        }
        if previous != result {
            logger.info("mail servers", metadata: ["imap": "\(result.imap.rawValue)", "smtp": "\(result.smtp.rawValue)"])
        }
        return result
    }

    /// `probe`'s answer, or false once `deadline` has passed (the probe is then cancelled and
    /// left to finish on its own: nobody waits for it).
    static func withDeadline(_ deadline: Duration, _ probe: @escaping Probe) async -> Bool {
        await first(of: probe, or: false, after: deadline)
    }

    /// `work`'s result, or `fallback` once `limit` has passed or the caller is cancelled (`work`
    /// is then cancelled and left to finish on its own: nobody waits for it; see `outcome`).
    static func first<T: Sendable>(of work: @escaping @Sendable () async -> T, or fallback: T, after limit: Duration) async -> T {
        guard case .value(let value)? = try? await outcome(of: work, within: limit) else { return fallback }
        return value
    }

    /// Probes every `interval` to log changes; while `/health` is asked, whenever the result
    /// is half `maxAge` old, so that it is renewed before a request would have to wait.
    public func run() async throws {
        let tick = max(.milliseconds(10), min(interval, maxAge / 8))
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let now = ContinuousClock.now
            let (lastProbe, lastDemand) = state.withLockedValue { ($0.last?.at, $0.lastDemand) }
            let asked = lastDemand.map { $0.duration(to: now) < Self.demandWindow } ?? false
            let age = lastProbe.map { $0.duration(to: now) }
            if age.map({ $0 >= (asked ? maxAge / 2 : interval) }) ?? true { await refresh() }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
        }
    }
}
