import Foundation
import IMAP
import Testing
@testable import Webmail

/// Dedicated mail-stack accounts for the compose tests (uploads, forwards, drafts), so their
/// mail, drafts and uploads never disturb the demo accounts other suites and the SPA's e2e use.
enum ComposeAccounts {
    static let sender = "webmailtest-sender@zioinfo.co.kr"
    static let recipient = "webmailtest-rcpt@zioinfo.co.kr"
    static let blindCopy = "webmailtest-bcc@zioinfo.co.kr"
    /// A loopback test stack's account, not a secret.
    static let password = "Compose-test-1!"

    /// Made once per test process: `scripts/mailstack adduser` (password on stdin) for each
    /// account that cannot log in yet (every adduser reloads Postfix, which parallel suites would
    /// rather not see), then waits until Postfix, whose reload is asynchronous, accepts mail for each.
    static let ready = Task<Void, any Error> {
        let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let imap = try MailStackAPITests.stackConfiguration(state: try TemporaryDirectory())
        for user in [sender, recipient, blindCopy] {
            if await canLogIn(user, configuration: imap) { continue }
            try run(repository.appendingPathComponent("scripts/mailstack").path, ["adduser", user, "-"], input: password + "\n")
        }
        try run("/usr/bin/env", ["python3", "-c", waitForRecipients, sender, recipient, blindCopy], input: "")
    }

    static func ensure() async throws {
        try await ready.value
    }

    static func canLogIn(_ user: String, configuration: WebmailConfiguration) async -> Bool {
        do {
            let connection = try await IMAPConnection.connect(configuration: MailServerProbes.imapConfiguration(configuration))
            do {
                try await connection.login(IMAPCredentials(username: user, password: password))
            } catch {
                await connection.logout()
                return false
            }
            await connection.logout()
            return true
        } catch {
            return false
        }
    }

    /// The stack's configuration, with `user` made first (password ``password``) when it cannot log in yet.
    static func account(_ user: String) async throws -> WebmailConfiguration {
        let configuration = try MailStackAPITests.stackConfiguration(state: try TemporaryDirectory())
        if await !canLogIn(user, configuration: configuration) {
            let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            try run(repository.appendingPathComponent("scripts/mailstack").path, ["adduser", user, "-"], input: password + "\n")
        }
        return configuration
    }

    /// Asks Postfix's inbound port (no auth) `RCPT TO` until every address is accepted (20 s at most).
    static let waitForRecipients = """
        import os, smtplib, sys, time
        host, port = os.environ.get("MAILSTACK_HOST", "127.0.0.1"), int(os.environ["MAILSTACK_SMTP_PORT"])
        deadline = time.monotonic() + 20
        for address in sys.argv[1:]:
            while True:
                try:
                    with smtplib.SMTP(host, port, timeout=5) as smtp:
                        smtp.ehlo("webmail-tests")
                        smtp.mail("<>")
                        if smtp.rcpt(address)[0] == 250:
                            break
                except (OSError, smtplib.SMTPException):
                    pass
                if time.monotonic() > deadline:
                    sys.exit(f"Postfix does not accept {address}")
                time.sleep(0.2)
        """

    struct Failure: Error, CustomStringConvertible { let description: String }

    static func run(_ executable: String, _ arguments: [String], input: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(arguments.prefix(2).joined(separator: " ")) exited \(process.terminationStatus)")
        }
    }
}
