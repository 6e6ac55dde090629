import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// What `/health` reports about a mail server: `ok`, `unreachable`, or `unknown` before the
/// first probe finished.
public enum MailServerState: String, Codable, Sendable {
    case ok, unreachable, unknown
}

/// Probes IMAP and SMTP in the background so `/health` answers instantly and a burst of health
/// checks never turns into a burst of TLS handshakes against Dovecot and Postfix.
public final class MailServerStatus: Service, Sendable {
    public typealias Probe = @Sendable () async -> Bool

    private let state = NIOLockedValueBox<(imap: MailServerState, smtp: MailServerState)>((.unknown, .unknown))
    private let imapProbe: Probe
    private let smtpProbe: Probe
    private let interval: Duration
    private let logger: Logger

    public init(interval: Duration = .seconds(30), logger: Logger, imapProbe: @escaping Probe, smtpProbe: @escaping Probe) {
        self.interval = interval
        self.logger = logger
        self.imapProbe = imapProbe
        self.smtpProbe = smtpProbe
    }

    public var imap: MailServerState { state.withLockedValue { $0.imap } }
    public var smtp: MailServerState { state.withLockedValue { $0.smtp } }

    /// Runs one round of probes now (also used by tests).
    public func refresh() async {
        async let imapUp = imapProbe()
        async let smtpUp = smtpProbe()
        let result = (imap: await imapUp ? MailServerState.ok : .unreachable, smtp: await smtpUp ? MailServerState.ok : .unreachable)
        let previous = state.withLockedValue { old in
            defer { old = result }
            return old
        }
        if previous.imap != result.imap || previous.smtp != result.smtp {
            logger.info("mail servers", metadata: ["imap": "\(result.imap.rawValue)", "smtp": "\(result.smtp.rawValue)"])
        }
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await refresh()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
        }
    }
}
