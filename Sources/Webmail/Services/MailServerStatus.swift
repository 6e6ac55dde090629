import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// What `/health` reports about a mail server: `ok`, `unreachable`, or `unknown` before the
/// first probe finished.
public enum MailServerState: String, Codable, Sendable {
    case ok, unreachable, unknown
}

/// IMAP and SMTP as `/health` reports them: probed on demand, so the report is never older than
/// `maxAge` (a background interval reported `imap: ok` for up to 30 s after Dovecot stopped).
/// A burst of health checks still costs one probe per `maxAge`: callers within it share the
/// last result, and callers while a probe runs wait for that same probe. Each probe has a
/// deadline, so `/health` answers within it even when a server accepts and then hangs.
/// While `/health` is being asked (a monitor polling it), the background service refreshes the
/// result at half its `maxAge`, so those requests find a fresh result and never wait for a
/// probe; only the first request after a quiet spell does.
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
    private let logger: Logger

    /// - Parameters:
    ///   - interval: how often the background service probes, to log changes while nobody asks.
    ///   - maxAge: how old a result `current()` may return.
    ///   - deadline: how long one probe may take before its server counts as unreachable.
    public init(interval: Duration = .seconds(30), maxAge: Duration = .seconds(2), deadline: Duration = .seconds(2),
                logger: Logger, imapProbe: @escaping Probe, smtpProbe: @escaping Probe) {
        self.interval = interval
        self.maxAge = maxAge
        self.deadline = deadline
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
        enum Next { case fresh(Snapshot), wait(Task<Snapshot, Never>) }
        let next = state.withLockedValue { state -> Next in
            state.lastDemand = now
            if let last = state.last, last.at.duration(to: now) <= maxAge { return .fresh(last.snapshot) }
            return .wait(sharedProbe(&state))
        }
        switch next {
        case .fresh(let snapshot): return snapshot
        case .wait(let task): return await task.value
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
        let pending = NIOLockedValueBox<CheckedContinuation<Bool, Never>?>(nil)
        let finish: @Sendable (Bool) -> Void = { up in
            pending.withLockedValue { continuation in
                continuation?.resume(returning: up)
                continuation = nil
            }
        }
        return await withCheckedContinuation { continuation in
            pending.withLockedValue { $0 = continuation }
            let work = Task { finish(await probe()) }
            Task {
                try? await Task.sleep(for: deadline)
                work.cancel()
                finish(false)
            }
        }
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
