import Foundation
import Hummingbird
import Logging
import HummingbirdTesting
import NIOCore
import Testing
@testable import Webmail

/// `/mail/events` against the real Dovecot: a stream ends with its session (logout, revocation)
/// and leaves no IDLE connection behind; the HTTP deadlines do not cut it.
@Suite(.serialized, .enabled(if: MailStackEnvironment.runnable))
struct EventStreamLifetimeTests {
    /// The application with its services in reach (pool, hub, tokens).
    static func makeApp(_ configuration: WebmailConfiguration) async throws -> (some ApplicationProtocol, WebmailServices) {
        let services = try await makeServices(configuration: configuration, dependencies: .init(), logger: Logger(label: "test"))
        let app = Application(
            router: buildRouter(services), server: .http1(configuration: httpChannelConfiguration(configuration)),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return (app, services)
    }

    static func login(_ client: some TestClientProtocol) async throws -> String {
        let response = try await client.execute(
            uri: "/auth/login", method: .post, headers: [.contentType: "application/json"],
            body: try LoadAccounts.loginBody(LoadAccounts.events, LoadAccounts.eventsPassword))
        #expect(response.status == .ok, "\(response.text)")
        return try #require(response.json["access_token"] as? String)
    }

    /// Dovecot holds exactly the pool's connections for the user: no IDLE connection is left.
    /// (Dovecot notices a LOGOUT a moment after the client sent it; checked until a deadline.)
    static func expectNoIDLEConnectionLeft(_ services: WebmailServices) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        var sessions = try LoadAccounts.dovecotSessions(of: LoadAccounts.events)
        while sessions > services.imapStore.pool.openConnections, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            sessions = try LoadAccounts.dovecotSessions(of: LoadAccounts.events)
        }
        #expect(sessions <= services.imapStore.pool.openConnections, "Dovecot sessions \(sessions)")
        #expect(await services.eventHub.activeFeeds == 0)
    }

    @Test func logoutEndsTheStreamAndNoLaterMailReachesIt() async throws {
        try await LoadAccounts.ensure()
        let state = try TemporaryDirectory()
        let (app, services) = try await Self.makeApp(try MailStackAPITests.stackConfiguration(state: state))
        try await app.test(.live) { client in
            let token = try await Self.login(client)
            let reader = try SSEReader(port: try #require(client.port), path: "/mail/events", token: token, closeWhenDone: true)
            #expect(await reader.waitFor("ready", within: .seconds(15)), "\(reader.names)")
            #expect(try LoadAccounts.dovecotSessions(of: LoadAccounts.events) > services.imapStore.pool.openConnections)

            let loggedOut = try await client.execute(uri: "/auth/logout", method: .post, headers: [.authorization: "Bearer \(token)"])
            #expect(loggedOut.status == .ok)
            #expect(await reader.waitForEnd(within: .seconds(5)), "\(reader.names)")

            // Mail delivered after the logout: nothing more on that stream (it is gone), and the
            // user's IDLE connection is logged out.
            let other = try await MailStackAPITests.login(client, "ythong@zioinfo.co.kr")
            let sent = try await MailStackAPITests.send(client, token: other, [
                "to": [LoadAccounts.events], "subject": "after logout \(UUID().uuidString.prefix(8))", "text": "x",
            ])
            #expect(sent.status == .ok, "\(sent.text)")
            #expect(!reader.names.contains("new_message"))
            try await Self.expectNoIDLEConnectionLeft(services)
        }
    }

    @Test func aRevokedTokensStreamEndsAtTheNextHeartbeat() async throws {
        try await LoadAccounts.ensure()
        let state = try TemporaryDirectory()
        var configuration = try MailStackAPITests.stackConfiguration(state: state)
        configuration.eventsHeartbeat = 0.5
        let (app, services) = try await Self.makeApp(configuration)
        try await app.test(.live) { client in
            let token = try await Self.login(client)
            let reader = try SSEReader(port: try #require(client.port), path: "/mail/events", token: token, closeWhenDone: true)
            #expect(await reader.waitFor("ready", within: .seconds(15)), "\(reader.names)")
            #expect(await reader.waitFor("heartbeat", within: .seconds(5)), "\(reader.names)")

            // Revoked by other means than this server's logout (another instance, the file).
            let session = try await services.tokens.verify(token, fromCookie: false)
            let revoked = ContinuousClock.now
            try await services.tokens.revocations.revoke(session.tokenID, until: session.expiresAt)
            #expect(await reader.waitForEnd(within: .seconds(5)), "\(reader.names)")
            // A generous bound around one heartbeat interval.
            #expect(ContinuousClock.now - revoked < .seconds(3))
            try await Self.expectNoIDLEConnectionLeft(services)
        }
    }

    /// The HTTP idle and header deadlines (1 s here) cut neither a long event stream nor the
    /// heartbeats that keep it open.
    @Test func theHTTPDeadlinesDoNotCutAnEventStream() async throws {
        try await LoadAccounts.ensure()
        let state = try TemporaryDirectory()
        var configuration = try MailStackAPITests.stackConfiguration(state: state)
        configuration.httpIdleTimeout = 1
        configuration.httpHeaderTimeout = 1
        configuration.eventsHeartbeat = 0.4
        let (app, _) = try await Self.makeApp(configuration)
        try await app.test(.live) { client in
            let token = try await Self.login(client)
            let reader = try SSEReader(port: try #require(client.port), path: "/mail/events", token: token, closeWhenDone: true)
            #expect(await reader.waitFor("ready", within: .seconds(15)), "\(reader.names)")
            // 3 s: three times both deadlines.
            #expect(!(await reader.waitForEnd(within: .seconds(3))), "\(reader.names)")
            #expect(reader.names.filter { $0 == "heartbeat" }.count >= 4, "\(reader.names)")
        }
    }
}
