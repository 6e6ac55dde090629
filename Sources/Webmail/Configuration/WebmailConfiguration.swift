import Foundation
import Logging

/// How a mail client secures its connection to the server.
public enum TransportSecurity: String, Sendable, CaseIterable {
    /// TLS from the first byte (IMAPS 993, SMTPS 465).
    case implicit
    /// A plaintext greeting, then STARTTLS before anything else is said.
    case starttls
}

/// A mail server the application talks to.
public struct MailServerEndpoint: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var security: TransportSecurity

    public init(host: String, port: Int, security: TransportSecurity) {
        self.host = host
        self.port = port
        self.security = security
    }
}

/// Everything `zioinfo-mail` can be told, already validated. The defaults are the seed's
/// production values: HTTP on 127.0.0.1:8026, Dovecot on localhost:993 (implicit TLS),
/// Postfix submission on localhost:587 (STARTTLS).
public struct WebmailConfiguration: Sendable {
    public var httpHost = "127.0.0.1"
    public var httpPort = 8026
    public var imap = MailServerEndpoint(host: "localhost", port: 993, security: .implicit)
    public var smtp = MailServerEndpoint(host: "localhost", port: 587, security: .starttls)
    /// Dovecot's ManageSieve (always STARTTLS, certificate verified like IMAP): the filters and
    /// 부재중 auto-reply; nil (`ZM_SIEVE_PORT=0`) hides those features.
    public var sieve: MailServerEndpoint? = MailServerEndpoint(host: "localhost", port: 4190, security: .starttls)
    /// The Dovecot master login behind 수신확인 and 발송취소 (`ZM_IMAP_MASTER_USER` and the password
    /// read once from `ZM_IMAP_MASTER_PASSWORD_FILE`); nil hides both features.
    public var imapMaster: IMAPMasterLogin?
    /// The domains whose recipients count as internal (`ZM_INTERNAL_DOMAINS`); nil: `mailDomain`.
    public var internalDomains: [String]?
    /// `internalDomains` or its default.
    public var resolvedInternalDomains: [String] { internalDomains ?? mailDomain.map { [$0] } ?? [] }
    /// An extra CA (PEM) trusted for IMAP and SMTP besides the system roots.
    public var caFile: String?
    /// The company directory (`ZM_DIRECTORY_FILE`): a UTF-8 CSV of name, email, department, title,
    /// phone, read at start and suggested to every user as 회사 주소록; nil: none.
    public var directoryFile: String?
    /// Generated keys and the SQLite state database live here.
    public var stateDir = "/var/lib/zioinfo-mail"
    /// The state store (`ZM_DATABASE_URL`): SQLite under `stateDir` by default, or PostgreSQL.
    public var databaseURL = DatabaseURL.default
    /// Uploaded files' bytes (`ZM_FILES_DIR`); nil: `stateDir/files`. Several instances share it.
    public var filesDir: String?
    /// `filesDir` or its default.
    public var resolvedFilesDir: String { filesDir ?? (stateDir as NSString).appendingPathComponent("files") }
    /// The built SPA, served at `/`.
    public var staticDir = "frontend/dist"
    public var maxMessageBytes = 25 * 1024 * 1024
    /// 대용량 첨부 (issue 32): one file's limit (2 GiB) and one user's files together (20 GiB).
    public var largeFileMaxBytes = 2 * 1024 * 1024 * 1024
    public var largeFileQuota = 20 * 1024 * 1024 * 1024
    /// The domain appended to a bare user name at login (`ythong` → `ythong@zioinfo.co.kr`).
    public var mailDomain: String?
    /// How long an access token lives.
    public var tokenLifetime: TimeInterval = 8 * 3600
    /// The JWT signing secret (≥ 32 bytes), from `ZM_JWT_KEY` or the file `ZM_JWT_KEY_FILE`.
    /// Generated under `stateDir` when absent.
    public var jwtKey: String?
    /// The AES-256-GCM key (base64 of 32 bytes) that seals the IMAP password inside a token,
    /// from `ZM_SEAL_KEY` or the file `ZM_SEAL_KEY_FILE`. Generated under `stateDir` when absent.
    public var sealKey: String?
    public var metricsHost = "127.0.0.1"
    /// The loopback-only Prometheus listener; 0 turns it off.
    public var metricsPort = 0
    /// The nginx port in front of the app (seed: 8025); only `check` looks at it.
    public var nginxPort = 8025
    /// The folders an install creates (seed: /opt/mail, /var/www/mail); only `check` looks at them.
    public var installDirs = ["/opt/mail", "/var/www/mail"]
    /// Failed logins allowed per (account, client address) pair within `loginWindow` (see `LoginLimits`).
    public var loginAttempts = 5
    public var loginWindow: TimeInterval = 300
    /// Failed logins allowed per client address, any accounts, within `loginWindow`.
    public var loginAddressAttempts = 100
    /// The cap of an attacked account's progressive delay, seconds (0: no delay).
    public var loginAccountMaxDelay: TimeInterval = 30
    /// Logins checked at once from one client address, and in total.
    public var loginConcurrentPerAddress = 4
    public var loginConcurrent = 32
    public var logLevel: Logger.Level = .info
    // Connection bounds: every wait has a deadline, every held connection a reason.
    /// An HTTP connection with no request in progress is closed after this long.
    public var httpIdleTimeout: TimeInterval = 60
    /// A client must complete its request head (request line and headers) within this long of
    /// connecting or of its previous request, or the connection is closed (slow-header attacks).
    public var httpHeaderTimeout: TimeInterval = 10
    /// IMAP connections the pool keeps open for all users together (IDLE feeds not counted).
    public var imapPoolMaxTotal = 128
    /// Pooled IMAP connections per account. With the account's IDLE feed this must stay below
    /// Dovecot's `mail_max_userip_connections` (10 by default): all come from this one address.
    public var imapPoolMaxPerAccount = 2
    /// An idle pooled IMAP connection is logged out after this long.
    public var imapPoolIdleTimeout: TimeInterval = 300
    /// The longest a request waits for a pooled IMAP connection before it is answered 503.
    public var imapPoolWaitTimeout: TimeInterval = 10
    /// The event stream's heartbeat interval; the session's revocation is checked on each.
    public var eventsHeartbeat: TimeInterval = 25
    /// How long an instance's claim on an outbox entry holds: an instance that died while sending
    /// is taken over after this long. Longer than any one submission (see `Outbox.lease`).
    public var outboxLease: TimeInterval = 600

