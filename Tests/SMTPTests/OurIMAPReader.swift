import IMAP
@testable import SMTP

/// Reads delivered mail back through the project's own IMAP client (IMAPS, verified against
/// the stack's CA), as the webmail will.
enum OurIMAPReader {
    /// The raw messages of `user`'s INBOX whose Subject contains `token`.
    static func inboxMessages(of user: String, subjectContaining token: String) async throws -> [[UInt8]] {
        let configuration = IMAPConfiguration(
            host: try MailStack.value("MAILSTACK_HOST"), port: Int(try MailStack.value("MAILSTACK_IMAPS_PORT")) ?? 993,
            security: .implicitTLS, caFilePath: try MailStack.value("MAILSTACK_CA_FILE"))
        let connection = try await IMAPConnection.connect(configuration: configuration)
        try await connection.login(IMAPCredentials(username: user, password: try MailStack.password(of: user)))
        var messages: [[UInt8]] = []
        for uid in try await connection.search(in: .inbox, .subject(token)) {
            if let raw = try await connection.fetchRawMessage(in: .inbox, uid: uid) { messages.append(raw) }
        }
        await connection.logout()
        return messages
    }
}
