import ArgumentParser
import Foundation
import Webmail

/// The command-line form of every setting. A flag wins over the `ZM_*` environment variable of
/// the same name, which wins over the config file (DESIGN.md, Configuration).
struct ConfigurationOptions: ParsableArguments {
    @Option(help: "Config file of KEY=value lines (ZM_* names); also ZM_CONFIG_FILE.")
    var config: String?

    @Option(help: "HTTP listen address (ZM_HTTP_HOST, default 127.0.0.1).") var httpHost: String?
    @Option(help: "HTTP port (ZM_HTTP_PORT, default 8026).") var httpPort: String?
    @Option(help: "IMAP server (ZM_IMAP_HOST, default localhost).") var imapHost: String?
    @Option(help: "IMAP port (ZM_IMAP_PORT, default 993).") var imapPort: String?
    @Option(help: "IMAP security: implicit|starttls (ZM_IMAP_TLS, default implicit).") var imapTls: String?
    @Option(help: "SMTP submission server (ZM_SMTP_HOST, default localhost).") var smtpHost: String?
    @Option(help: "SMTP port (ZM_SMTP_PORT, default 587).") var smtpPort: String?
    @Option(help: "SMTP security: starttls|implicit (ZM_SMTP_TLS, default starttls).") var smtpTls: String?
    @Option(help: "ManageSieve server for filters and 부재중 (ZM_SIEVE_HOST, default localhost).") var sieveHost: String?
    @Option(help: "ManageSieve port, STARTTLS; 0 = filters and 부재중 off (ZM_SIEVE_PORT, default 4190).") var sievePort: String?
    @Option(help: "Dovecot master user for 수신확인/발송취소; unset = both off (ZM_IMAP_MASTER_USER).") var imapMasterUser: String?
    @Option(help: "File with the master user's password, not readable by others (ZM_IMAP_MASTER_PASSWORD_FILE).") var imapMasterPasswordFile: String?
    @Option(help: "Domains whose recipients are internal, comma-separated (ZM_INTERNAL_DOMAINS, default ZM_MAIL_DOMAIN).") var internalDomains: String?
    @Option(help: "Extra trusted CA file, PEM (ZM_CA_FILE).") var caFile: String?
    @Option(help: "Folder for generated keys and the SQLite state database (ZM_STATE_DIR).") var stateDir: String?
    @Option(help: "State store: sqlite:, sqlite:/path or postgres://user:password@host:port/db?sslmode=verify-full (ZM_DATABASE_URL, default sqlite:). A password in a flag is visible in `ps`: prefer the environment or the config file.") var databaseUrl: String?
    @Option(help: "The company directory, a CSV of name, email, department, title, phone (ZM_DIRECTORY_FILE).") var directoryFile: String?
    @Option(help: "Folder for uploaded files, shared by instances (ZM_FILES_DIR, default ZM_STATE_DIR/files).") var filesDir: String?
    @Option(help: "The built SPA served at / (ZM_STATIC_DIR, default frontend/dist).") var staticDir: String?
    @Option(help: "Largest message accepted for sending, bytes (ZM_MAX_MESSAGE_BYTES, default 25 MiB).") var maxMessageBytes: String?
    @Option(help: "Largest file sent as a download link, bytes (ZM_LARGE_FILE_MAX_BYTES, default 2 GiB).") var largeFileMaxBytes: String?
    @Option(help: "One user's download-link files together, bytes (ZM_LARGE_FILE_QUOTA, default 20 GiB).") var largeFileQuota: String?
    @Option(help: "Domain added to bare user names at login (ZM_MAIL_DOMAIN).") var mailDomain: String?
    @Option(help: "Access token lifetime, seconds (ZM_TOKEN_LIFETIME, default 28800).") var tokenLifetime: String?
    @Option(help: "JWT HS256 secret, at least 32 bytes (ZM_JWT_KEY; generated when absent). A flag is visible to every user in `ps`: prefer --jwt-key-file or the environment.") var jwtKey: String?
    @Option(help: "Password sealing key, base64 of 32 bytes (ZM_SEAL_KEY; generated when absent). A flag is visible to every user in `ps`: prefer --seal-key-file or the environment.") var sealKey: String?
    @Option(help: "File holding the JWT secret (ZM_JWT_KEY_FILE); instead of --jwt-key.") var jwtKeyFile: String?
    @Option(help: "File holding the base64 sealing key (ZM_SEAL_KEY_FILE); instead of --seal-key.") var sealKeyFile: String?
    @Option(help: "Metrics listen address (ZM_METRICS_HOST, default 127.0.0.1).") var metricsHost: String?
    @Option(help: "Metrics port, 0 = off (ZM_METRICS_PORT, default 0).") var metricsPort: String?
    @Option(help: "nginx port checked by `check` (ZM_NGINX_PORT, default 8025).") var nginxPort: String?
    @Option(help: "Install folders checked by `check`, comma-separated (ZM_INSTALL_DIRS).") var installDirs: String?
    @Option(help: "Failed logins allowed per (account, client address) per window (ZM_LOGIN_ATTEMPTS, default 5).") var loginAttempts: String?
    @Option(help: "Login limit window, seconds (ZM_LOGIN_WINDOW, default 300).") var loginWindow: String?
    @Option(help: "Failed logins allowed per client address, any accounts, per window (ZM_LOGIN_ADDRESS_ATTEMPTS, default 100).") var loginAddressAttempts: String?
    @Option(help: "Longest progressive delay of an attacked account, seconds (ZM_LOGIN_ACCOUNT_MAX_DELAY, default 30).") var loginAccountMaxDelay: String?
    @Option(help: "Logins checked at once per client address (ZM_LOGIN_CONCURRENT_PER_ADDRESS, default 4).") var loginConcurrentPerAddress: String?
    @Option(help: "Logins checked at once in total (ZM_LOGIN_CONCURRENT, default 32).") var loginConcurrent: String?
    @Option(help: "trace|debug|info|notice|warning|error|critical (ZM_LOG_LEVEL, default info).") var logLevel: String?
    @Option(help: "Close idle HTTP connections after, seconds (ZM_HTTP_IDLE_TIMEOUT, default 60).") var httpIdleTimeout: String?
    @Option(help: "Deadline for a request's head, seconds (ZM_HTTP_HEADER_TIMEOUT, default 10).") var httpHeaderTimeout: String?
    @Option(help: "IMAP connections pooled in total (ZM_IMAP_POOL_MAX_TOTAL, default 128).") var imapPoolMaxTotal: String?
    @Option(help: "IMAP connections pooled per account, 1-8 (ZM_IMAP_POOL_MAX_PER_ACCOUNT, default 2).") var imapPoolMaxPerAccount: String?
    @Option(help: "Log out idle pooled IMAP connections after, seconds (ZM_IMAP_POOL_IDLE_TIMEOUT, default 300).") var imapPoolIdleTimeout: String?
    @Option(help: "Longest wait for a pooled IMAP connection, then 503, seconds (ZM_IMAP_POOL_WAIT_TIMEOUT, default 10).") var imapPoolWaitTimeout: String?
    @Option(help: "Event stream heartbeat and revocation check, seconds (ZM_EVENTS_HEARTBEAT, default 25).") var eventsHeartbeat: String?
    @Option(help: "An outbox claim's lease: a dead instance's sends are taken over after, seconds (ZM_OUTBOX_LEASE_SECONDS, default 600).") var outboxLeaseSeconds: String?

