/// Errors of an IMAP connection. Callers can tell apart what the user must fix
/// (``authenticationFailed``), what the server refused (``commandFailed``), and what means the
/// mail server is unreachable or broken (everything else).
public enum IMAPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// TCP connection could not be established (refused, unreachable, DNS, connect timeout).
    case connectionFailed(String)
    /// TLS could not be established or the certificate / host name did not verify.
    case tlsFailed(String)
    /// No response within the configured time.
    case timeout(String)
    /// The server closed the connection (possibly after BYE), or it was closed locally.
    case connectionClosed(String)
    /// The server rejected the credentials (NO to LOGIN / AUTHENTICATE).
    case authenticationFailed(String)
    /// The server answered NO or BAD to a command.
    case commandFailed(command: String, status: ResponseStatus, text: ResponseText)
    /// The server broke the protocol (malformed response, unexpected data).
    case protocolViolation(String)
    /// Credentials were not sent because the connection is neither encrypted nor an allowed loopback.
    case insecureConnection(String)
    /// The server lacks a capability the operation needs.
    case unsupported(String)
    /// Every connection the pool may open is in use and none became free in time: the client
    /// side is saturated, not the server broken (an HTTP API answers 503).
    case poolExhausted(String)

    public var description: String {
        switch self {
        case .connectionFailed(let text): return "IMAP connection failed: \(text)"
        case .tlsFailed(let text): return "IMAP TLS failed: \(text)"
        case .timeout(let text): return "IMAP timeout: \(text)"
        case .connectionClosed(let text): return "IMAP connection closed: \(text)"
        case .authenticationFailed(let text): return "IMAP authentication failed: \(text)"
        case .commandFailed(let command, let status, let text):
            return "IMAP \(command) failed: \(status.rawValue) \(text.text)"
        case .protocolViolation(let text): return "IMAP protocol violation: \(text)"
        case .insecureConnection(let text): return "IMAP refused to send credentials: \(text)"
        case .unsupported(let text): return "IMAP server does not support \(text)"
        case .poolExhausted(let text): return "IMAP connection pool exhausted: \(text)"
        }
    }

    /// `true` for errors that mean the server could not be reached or talked to properly
    /// (an HTTP API would answer 502), as opposed to a refusal or bad input.
    public var isConnectionProblem: Bool {
        switch self {
        case .connectionFailed, .tlsFailed, .timeout, .connectionClosed, .protocolViolation: return true
        default: return false
        }
    }

    /// The response code of a failed command, if any (e.g. `.tryCreate`, `.nonExistent`).
    public var responseCode: ResponseCode? {
        if case .commandFailed(_, _, let text) = self { return text.code }
        return nil
    }
}