    public init() {}

    /// Builds a configuration from layered settings: `flags` win over `environment`, which wins
    /// over the config file. The file is `configFile` or, when nil, `ZM_CONFIG_FILE` from the
    /// flags or environment; a missing file is an error only when one was named.
    public static func load(
        flags: [SettingKey: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        configFile: String? = nil
    ) throws(ConfigurationError) -> WebmailConfiguration {
        var settings: [SettingKey: String] = [:]
        if let path = configFile ?? environment["ZM_CONFIG_FILE"], !path.isEmpty {
            settings = try EnvFile.read(path: path)
        }
        for key in SettingKey.allCases {
            if let value = environment[key.rawValue] { settings[key] = value }
        }
        settings.merge(flags) { _, flag in flag }
        return try WebmailConfiguration(settings: settings)
    }

    /// Validates raw settings; an empty value means "use the default".
    public init(settings: [SettingKey: String]) throws(ConfigurationError) {
        let reader = SettingsReader(settings: settings)
        if let v = reader.string(.httpHost) { httpHost = v }
        if let v = try reader.port(.httpPort) { httpPort = v }
        if let v = reader.string(.imapHost) { imap.host = v }
        if let v = try reader.port(.imapPort) { imap.port = v }
        if let v = try reader.security(.imapTLS) { imap.security = v }
        if let v = reader.string(.smtpHost) { smtp.host = v }
        if let v = try reader.port(.smtpPort) { smtp.port = v }
        if let v = try reader.security(.smtpTLS) { smtp.security = v }
        if let v = reader.string(.sieveHost) { sieve?.host = v }
        if let v = try reader.integer(.sievePort, in: 0...65535) {
            sieve = v == 0 ? nil : MailServerEndpoint(host: sieve?.host ?? "localhost", port: v, security: .starttls)
        }
        if let v = try reader.masterLogin(.imapMasterUser, passwordFile: .imapMasterPasswordFile) { imapMaster = v }
        if let v = try reader.domains(.internalDomains) { internalDomains = v }
        if let v = try reader.readableFile(.caFile) { caFile = v }
        if let v = reader.string(.stateDir) { stateDir = v }
        if let v = try reader.databaseURL(.databaseURL) { databaseURL = v }
        if let v = try reader.absolutePath(.filesDir) { filesDir = v }
        if let v = try reader.readableFile(.directoryFile) { directoryFile = v }
        if let v = reader.string(.staticDir) { staticDir = v }
        if let v = try reader.integer(.maxMessageBytes, in: 1024...Int(Int32.max)) { maxMessageBytes = v }
        if let v = try reader.integer(.largeFileMaxBytes, in: 1024...(1 << 40)) { largeFileMaxBytes = v }
        if let v = try reader.integer(.largeFileQuota, in: 1024...(1 << 44)) { largeFileQuota = v }
        if let v = try reader.domain(.mailDomain) { mailDomain = v }
        if let v = try reader.integer(.tokenLifetime, in: 60...(30 * 86400)) { tokenLifetime = TimeInterval(v) }
        if let v = try reader.jwtKey(.jwtKey, file: .jwtKeyFile) { jwtKey = v }
        if let v = try reader.sealKey(.sealKey, file: .sealKeyFile) { sealKey = v }
        if let v = reader.string(.metricsHost) { metricsHost = v }
        if let v = try reader.integer(.metricsPort, in: 0...65535) { metricsPort = v }
        if let v = try reader.port(.nginxPort) { nginxPort = v }
        if let v = try reader.paths(.installDirs) { installDirs = v }
        if let v = try reader.integer(.loginAttempts, in: 1...1000) { loginAttempts = v }
        if let v = try reader.integer(.loginWindow, in: 1...86400) { loginWindow = TimeInterval(v) }
        if let v = try reader.integer(.loginAddressAttempts, in: 1...100_000) { loginAddressAttempts = v }
        if let v = try reader.integer(.loginAccountMaxDelay, in: 0...3600) { loginAccountMaxDelay = TimeInterval(v) }
        if let v = try reader.integer(.loginConcurrentPerAddress, in: 1...1000) { loginConcurrentPerAddress = v }
        if let v = try reader.integer(.loginConcurrent, in: 1...10_000) { loginConcurrent = v }
        if let v = try reader.logLevel(.logLevel) { logLevel = v }
        if let v = try reader.integer(.httpIdleTimeout, in: 1...3600) { httpIdleTimeout = TimeInterval(v) }
        if let v = try reader.integer(.httpHeaderTimeout, in: 1...300) { httpHeaderTimeout = TimeInterval(v) }
        if let v = try reader.integer(.imapPoolMaxTotal, in: 1...10_000) { imapPoolMaxTotal = v }
        // 8 pooled + 1 IDLE < Dovecot's default of 10 per user and address.
        if let v = try reader.integer(.imapPoolMaxPerAccount, in: 1...8) { imapPoolMaxPerAccount = v }
        if let v = try reader.integer(.imapPoolIdleTimeout, in: 1...86_400) { imapPoolIdleTimeout = TimeInterval(v) }
        if let v = try reader.integer(.imapPoolWaitTimeout, in: 1...300) { imapPoolWaitTimeout = TimeInterval(v) }
        if let v = try reader.integer(.eventsHeartbeat, in: 1...300) { eventsHeartbeat = TimeInterval(v) }
        if let v = try reader.integer(.outboxLeaseSeconds, in: 1...86_400) { outboxLease = TimeInterval(v) }
    }
}
