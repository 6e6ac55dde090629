import Foundation
import IMAP
import NIOCore
import Testing
@testable import Webmail

/// Mail-stack accounts for the connection tests: 200 for the pool's load test and one for the
/// event-stream tests (its connections are counted with `doveadm who`, so nobody else uses it).
/// Made once per test process with one `scripts/mailstack addusers` when the last cannot log in.
enum LoadAccounts {
    static let count = 200
    static func user(_ number: Int) -> String { "load\(number)@zioinfo.co.kr" }
    /// Loopback test accounts, not secrets.
    static func password(_ number: Int) -> String { "pw-load-\(number)" }
    static let events = "events-c@zioinfo.co.kr"
    static let eventsPassword = "Events-test-1!"

    static let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var mailstack: String { repository.appendingPathComponent("scripts/mailstack").path }

    static let ready = Task<Void, any Error> {
        let configuration = MailServerProbes.imapConfiguration(try MailStackAPITests.stackConfiguration(state: try TemporaryDirectory()))
        if await canLogIn(IMAPCredentials(username: user(count), password: password(count)), configuration),
            await canLogIn(IMAPCredentials(username: events, password: eventsPassword), configuration)
        {
            return
        }
        let lines = (1...count).map { "\(user($0)) \(password($0))\n" }.joined() + "\(events) \(eventsPassword)\n"
        try ComposeAccounts.run(mailstack, ["addusers"], input: lines)
    }

    static func ensure() async throws { try await ready.value }

    /// The JSON body of `POST /auth/login`.
    static func loginBody(_ user: String, _ password: String) throws -> ByteBuffer {
        ByteBuffer(data: try JSONSerialization.data(withJSONObject: ["username": user, "password": password]))
    }

    static func canLogIn(_ credentials: IMAPCredentials, _ configuration: IMAPConfiguration) async -> Bool {
        guard let connection = try? await IMAPConnection.connect(configuration: configuration) else { return false }
        defer { Task { await connection.logout() } }
        return (try? await connection.login(credentials)) != nil
    }

    /// The user's IMAP sessions as Dovecot counts them (`doveadm who -1`: one line per connection).
    static func dovecotSessions(of user: String) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mailstack)
        process.arguments = ["doveadm", "who", "-1", user]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        return lines.filter { $0.split(separator: " ").first.map(String.init) == user && $0.contains("imap") }.count
    }
}
