/// What went wrong talking to a ManageSieve server. Server refusals carry the server's own
/// reason (human text) and response code, e.g. a script's syntax errors from CHECKSCRIPT.
public enum ManageSieveError: Error, Hashable, Sendable, CustomStringConvertible {
    /// TCP connect failed or was refused.
    case connectFailed(String)
    /// The server did not answer within the deadline; `step` names what we waited for.
    case timedOut(step: String)
    /// The certificate was not trusted, the host name did not match, or the handshake failed.
    case tlsFailed(String)
    /// The server does not offer STARTTLS; credentials are never sent in clear.
    case startTLSUnavailable
    case authenticationFailed(reason: String)
    /// `NO` to a command.
    case refused(command: String, code: String?, reason: String)
    /// `BYE`: the server is closing the connection.
    case serverClosed(reason: String)
    case connectionClosed
    /// The server's bytes are not ManageSieve (or exceed the limits).
    case protocolViolation(String)
    /// An argument we will not send (a control character in a name, a NUL in a credential).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .connectFailed(let detail): "ManageSieve connect failed: \(detail)"
        case .timedOut(let step): "ManageSieve server did not answer in time (\(step))"
        case .tlsFailed(let detail): "ManageSieve TLS failed: \(detail)"
        case .startTLSUnavailable: "ManageSieve server does not offer STARTTLS"
        case .authenticationFailed(let reason): "ManageSieve authentication failed: \(reason)"
        case .refused(let command, let code, let reason): "ManageSieve \(command) refused\(code.map { " (\($0))" } ?? ""): \(reason)"
        case .serverClosed(let reason): "ManageSieve server closed the connection: \(reason)"
        case .connectionClosed: "ManageSieve connection closed"
        case .protocolViolation(let detail): "ManageSieve protocol violation: \(detail)"
        case .invalidArgument(let detail): "ManageSieve argument refused: \(detail)"
        }
    }

    /// The server's response code for a refusal (`NONEXISTENT`, `ACTIVE`, `QUOTA/MAXSIZE`...).
    public var responseCode: String? {
        if case .refused(_, let code, _) = self { return code }
        return nil
    }
}
