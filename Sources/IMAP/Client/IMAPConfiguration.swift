import NIOCore

/// Where and how to connect to an IMAP server.
///
/// Certificates are always verified — against the system trust store plus, optionally, one
/// extra CA file (the test stack's CA, a company CA). There is deliberately no way to turn
/// verification off. Plain TCP must be chosen explicitly, and even then credentials are only
/// sent to a loopback address when ``Security/plainText(allowLoopbackCredentials:)`` allows it.
public struct IMAPConfiguration: Sendable {
    public enum Security: Sendable, Hashable {
        /// TLS from the first byte (port 993).
        case implicitTLS
        /// Plain greeting, then STARTTLS before anything else (port 143).
        case startTLS
        /// No encryption. Credentials are refused unless `allowLoopbackCredentials` is `true`
        /// and the server's address is a loopback address.
        case plainText(allowLoopbackCredentials: Bool)
    }

    public var host: String
    public var port: Int
    public var security: Security
    /// A PEM file with additional trusted CA certificates (e.g. `ZM_CA_FILE`).
    public var caFilePath: String?
    /// TLS server name to verify and send as SNI; defaults to ``host`` unless it is an IP address.
    public var tlsServerName: String?
    public var connectTimeout: Duration
    /// How long any command may wait for the next piece of its response.
    public var commandTimeout: Duration
    /// How long to stay in one IDLE before renewing it (servers drop IDLE after ~30 minutes).
    public var idleRefreshInterval: Duration
    public var limits: ResponseLimits
    /// The largest value collected in memory by non-streaming fetches (raw message, a part).
    public var maximumFetchedValueSize: Int

    public init(
        host: String, port: Int, security: Security = .implicitTLS, caFilePath: String? = nil,
        tlsServerName: String? = nil, connectTimeout: Duration = .seconds(10), commandTimeout: Duration = .seconds(60),
        idleRefreshInterval: Duration = .seconds(25 * 60), limits: ResponseLimits = ResponseLimits(),
        maximumFetchedValueSize: Int = 64 * 1024 * 1024
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.caFilePath = caFilePath
        self.tlsServerName = tlsServerName
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.idleRefreshInterval = idleRefreshInterval
        self.limits = limits
        self.maximumFetchedValueSize = maximumFetchedValueSize
    }
}

/// A user name and password. Its `description` never shows the password.
public struct IMAPCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "IMAPCredentials(username: \(username), password: <redacted>)" }
    public var debugDescription: String { description }
}
