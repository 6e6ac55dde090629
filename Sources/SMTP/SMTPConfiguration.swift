/// Where and how to reach the submission server.
///
/// Certificate and host-name verification are always on: the server's certificate must chain to
/// the system's trust roots or to the extra CA in `caFilePath` (e.g. the test stack's own CA or a
/// company CA) and must name `host`. There is deliberately no switch to turn verification off.
public struct SMTPConfiguration: Sendable {
    /// How the connection is secured. Both modes require TLS before any credentials are sent.
    public enum Security: String, Sendable, Equatable {
        /// Plain TCP, then STARTTLS (port 587). If the server does not offer STARTTLS the client
        /// stops with `SMTPError.Kind.tlsUnavailable` — there is no silent downgrade.
        case startTLS = "starttls"
        /// TLS from the first byte (port 465, "submissions").
        case implicitTLS = "implicit"

        /// The registered port for this mode.
        public var defaultPort: Int { self == .startTLS ? 587 : 465 }
    }

    public var host: String
    public var port: Int
    public var security: Security
    /// A PEM file with extra CA certificates trusted in addition to the system roots.
    public var caFilePath: String?
    /// The name this client announces in EHLO/HELO. Must be a domain or address literal.
    public var clientName: String
    public var timeouts: SMTPTimeouts

    public init(
        host: String,
        port: Int? = nil,
        security: Security = .startTLS,
        caFilePath: String? = nil,
        clientName: String = "localhost",
        timeouts: SMTPTimeouts = SMTPTimeouts()
    ) {
        self.host = host
        self.port = port ?? security.defaultPort
        self.security = security
        self.caFilePath = caFilePath
        self.clientName = clientName
        self.timeouts = timeouts
    }
}

/// How long each stage may wait for the server. The defaults are shorter than the RFC 5321
/// §4.5.3.2 minimums because a person is waiting on the other side of the web UI; the final
/// reply after the message body gets the longest, since servers scan the message then.
public struct SMTPTimeouts: Sendable, Equatable {
    /// TCP connect (plus the TLS handshake for implicit TLS).
    public var connect: Duration
    /// The 220 greeting.
    public var greeting: Duration
    /// EHLO, STARTTLS (including the handshake), AUTH, MAIL, RCPT, DATA, QUIT.
    public var command: Duration
    /// The reply after the final "." of the message.
    public var messageAccepted: Duration

    public init(
        connect: Duration = .seconds(15),
        greeting: Duration = .seconds(30),
        command: Duration = .seconds(30),
        messageAccepted: Duration = .seconds(120)
    ) {
        self.connect = connect
        self.greeting = greeting
        self.command = command
        self.messageAccepted = messageAccepted
    }

    /// The same timeout for every stage (handy in tests).
    public static func uniform(_ duration: Duration) -> SMTPTimeouts {
        SMTPTimeouts(connect: duration, greeting: duration, command: duration, messageAccepted: duration)
    }
}

/// The account used for AUTH. `description` never shows the password.
public struct SMTPCredentials: Sendable, CustomStringConvertible {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "SMTPCredentials(username: \(username), password: <redacted>)" }
}
