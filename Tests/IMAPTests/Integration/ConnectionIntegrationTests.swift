import Foundation
import IMAP
import Testing

/// Connecting, TLS, authentication and the probe against the real Dovecot.
@Suite(.enabled(if: MailStack.shouldRun))
struct ConnectionIntegrationTests {
    @Test func implicitTLSLoginAndCapabilities() async throws {
        let credentials = try MailStack.account("imaptest-conn")
        try await withLoggedInConnection(credentials) { connection in
            #expect(await connection.isEncrypted)
            #expect(await connection.isAuthenticated)
            let capabilities = await connection.capabilities
            #expect(capabilities.contains(.idle))
            #expect(capabilities.contains(.move))
            #expect(capabilities.contains(.uidPlus))
        }
    }

    @Test func startTLSLogin() async throws {
        let credentials = try MailStack.account("imaptest-conn")
        try await withLoggedInConnection(credentials, configuration: try MailStack.startTLS()) { connection in
            #expect(await connection.isEncrypted)
            // Post-TLS, post-login capabilities replace the plaintext ones.
            #expect(await connection.capabilities.contains(.specialUse))
        }
    }

    @Test func wrongPasswordIsATypedAuthenticationError() async throws {
        let credentials = try MailStack.account("imaptest-conn")
        let connection = try await IMAPConnection.connect(configuration: try MailStack.implicitTLS())
        await #expect(throws: IMAPError.self) {
            do {
                try await connection.login(IMAPCredentials(username: credentials.username, password: "wrong"))
            } catch let error as IMAPError {
                guard case .authenticationFailed = error else {
                    Issue.record("expected authenticationFailed, got \(error)")
                    throw error
                }
                #expect(!error.isConnectionProblem)
                throw error
            }
        }
        // The connection stays usable after a failed login.
        try await connection.login(credentials)
        await connection.logout()
    }

    @Test func enableIdAndNamespace() async throws {
        let credentials = try MailStack.account("imaptest-conn")
        try await withLoggedInConnection(credentials) { connection in
            #expect(try await connection.enable([.condStore]) == [.condStore])
            let server = try await connection.identify([("name", "zioinfo-mail"), ("version", "test")])
            #expect(server["name"] == "Dovecot")
            let namespaces = try await connection.namespaces()
            #expect(namespaces.personal.first?.delimiter == "/")
            let selected = try await connection.select(.inbox)
            #expect(selected.highestModSeq != nil)
            #expect(selected.uidValidity != nil)
        }
    }

    @Test func probeVerifiesTLSWithoutLogin() async throws {
        let result = try await IMAPConnection.probe(configuration: try MailStack.implicitTLS())
        #expect(result.isEncrypted)
        #expect(result.capabilities.contains(.imap4rev1))
        #expect(result.greeting.contains("ready"))
    }

    @Test func untrustedCertificateIsRejected() async throws {
        // Without the stack's CA the self-signed chain must not verify.
        var configuration = try MailStack.implicitTLS()
        configuration.caFilePath = nil
        await #expect {
            _ = try await IMAPConnection.connect(configuration: configuration)
        } throws: { error in
            guard case .tlsFailed = error as? IMAPError else { return false }
            return true
        }
    }

    @Test func connectionRefusedIsAConnectionError() async throws {
        let configuration = IMAPConfiguration(host: "127.0.0.1", port: 1, security: .implicitTLS)
        await #expect {
            _ = try await IMAPConnection.connect(configuration: configuration)
        } throws: { error in
            guard case .connectionFailed = error as? IMAPError else { return false }
            return true
        }
    }

    @Test func plainTextRefusesCredentialsUnlessLoopbackAllowed() async throws {
        let credentials = try MailStack.account("imaptest-conn")
        let port = try MailStack.port("MAILSTACK_IMAP_PORT")
        let strict = IMAPConfiguration(host: MailStack.host, port: port, security: .plainText(allowLoopbackCredentials: false))
        let connection = try await IMAPConnection.connect(configuration: strict)
        await #expect {
            try await connection.login(credentials)
        } throws: { error in
            guard case .insecureConnection = error as? IMAPError else { return false }
            return true
        }
        await connection.close()

        let loopback = IMAPConfiguration(host: MailStack.host, port: port, security: .plainText(allowLoopbackCredentials: true))
        try await withLoggedInConnection(credentials, configuration: loopback) { connection in
            #expect(await !connection.isEncrypted)
        }
    }
}