    var flags: [SettingKey: String] {
        let pairs: [(SettingKey, String?)] = [
            (.httpHost, httpHost), (.httpPort, httpPort),
            (.imapHost, imapHost), (.imapPort, imapPort), (.imapTLS, imapTls),
            (.smtpHost, smtpHost), (.smtpPort, smtpPort), (.smtpTLS, smtpTls),
            (.sieveHost, sieveHost), (.sievePort, sievePort),
            (.imapMasterUser, imapMasterUser), (.imapMasterPasswordFile, imapMasterPasswordFile), (.internalDomains, internalDomains),
            (.caFile, caFile), (.stateDir, stateDir), (.databaseURL, databaseUrl), (.filesDir, filesDir), (.directoryFile, directoryFile), (.staticDir, staticDir),
            (.maxMessageBytes, maxMessageBytes), (.largeFileMaxBytes, largeFileMaxBytes), (.largeFileQuota, largeFileQuota), (.mailDomain, mailDomain),
            (.tokenLifetime, tokenLifetime), (.jwtKey, jwtKey), (.sealKey, sealKey),
            (.jwtKeyFile, jwtKeyFile), (.sealKeyFile, sealKeyFile),
            (.metricsHost, metricsHost), (.metricsPort, metricsPort), (.nginxPort, nginxPort),
            (.installDirs, installDirs), (.loginAttempts, loginAttempts), (.loginWindow, loginWindow),
            (.loginAddressAttempts, loginAddressAttempts), (.loginAccountMaxDelay, loginAccountMaxDelay),
            (.loginConcurrentPerAddress, loginConcurrentPerAddress), (.loginConcurrent, loginConcurrent),
            (.logLevel, logLevel),
            (.httpIdleTimeout, httpIdleTimeout), (.httpHeaderTimeout, httpHeaderTimeout),
            (.imapPoolMaxTotal, imapPoolMaxTotal), (.imapPoolMaxPerAccount, imapPoolMaxPerAccount),
            (.imapPoolIdleTimeout, imapPoolIdleTimeout), (.imapPoolWaitTimeout, imapPoolWaitTimeout),
            (.eventsHeartbeat, eventsHeartbeat), (.outboxLeaseSeconds, outboxLeaseSeconds),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    /// Loads the configuration or ends the program (exit 2) with a message naming the bad setting.
    func load() throws -> WebmailConfiguration {
        do {
            return try WebmailConfiguration.load(flags: flags, configFile: config)
        } catch {
            FileHandle.standardError.write(Data("zioinfo-mail: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }
}
