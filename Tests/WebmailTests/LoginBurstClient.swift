import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat

/// Sends logins to a live test server with up to 300 connections at once (HummingbirdTesting's
/// own clients send one request at a time, which would hide every race). The client address is
/// given in X-Real-IP, which the server trusts from loopback as it does from nginx.
final class LoginBurstClient: Sendable {
    let port: Int
    private let client: HTTPClient

    struct Answer: Sendable {
        let status: Int
        let detail: String?
        let attemptsLeft: Int?
        let retryAfter: Int?
        let elapsed: Duration
    }

    init(port: Int) {
        self.port = port
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 300
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    func login(_ username: String, _ password: String, from address: String, headers extra: [(String, String)] = [],
               contentType: String = "application/json") async throws -> Answer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/auth/login")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.headers.add(name: "X-Real-IP", value: address)
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        let body = try JSONSerialization.data(withJSONObject: ["username": username, "password": password])
        request.body = .bytes(ByteBuffer(data: body))
        let started = ContinuousClock.now
        let response = try await client.execute(request, timeout: .seconds(90))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:]
        return Answer(status: Int(response.status.code),
                      detail: object["detail"] as? String, attemptsLeft: object["attempts_left"] as? Int,
                      retryAfter: response.headers.first(name: "Retry-After").flatMap { Int($0) },
                      elapsed: ContinuousClock.now - started)
    }

    /// `count` logins at once; the answers in arrival order.
    func burst(_ count: Int, _ username: String, _ password: String, from address: (Int) -> String) async throws -> [Answer] {
        try await withThrowingTaskGroup(of: Answer.self) { group in
            for index in 0..<count {
                let from = address(index)
                group.addTask { try await self.login(username, password, from: from) }
            }
            var answers: [Answer] = []
            for try await answer in group { answers.append(answer) }
            return answers
        }
    }

    func shutdown() async throws { try await client.shutdown() }
}
