import Foundation
import ManageSieve
import NIOCore
import NIOPosix
import Testing

/// The client against the real managesieved of scripts/mailstack: every command, literals both
/// ways, the server's reasons in typed errors, TLS verification, deadlines.
@Suite(.enabled(if: MailStack.shouldRun), .serialized)
struct ClientIntegrationTests {
    static let script = "require [\"fileinto\", \"mailbox\"];\r\nif header :contains \"subject\" \"견적\" { fileinto :create \"견적\"; }\r\n"

    func connect() async throws -> ManageSieveConnection {
        try await ManageSieveConnection.connect(configuration: MailStack.configuration(),
                                                credentials: MailStack.account("sieve-client"))
    }

    @Test func everyScriptCommandRoundTrips() async throws {
        let connection = try await connect()
        let capabilities = await connection.capabilities
        #expect(capabilities.sieveExtensions.contains("vacation"))
        #expect(!capabilities.offersStartTLS)   // already upgraded
        for listing in try await connection.listScripts() {
            if listing.isActive { try await connection.setActive("") }
            try await connection.deleteScript(listing.name)
        }
        let name = "필터 \"one\" \\ x"
        try await connection.haveSpace(name, size: Self.script.utf8.count)
        try await connection.checkScript(Self.script)
        try await connection.putScript(name, content: Self.script)
        try await connection.setActive(name)
        #expect(try await connection.listScripts() == [SieveScriptListing(name: name, isActive: true)])
        #expect(try await connection.getScript(name) == Self.script)
        await #expect(throws: ManageSieveError.self) { try await connection.deleteScript(name) }   // active
        try await connection.setActive("")
        try await connection.deleteScript(name)
        #expect(try await connection.listScripts().isEmpty)
        await connection.logout()
    }

    @Test func refusalsCarryTheServersReasonAndCode() async throws {
        let connection = try await connect()
        do {
            try await connection.checkScript("require \"fileinto\";\r\nif true {\r\n")
            Issue.record("a broken script passed CHECKSCRIPT")
        } catch let error as ManageSieveError {
            guard case .refused(let command, _, let reason) = error else { throw error }
            #expect(command == "CHECKSCRIPT")
            #expect(reason.contains("line 3: error") || reason.contains("error"))
        }
        do {
            _ = try await connection.getScript("does not exist")
            Issue.record("GETSCRIPT of a missing script succeeded")
        } catch let error as ManageSieveError {
            #expect(error.responseCode == "NONEXISTENT")
        }
        await #expect(throws: ManageSieveError.self) { try await connection.haveSpace("x", size: 999_999_999) }
        await connection.logout()
    }

    @Test func controlCharactersInNamesAreNeverSent() async throws {
        let connection = try await connect()
        await #expect(throws: ManageSieveError.invalidArgument("PUTSCRIPT: a control character in a string argument")) {
            try await connection.putScript("a\r\nLOGOUT", content: "keep;")
        }
        #expect(try await connection.listScripts().allSatisfy { !$0.name.contains("LOGOUT") })
        await connection.logout()
    }

    @Test func wrongPasswordIsAnAuthenticationFailure() async throws {
        var credentials = try MailStack.account("sieve-client")
        credentials.password = "wrong"
        await #expect {
            _ = try await ManageSieveConnection.connect(configuration: MailStack.configuration(), credentials: credentials)
        } throws: { error in
            if case ManageSieveError.authenticationFailed = error { return true }
            return false
        }
    }

    @Test func anUntrustedCertificateIsRefused() async throws {
        var configuration = try MailStack.configuration()
        configuration.caFilePath = nil
        await #expect {
            _ = try await ManageSieveConnection.connect(configuration: configuration, credentials: MailStack.account("sieve-client"))
        } throws: { error in
            if case ManageSieveError.tlsFailed = error { return true }
            return false
        }
    }

    /// A server that accepts the connection and never speaks: the greeting's deadline fires.
    @Test func aSilentServerTimesOut() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        defer { server.close(promise: nil) }
        let port = try #require(server.localAddress?.port)
        let configuration = try MailStack.configuration(commandTimeout: .milliseconds(300), port: port)
        await #expect(throws: ManageSieveError.timedOut(step: "greeting")) {
            _ = try await ManageSieveConnection.connect(configuration: configuration, credentials: MailStack.account("sieve-client"))
        }
    }

    @Test func nothingListeningIsAConnectFailure() async throws {
        let configuration = try MailStack.configuration(port: 1)
        await #expect {
            _ = try await ManageSieveConnection.connect(configuration: configuration, credentials: MailStack.account("sieve-client"))
        } throws: { error in
            if case ManageSieveError.connectFailed = error { return true }
            return false
        }
    }
}
