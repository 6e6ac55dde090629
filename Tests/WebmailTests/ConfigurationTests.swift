import Foundation
import Testing
@testable import Webmail

@Suite struct ConfigurationTests {
    @Test func defaultsAreTheSeedsProductionValues() throws {
        let configuration = try WebmailConfiguration.load(environment: [:])
        #expect(configuration.httpHost == "127.0.0.1")
        #expect(configuration.httpPort == 8026)
        #expect(configuration.imap == MailServerEndpoint(host: "localhost", port: 993, security: .implicit))
        #expect(configuration.smtp == MailServerEndpoint(host: "localhost", port: 587, security: .starttls))
        #expect(configuration.staticDir == "frontend/dist")
        #expect(configuration.maxMessageBytes == 25 * 1024 * 1024)
        #expect(configuration.caFile == nil)
        #expect(configuration.installDirs == ["/opt/mail", "/var/www/mail"])
        #expect(configuration.nginxPort == 8025)
    }

    @Test func flagsWinOverEnvironmentWhichWinsOverTheFile() throws {
        let file = try TemporaryFile(contents: """
            # comment
            export ZM_HTTP_PORT=9001
            ZM_IMAP_HOST="file.example"
            ZM_SMTP_HOST='file-smtp.example'
            MAILSTACK_IMAPS_PORT=10993

            """)
        let configuration = try WebmailConfiguration.load(
            flags: [.httpPort: "9003"],
            environment: ["ZM_HTTP_PORT": "9002", "ZM_IMAP_HOST": "env.example", "ZM_CONFIG_FILE": file.path]
        )
        #expect(configuration.httpPort == 9003)
        #expect(configuration.imap.host == "env.example")
        #expect(configuration.smtp.host == "file-smtp.example")
    }

    /// ManageSieve is on at localhost:4190 by default (Dovecot's port); port 0 turns the
    /// filters and 부재중 off; anything else is refused like any port.
    @Test func sieveDefaultsToLocalhost4190AndPortZeroTurnsItOff() throws {
        #expect(try WebmailConfiguration.load(environment: [:]).sieve == MailServerEndpoint(host: "localhost", port: 4190, security: .starttls))
        #expect(try WebmailConfiguration.load(environment: ["ZM_SIEVE_PORT": "0"]).sieve == nil)
        #expect(try WebmailConfiguration.load(environment: ["ZM_SIEVE_HOST": "mail.example"]).sieve?.host == "mail.example")
        #expect(throws: ConfigurationError.self) { try WebmailConfiguration.load(environment: ["ZM_SIEVE_PORT": "70000"]) }
    }

    @Test func everySettingIsReadFromTheEnvironment() throws {
        let ca = try TemporaryFile(contents: "not checked here")
        let configuration = try WebmailConfiguration.load(environment: [
            "ZM_HTTP_HOST": "0.0.0.0", "ZM_HTTP_PORT": "8126",
            "ZM_IMAP_HOST": "127.0.0.1", "ZM_IMAP_PORT": "10143", "ZM_IMAP_TLS": "STARTTLS",
            "ZM_SMTP_HOST": "127.0.0.1", "ZM_SMTP_PORT": "10465", "ZM_SMTP_TLS": "implicit",
            "ZM_SIEVE_HOST": "sieve.example", "ZM_SIEVE_PORT": "10419",
            "ZM_CA_FILE": ca.path, "ZM_DIRECTORY_FILE": ca.path, "ZM_STATE_DIR": "/tmp/zm-state", "ZM_STATIC_DIR": "/srv/spa",
            "ZM_MAX_MESSAGE_BYTES": "1048576", "ZM_MAIL_DOMAIN": "Zioinfo.co.kr",
            "ZM_TOKEN_LIFETIME": "600", "ZM_JWT_KEY": String(repeating: "k", count: 32),
            "ZM_SEAL_KEY": Data(repeating: 7, count: 32).base64EncodedString(),
            "ZM_METRICS_HOST": "127.0.0.1", "ZM_METRICS_PORT": "9464", "ZM_NGINX_PORT": "8125",
            "ZM_INSTALL_DIRS": "/tmp/a, /tmp/b", "ZM_LOGIN_ATTEMPTS": "3", "ZM_LOGIN_WINDOW": "60",
            "ZM_LOG_LEVEL": "debug",
        ])
        #expect(configuration.httpHost == "0.0.0.0")
        #expect(configuration.httpPort == 8126)
        #expect(configuration.imap == MailServerEndpoint(host: "127.0.0.1", port: 10143, security: .starttls))
        #expect(configuration.smtp == MailServerEndpoint(host: "127.0.0.1", port: 10465, security: .implicit))
        #expect(configuration.sieve == MailServerEndpoint(host: "sieve.example", port: 10419, security: .starttls))
        #expect(configuration.caFile == ca.path)
        #expect(configuration.directoryFile == ca.path)
        #expect(configuration.stateDir == "/tmp/zm-state")
        #expect(configuration.staticDir == "/srv/spa")
        #expect(configuration.maxMessageBytes == 1_048_576)
        #expect(configuration.mailDomain == "zioinfo.co.kr")
        #expect(configuration.tokenLifetime == 600)
        #expect(configuration.jwtKey?.count == 32)
        #expect(configuration.sealKey != nil)
        #expect(configuration.metricsPort == 9464)
        #expect(configuration.nginxPort == 8125)
        #expect(configuration.installDirs == ["/tmp/a", "/tmp/b"])
        #expect(configuration.loginAttempts == 3)
        #expect(configuration.loginWindow == 60)
        #expect(configuration.logLevel == .debug)
    }

