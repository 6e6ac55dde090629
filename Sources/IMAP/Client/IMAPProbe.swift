import Logging

/// What a quick reachability check of the IMAP server found.
public struct IMAPProbeResult: Sendable, Hashable {
    /// The greeting's text.
    public var greeting: String
    /// Capabilities before login.
    public var capabilities: [Capability]
    /// `true` when TLS was established (and therefore the certificate and host name verified).
    public var isEncrypted: Bool
    /// Time from the start of the connect to the CAPABILITY answer.
    public var duration: Duration
}

extension IMAPConnection {
    /// Connects, verifies TLS, reads the greeting and CAPABILITY, then logs out — no credentials
    /// involved. For health and infrastructure checks (`zioinfo-mail check`).
    public static func probe(
        configuration: IMAPConfiguration, logger: Logger = Logger(label: "zioinfo.imap")
    ) async throws -> IMAPProbeResult {
        let clock = ContinuousClock()
        let start = clock.now
        let connection = try await connect(configuration: configuration, logger: logger)
        let result = IMAPProbeResult(
            greeting: await connection.greeting,
            capabilities: await connection.capabilities.sorted { $0.rawValue < $1.rawValue },
            isEncrypted: await connection.isEncrypted,
            duration: clock.now - start)
        await connection.logout()
        return result
    }
}
