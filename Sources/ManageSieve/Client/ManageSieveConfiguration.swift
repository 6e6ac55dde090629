/// Where the ManageSieve server is and how long to wait for it. The connection always upgrades
/// with STARTTLS and verifies the certificate (system roots plus an optional CA file) before
/// any credential is sent; there is no way to turn that off.
public struct ManageSieveConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// A PEM file with additional trusted CA certificates (e.g. `ZM_CA_FILE`).
    public var caFilePath: String?
    /// TLS server name to verify and send as SNI; defaults to ``host`` unless it is an IP address.
    public var tlsServerName: String?
    public var connectTimeout: Duration
    /// How long any command (and the greeting) may take to be answered in full.
    public var commandTimeout: Duration
    public var limits: ManageSieveResponseLimits

    public init(host: String, port: Int = 4190, caFilePath: String? = nil, tlsServerName: String? = nil,
                connectTimeout: Duration = .seconds(10), commandTimeout: Duration = .seconds(30),
                limits: ManageSieveResponseLimits = ManageSieveResponseLimits()) {
        self.host = host
        self.port = port
        self.caFilePath = caFilePath
        self.tlsServerName = tlsServerName
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.limits = limits
    }
}

/// A user name and password for AUTHENTICATE PLAIN. Its `description` never shows the password.
public struct ManageSieveCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "ManageSieveCredentials(username: \(username), password: <hidden>)" }
    public var debugDescription: String { description }
}