    @Test(arguments: [
        ("ZM_HTTP_PORT", "eighty"), ("ZM_HTTP_PORT", "70000"), ("ZM_IMAP_PORT", "0"),
        ("ZM_IMAP_TLS", "none"), ("ZM_SMTP_TLS", "off"), ("ZM_CA_FILE", "/nonexistent/ca.pem"),
        ("ZM_MAX_MESSAGE_BYTES", "-1"), ("ZM_MAIL_DOMAIN", "bad domain"), ("ZM_JWT_KEY", "short"),
        ("ZM_SEAL_KEY", "c2hvcnQ="), ("ZM_INSTALL_DIRS", "relative/path"), ("ZM_LOG_LEVEL", "loud"),
        ("ZM_TOKEN_LIFETIME", "5"),
    ])
    func anInvalidValueNamesTheSetting(setting: String, value: String) {
        do {
            _ = try WebmailConfiguration.load(environment: [setting: value])
            Issue.record("\(setting)=\(value) was accepted")
        } catch {
            #expect(error.description.contains(setting))
            if case let .invalidValue(name, _, _) = error { #expect(name == setting) } else { Issue.record("\(error)") }
        }
    }

    /// Issue 23's login limits: read, checked, and turned into the limiter's rules.
    @Test func loginLimitSettingsAreReadAndChecked() throws {
        let defaults = LoginLimits(configuration: try WebmailConfiguration.load(environment: [:]))
        #expect(defaults.attemptsPerPair == 5 && defaults.window == 300 && defaults.attemptsPerAddress == 100)
        #expect(defaults.accountMaxDelay == 30 && defaults.concurrentPerAddress == 4 && defaults.concurrentTotal == 32)
        let configuration = try WebmailConfiguration.load(environment: [
            "ZM_LOGIN_ADDRESS_ATTEMPTS": "250", "ZM_LOGIN_ACCOUNT_MAX_DELAY": "0",
            "ZM_LOGIN_CONCURRENT_PER_ADDRESS": "2", "ZM_LOGIN_CONCURRENT": "8",
        ])
        let limits = LoginLimits(configuration: configuration)
        #expect(limits.attemptsPerAddress == 250 && limits.accountMaxDelay == 0)
        #expect(limits.concurrentPerAddress == 2 && limits.concurrentTotal == 8)
        for (key, value) in [("ZM_LOGIN_ADDRESS_ATTEMPTS", "0"), ("ZM_LOGIN_ACCOUNT_MAX_DELAY", "-1"),
                             ("ZM_LOGIN_CONCURRENT_PER_ADDRESS", "many"), ("ZM_LOGIN_CONCURRENT", "0")] {
            #expect(throws: ConfigurationError.self) { try WebmailConfiguration.load(environment: [key: value]) }
        }
        #expect(SettingKey.loginConcurrentPerAddress.flagName == "login-concurrent-per-address")
    }

    @Test func secretsAreNotEchoedInErrors() {
        do {
            _ = try WebmailConfiguration.load(environment: ["ZM_JWT_KEY": "tiny-secret"])
            Issue.record("accepted")
        } catch {
            #expect(!error.description.contains("tiny-secret"))
        }
    }

    @Test func theFlagIsNamedInTheMessage() {
        let error = ConfigurationError.invalidValue(setting: "ZM_HTTP_PORT", value: "x", expected: "a port")
        #expect(error.description.contains("--http-port"))
    }

    @Test func configFileErrorsNameTheLine() throws {
        let typo = try TemporaryFile(contents: "ZM_HTTP_PORT=8026\nZM_HTTP_PROT=1\n")
        #expect(throws: ConfigurationError.unknownSetting(setting: "ZM_HTTP_PROT", path: typo.path, line: 2)) {
            try WebmailConfiguration.load(environment: [:], configFile: typo.path)
        }
        let garbage = try TemporaryFile(contents: "just words\n")
        #expect(throws: ConfigurationError.malformedLine(path: garbage.path, line: 1)) {
            try WebmailConfiguration.load(environment: [:], configFile: garbage.path)
        }
        #expect(throws: ConfigurationError.self) {
            try WebmailConfiguration.load(environment: [:], configFile: "/nonexistent/zioinfo-mail.env")
        }
    }

    @Test func anInvalidValueInTheFileIsReportedLikeAnyOther() throws {
        let file = try TemporaryFile(contents: "ZM_SMTP_PORT=abc\n")
        #expect(throws: ConfigurationError.invalidValue(setting: "ZM_SMTP_PORT", value: "abc", expected: "a port number from 1 to 65535")) {
            try WebmailConfiguration.load(environment: [:], configFile: file.path)
        }
    }
}

/// A file in the temporary folder, removed when the value goes away.
final class TemporaryFile {
    let path: String

    init(contents: String, name: String = UUID().uuidString) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("zm-test-\(name)").path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
