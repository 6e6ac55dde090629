import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Webmail

@Suite struct HTTPBasicsTests {
    func app(static staticDir: String? = nil) async throws -> (some ApplicationProtocol, TemporaryDirectory) {
        let state = try TemporaryDirectory()
        let app = try await buildApplication(
            configuration: makeTestConfiguration(stateDir: state.path, staticDir: staticDir),
            dependencies: .init(loginVerifier: FakeLoginVerifier(), imapProbe: { true }, smtpProbe: { false })
        )
        return (app, state)
    }

    @Test func healthAnswersAtBothPaths() async throws {
        let (app, _) = try await app()
        try await app.test(.router) { client in
            for path in ["/health", "/api/health"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.json["status"] as? String == "ok")
                    #expect(response.json["version"] as? String == WebmailVersion.current)
                    #expect(response.json["imap"] != nil && response.json["smtp"] != nil)
                    // Not a document: nothing may load, run or frame it.
                    #expect(response.headers[.contentSecurityPolicy] == "default-src 'none'; frame-ancestors 'none'; sandbox")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[.cacheControl] == "no-store")
                }
            }
        }
    }

    @Test func healthReportsTheProbedState() async throws {
        let status = MailServerStatus(logger: .init(label: "test"), imapProbe: { true }, smtpProbe: { false })
        #expect(status.imap == .unknown)
        await status.refresh()
        #expect(status.imap == .ok)
        #expect(status.smtp == .unreachable)
    }

    @Test func unknownAPIPathsAreJSON404s() async throws {
        let (app, _) = try await app()
        try await app.test(.router) { client in
            for path in ["/mail/nothing", "/api/whatever", "/auth/nope", "/api"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                    #expect(response.json["detail"] is String)
                }
            }
        }
    }

    @Test func badBodiesAreJSON400sWithoutInternals() async throws {
        let (app, _) = try await app()
        try await app.test(.router) { client in
            try await client.execute(uri: "/auth/login", method: .post, body: ByteBuffer(string: "{not json")) { response in
                #expect(response.status == .badRequest)
                #expect(Set(response.json.keys) == ["code", "detail"])
                #expect(!response.text.contains("Swift") && !response.text.contains("DecodingError"))
            }
            try await client.execute(uri: "/auth/login", method: .get) { response in
                #expect(response.json["detail"] is String)
            }
        }
    }

    @Test func theSPAIsServedWithTypesCachingAndFallback() async throws {
        let spa = try TemporaryDirectory()
        try spa.write("index.html", "<!doctype html><title>zioinfo-mail</title>" + String(repeating: "<!-- padding -->", count: 40))
        let script = "console.log('hello');\n" + String(repeating: "const a = 1;\n", count: 200)
        try spa.write("assets/main-A1B2C3D4.js", script)
        try spa.write("favicon.ico", "ico")
        let (app, _) = try await app(static: spa.path)
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.text.contains("zioinfo-mail"))
                // The SPA's document: its own scripts, never framed, no inline script.
                let policy = try #require(response.headers[.contentSecurityPolicy])
                let directives = policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                #expect(directives.contains("default-src 'self'"))
                #expect(directives.contains("script-src 'self'"))
                #expect(directives.contains("frame-ancestors 'none'"))
                #expect(!policy.contains("unsafe-eval"))
            }
            try await client.execute(uri: "/assets/main-A1B2C3D4.js", method: .get) { response in
                #expect(response.headers[.contentType]?.contains("javascript") == true)
                #expect(response.headers[.cacheControl]?.contains("immutable") == true)
                #expect(response.text == script)
                #expect(response.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'none'") == true)
            }
            try await client.execute(uri: "/assets/main-A1B2C3D4.js", method: .get, headers: [.acceptEncoding: "gzip, br"]) { response in
                #expect(response.headers[.contentEncoding] == "gzip")
                #expect(response.body.readableBytes < script.utf8.count)
                #expect(response.body.getBytes(at: 0, length: 2) == [0x1F, 0x8B])
            }
            try await client.execute(uri: "/favicon.ico", method: .get) { response in
                #expect(response.headers[.cacheControl] == "no-cache")
            }
            // A client-side route survives a reload.
            try await client.execute(uri: "/mailbox/INBOX/42", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("zioinfo-mail"))
                #expect(response.headers[.cacheControl] == "no-store")
            }
            // Never outside the folder.
            try await client.execute(uri: "/../../etc/passwd", method: .get) { response in
                #expect(!response.text.contains("root:"))
            }
            try await client.execute(uri: "/%2e%2e/%2e%2e/etc/passwd", method: .get) { response in
                #expect(!response.text.contains("root:"))
            }
            try await client.execute(uri: "/api/nothing", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.json["detail"] is String)
            }
        }
    }

    @Test func contentHashedNamesAreRecognised() {
        #expect(SinglePageAppMiddleware<WebmailRequestContext>.isContentHashed("main-A1B2C3D4.js"))
        #expect(SinglePageAppMiddleware<WebmailRequestContext>.isContentHashed("chunk.5f3e2a1b9c.css"))
        #expect(!SinglePageAppMiddleware<WebmailRequestContext>.isContentHashed("index.html"))
        #expect(!SinglePageAppMiddleware<WebmailRequestContext>.isContentHashed("favicon.ico"))
        #expect(!SinglePageAppMiddleware<WebmailRequestContext>.isContentHashed("my-component.js"))
    }
}

