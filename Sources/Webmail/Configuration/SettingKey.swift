import Foundation

/// Every setting `zioinfo-mail` understands. The raw value is the environment variable and
/// config-file key; the command-line flag is derived from it (`ZM_HTTP_PORT` → `--http-port`).
public enum SettingKey: String, CaseIterable, Sendable {
    case httpHost = "ZM_HTTP_HOST"
    case httpPort = "ZM_HTTP_PORT"
    case imapHost = "ZM_IMAP_HOST"
    case imapPort = "ZM_IMAP_PORT"
    case imapTLS = "ZM_IMAP_TLS"
    case smtpHost = "ZM_SMTP_HOST"
    case smtpPort = "ZM_SMTP_PORT"
    case smtpTLS = "ZM_SMTP_TLS"
    /// ManageSieve (issue 31): filters and the 부재중 auto-reply; port 0 turns them off.
    case sieveHost = "ZM_SIEVE_HOST"
    case sievePort = "ZM_SIEVE_PORT"
    /// 수신확인 and 발송취소 (issue 33): the Dovecot master user, its password's file, and the
    /// domains whose recipients are looked up.
    case imapMasterUser = "ZM_IMAP_MASTER_USER"
    case imapMasterPasswordFile = "ZM_IMAP_MASTER_PASSWORD_FILE"
    case internalDomains = "ZM_INTERNAL_DOMAINS"
    case caFile = "ZM_CA_FILE"
    case stateDir = "ZM_STATE_DIR"
    // The state store (issue 26).
    case databaseURL = "ZM_DATABASE_URL"
    case filesDir = "ZM_FILES_DIR"
    /// The company directory (회사 주소록, issue 27): a CSV of name, email, department, title, phone.
    case directoryFile = "ZM_DIRECTORY_FILE"
    case staticDir = "ZM_STATIC_DIR"
    case maxMessageBytes = "ZM_MAX_MESSAGE_BYTES"
    /// 대용량 첨부 (issue 32): the largest file sent as a link, and one user's total of them.
    case largeFileMaxBytes = "ZM_LARGE_FILE_MAX_BYTES"
    case largeFileQuota = "ZM_LARGE_FILE_QUOTA"
    case mailDomain = "ZM_MAIL_DOMAIN"
    case tokenLifetime = "ZM_TOKEN_LIFETIME"
    case jwtKey = "ZM_JWT_KEY"
    case sealKey = "ZM_SEAL_KEY"
    /// The same secrets read from files: unlike flags (and less than the environment), never
    /// visible to other users of the machine.
    case jwtKeyFile = "ZM_JWT_KEY_FILE"
    case sealKeyFile = "ZM_SEAL_KEY_FILE"
    case metricsHost = "ZM_METRICS_HOST"
    case metricsPort = "ZM_METRICS_PORT"
    case nginxPort = "ZM_NGINX_PORT"
    case installDirs = "ZM_INSTALL_DIRS"
    case loginAttempts = "ZM_LOGIN_ATTEMPTS"
    case loginWindow = "ZM_LOGIN_WINDOW"
    case loginAddressAttempts = "ZM_LOGIN_ADDRESS_ATTEMPTS"
    case loginAccountMaxDelay = "ZM_LOGIN_ACCOUNT_MAX_DELAY"
    case loginConcurrentPerAddress = "ZM_LOGIN_CONCURRENT_PER_ADDRESS"
    case loginConcurrent = "ZM_LOGIN_CONCURRENT"
    case logLevel = "ZM_LOG_LEVEL"
    // Connection bounds (issue 23: no hang, no stale stream).
    case httpIdleTimeout = "ZM_HTTP_IDLE_TIMEOUT"
    case httpHeaderTimeout = "ZM_HTTP_HEADER_TIMEOUT"
    case imapPoolMaxTotal = "ZM_IMAP_POOL_MAX_TOTAL"
    case imapPoolMaxPerAccount = "ZM_IMAP_POOL_MAX_PER_ACCOUNT"
    case imapPoolIdleTimeout = "ZM_IMAP_POOL_IDLE_TIMEOUT"
    case imapPoolWaitTimeout = "ZM_IMAP_POOL_WAIT_TIMEOUT"
    case eventsHeartbeat = "ZM_EVENTS_HEARTBEAT"
    /// How long an outbox claim holds before another instance takes the entry over (issue 29).
    case outboxLeaseSeconds = "ZM_OUTBOX_LEASE_SECONDS"

    /// The long command-line flag for this setting, without the leading dashes.
    public var flagName: String {
        String(rawValue.dropFirst("ZM_".count)).lowercased().replacingOccurrences(of: "_", with: "-")
    }
}
