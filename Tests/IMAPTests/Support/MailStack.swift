import Foundation
import IMAP

/// The real Dovecot of `scripts/mailstack`, as described by its `MAILSTACK_*` environment.
///
/// Integration tests use `.enabled(if: MailStack.shouldRun)`: they are skipped when the
/// environment is missing on a developer machine, but run — and fail — when `CI=true`.
enum MailStack {
    static let environment = ProcessInfo.processInfo.environment

    static var isConfigured: Bool { environment["MAILSTACK_IMAPS_PORT"] != nil && environment["MAILSTACK_CA_FILE"] != nil }
    static var isCI: Bool { environment["CI"] == "true" }
    static var shouldRun: Bool { isConfigured || isCI }

    static var host: String { environment["MAILSTACK_HOST"] ?? "127.0.0.1" }
    static var domain: String { environment["MAILSTACK_DOMAIN"] ?? "zioinfo.co.kr" }
    static var caFile: String? { environment["MAILSTACK_CA_FILE"] }

    static func port(_ name: String) throws -> Int {
        guard let text = environment[name], let port = Int(text) else {
            throw MailStackError.missing(name)
        }
        return port
    }

    static func implicitTLS(commandTimeout: Duration = .seconds(30)) throws -> IMAPConfiguration {
        IMAPConfiguration(
            host: host, port: try port("MAILSTACK_IMAPS_PORT"), security: .implicitTLS, caFilePath: caFile,
            commandTimeout: commandTimeout)
    }

    static func startTLS() throws -> IMAPConfiguration {
        IMAPConfiguration(host: host, port: try port("MAILSTACK_IMAP_PORT"), security: .startTLS, caFilePath: caFile)
    }

    /// The repository root, found from this file's path (tests run from any directory).
    static var repositoryRoot: URL {
        // Resolve symlinks: a dev package may link Tests/IMAPTests into the repository.
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Creates (or resets the password of) a dedicated account for one test suite, so suites
    /// running in parallel never share a mailbox.
    static func account(_ localPart: String) throws -> IMAPCredentials {
        let username = "\(localPart)@\(domain)"
        let password = "T3st-\(localPart)-pw"
        let lock = accountLock
        lock.lock()
        defer { lock.unlock() }
        if !createdAccounts.contains(username) {
            let process = Process()
            process.executableURL = repositoryRoot.appendingPathComponent("scripts/mailstack")
            process.arguments = ["adduser", username, password]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw MailStackError.adduserFailed(username) }
            createdAccounts.insert(username)
        }
        return IMAPCredentials(username: username, password: password)
    }

    private static let accountLock = NSLock()
    nonisolated(unsafe) private static var createdAccounts: Set<String> = []

    /// Delivers a message through the inbound SMTP port (no auth), as external mail would arrive.
    static func deliver(to recipient: String, message: String) throws {
        let port = try port("MAILSTACK_SMTP_PORT")
        let script = """
            import smtplib, sys
            with smtplib.SMTP(sys.argv[1], int(sys.argv[2]), timeout=20) as s:
                s.sendmail("sender@example.com", [sys.argv[3]], sys.stdin.buffer.read())
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, host, String(port), recipient]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(message.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw MailStackError.deliveryFailed }
    }
}

enum MailStackError: Error {
    case missing(String)
    case adduserFailed(String)
    case deliveryFailed
}

/// A connected, logged-in connection for a test; logs out afterwards.
func withLoggedInConnection<T: Sendable>(
    _ credentials: IMAPCredentials, configuration: IMAPConfiguration? = nil,
    _ body: (IMAPConnection) async throws -> T
) async throws -> T {
    let connection = try await IMAPConnection.connect(configuration: configuration ?? MailStack.implicitTLS())
    do {
        try await connection.login(credentials)
        let result = try await body(connection)
        await connection.logout()
        return result
    } catch {
        await connection.close()
        throw error
    }
}

/// A simple RFC 5322 message for tests.
func testMessage(subject: String, from: String = "Tester <tester@example.com>", body: String = "Hello.\r\n") -> [UInt8] {
    Array(
        """
        From: \(from)\r
        To: someone@example.com\r
        Subject: \(subject)\r
        Date: Wed, 25 Nov 2026 10:00:00 +0900\r
        Message-ID: <\(UUID().uuidString)@example.com>\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=UTF-8\r
        \r
        \(body)
        """.utf8)
}

/// A unique suffix for folder names and subjects, so parallel tests never collide.
func uniqueSuffix() -> String { String(UUID().uuidString.prefix(8)) }