@Suite struct MetricsTests {
    @Test func requestsAreCountedAndScrapedAsPrometheusText() async throws {
        let metrics = WebmailMetrics()
        metrics.recordRequest(method: "GET", status: 200, duration: .milliseconds(12))
        metrics.recordRequest(method: "GET", status: 404, duration: .milliseconds(3))
        metrics.sample(name: "zm_imap_pool_connections", help: "open IMAP connections") { 3 }
        let app = Application(router: MetricsListener.router(metrics))
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = response.text
                #expect(text.contains(#"zm_http_requests_total{method="GET",status="2xx"} 1"#))
                #expect(text.contains(#"zm_http_requests_total{method="GET",status="4xx"} 1"#))
                #expect(text.contains("zm_http_request_duration_seconds_bucket"))
                #expect(text.contains("zm_imap_pool_connections 3"))
            }
        }
    }
}

@Suite struct IMAPRoundTripMetricTests {
    @Test func onlyMailRoutesAreMeasured() async {
        #expect(MetricsMiddleware<WebmailRequestContext>.isMailRoute("/mail/messages"))
        #expect(MetricsMiddleware<WebmailRequestContext>.isMailRoute("/api/mail/folders"))
        #expect(!MetricsMiddleware<WebmailRequestContext>.isMailRoute("/auth/login"))
        #expect(!MetricsMiddleware<WebmailRequestContext>.isMailRoute("/health"))
        let metrics = WebmailMetrics()
        metrics.recordIMAPRoundTrips(3)
        let text = await metrics.scrape()
        #expect(text.contains("zm_imap_round_trips_per_request_count 1"))
        #expect(text.contains("zm_imap_round_trips_per_request_sum 3"))
    }
}

@Suite struct ChunkedBodyDecoderTests {
    static let body = Array("5\r\nhello\r\n1;ext=1\r\n \r\nd\r\nworld, 한글\r\n0\r\n\r\n".utf8)

    @Test func decodesEveryChunkingToTheSamePayload() throws {
        for split in 0...Self.body.count {
            var decoder = ChunkedBodyDecoder()
            var payload: [UInt8] = []
            try decoder.feed(Self.body[..<split]) { payload += $0 }
            try decoder.feed(Self.body[split...]) { payload += $0 }
            #expect(String(decoding: payload, as: UTF8.self) == "hello world, 한글", "split at \(split)")
            #expect(decoder.isDone)
        }
    }

    @Test func rejectsBadFraming() {
        var decoder = ChunkedBodyDecoder()
        #expect(throws: ChunkedBodyDecoder.Malformed.self) { try decoder.feed(Array("zz\r\n".utf8)[...]) { _ in } }
        var missingCRLF = ChunkedBodyDecoder()
        #expect(throws: ChunkedBodyDecoder.Malformed.self) { try missingCRLF.feed(Array("2\r\nabXY".utf8)[...]) { _ in } }
    }
}
