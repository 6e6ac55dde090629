import IMAP
import Synchronization
import Testing

/// A man in the middle can append plaintext responses to the server's STARTTLS OK; read after
/// the switch they would look like encrypted answers (a forged `OK` to LOGIN). The connection
/// must fail instead, before any credentials are sent.
@Suite struct StartTLSInjectionTests {
    static let capabilities = "IMAP4rev1 STARTTLS LITERAL+ IDLE"

    static func connectWithStartTLS(to server: ScriptedIMAPServer) async throws {
        var configuration = server.configuration()
        configuration.security = .startTLS
        _ = try await IMAPConnection.connect(configuration: configuration)
    }

    /// What follows the tagged OK in the same segment.
    @Test(arguments: [
        "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] forged\r\nZ2 OK [CAPABILITY IMAP4rev1] forged login\r\n",
        "* CAPABILITY IMAP4rev1\r\n",
        // Half a response: still plaintext bytes that TLS would otherwise be fed after.
        "Z2 OK forg",
    ])
    func plaintextAfterTheStartTLSReplyFailsTheConnection(injected: String) async throws {
        let logins = LoginCounter()
        let server = try await ScriptedIMAPServer.start(capabilities: Self.capabilities) { _, command in
            if command.uppercased().hasPrefix("STARTTLS") { return .reply("{tag} OK begin TLS now\r\n" + injected) }
            if command.uppercased().hasPrefix("LOGIN") { logins.increment() }
            return ScriptedIMAPServer.standard(command)
        }
        await #expect {
            try await Self.connectWithStartTLS(to: server)
        } throws: { error in
            guard case .protocolViolation(let text) = error as? IMAPError else { return false }
            return text.contains("STARTTLS")
        }
        #expect(logins.value == 0)
        await server.stop()
    }

    /// Without injected bytes the client does go on to the handshake (which this fake server,
    /// speaking no TLS, fails): the check above is not what refuses every STARTTLS.
    @Test func aCleanStartTLSReplyGoesOnToTheHandshake() async throws {
        let server = try await ScriptedIMAPServer.start(capabilities: Self.capabilities) { _, command in
            if command.uppercased().hasPrefix("STARTTLS") { return .replyAndClose("{tag} OK begin TLS now\r\n") }
            return ScriptedIMAPServer.standard(command)
        }
        await #expect {
            try await Self.connectWithStartTLS(to: server)
        } throws: { error in
            if case .protocolViolation(let text) = error as? IMAPError { return !text.contains("STARTTLS") }
            return (error as? IMAPError)?.isConnectionProblem == true
        }
        await server.stop()
    }

    @Test func preauthOnAStartTLSConnectionIsRefused() async throws {
        let server = try await ScriptedIMAPServer.start(greeting: "* PREAUTH [CAPABILITY \(Self.capabilities)] hi\r\n") { _, command in
            ScriptedIMAPServer.standard(command)
        }
        await #expect {
            try await Self.connectWithStartTLS(to: server)
        } throws: { error in
            if case .tlsFailed(let text) = error as? IMAPError { return text.contains("PREAUTH") }
            return false
        }
        await server.stop()
    }
}

/// Counts what the fake server's responder saw, from its threads.
final class LoginCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
