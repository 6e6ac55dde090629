import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Webmail

/// The HTTP connection deadlines (`ZM_HTTP_HEADER_TIMEOUT`, `ZM_HTTP_IDLE_TIMEOUT`) on a real
/// port with a raw TCP client: slow or idle clients are let go, slow uploads are not cut.
/// (Event streams under the same deadlines: `EventStreamLifetimeTests`.)
@Suite struct HTTPDeadlineTests {
    static func loginApp(idle: TimeInterval, header: TimeInterval, state: TemporaryDirectory) async throws -> some ApplicationProtocol {
        let configuration = makeTestConfiguration(stateDir: state.path) {
            $0.httpIdleTimeout = idle
            $0.httpHeaderTimeout = header
        }
        return try await buildApplication(
            configuration: configuration,
            dependencies: .init(loginVerifier: FakeLoginVerifier(), imapProbe: { true }, smtpProbe: { true }))
    }

    @Test func halfARequestHeadIsCutAtTheHeaderDeadline() async throws {
        let state = try TemporaryDirectory()
        let app = try await Self.loginApp(idle: 30, header: 1, state: state)
        try await app.test(.live) { client in
            let connection = try RawHTTPConnection(port: try #require(client.port))
            connection.send("GET /health HTTP/1.1\r\nHost: localhost\r\n")
            // More header bytes do not move the deadline.
            connection.send("X-Slow: 1\r\n")
            let closedAfter = await connection.waitForClose(within: .seconds(10))
            let after = try #require(closedAfter, "the connection stayed open")
            #expect(after >= .milliseconds(900))
            // Far below the idle timeout (30 s): the header deadline did it.
            #expect(after < .seconds(5))
        }
    }

    @Test func anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() async throws {
        let state = try TemporaryDirectory()
        let app = try await Self.loginApp(idle: 1, header: 30, state: state)
        try await app.test(.live) { client in
            let connection = try RawHTTPConnection(port: try #require(client.port))
            // Timed from the request: the server's idle timer starts once it has read it, so the
            // close comes at least the idle timeout later however slowly this side reads the answer
            // (timed from the answer, a busy machine's slow read made it look early).
            let clock = ContinuousClock()
            let sent = clock.now
            connection.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let answer = await connection.read(until: "}", within: .seconds(10))
            #expect(answer?.hasPrefix("HTTP/1.1 200") == true, "\(answer ?? "no answer")")
            let closedAfter = await connection.waitForClose(within: .seconds(10))
            _ = try #require(closedAfter, "the connection stayed open")
            let after = clock.now - sent
            #expect(after >= .milliseconds(950))
            #expect(after < .seconds(6))
        }
    }

    /// A body sent in pieces 0.4 s apart over 5.6 s, longer than both deadlines (header 1 s,
    /// idle 5 s), is read to the end and answered: the deadlines are for heads and for
    /// silence, not for slow uploads. (The idle timeout is far above the pause so that a
    /// machine busy with parallel suites stretching a pause cannot turn it into a silence.)
    @Test func aSlowUploadIsNotCut() async throws {
        let state = try TemporaryDirectory()
        let app = try await Self.loginApp(idle: 5, header: 1, state: state)
        try await app.test(.live) { client in
            let connection = try RawHTTPConnection(port: try #require(client.port))
            let body = #"{"username": "tester@zioinfo.co.kr", "password": "right-password"}"#
            connection.send("POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: \(body.utf8.count)\r\n\r\n")
            let pieces = stride(from: 0, to: body.count, by: 5).map { start in
                String(body.dropFirst(start).prefix(5))
            }
            for piece in pieces {
                // The client is slow on purpose: this pause is what is tested.
                try await Task.sleep(for: .milliseconds(400))
                connection.send(piece)
            }
            let answer = await connection.read(until: "access_token", within: .seconds(10))
            #expect(answer?.hasPrefix("HTTP/1.1 200") == true, "\(answer ?? "no answer: cut")")
        }
    }
}
