import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Webmail

@Suite struct AuthTests {
    let verifier = FakeLoginVerifier()
    let jwtKey = String(repeating: "s", count: 40)
    let sealKey = Data(repeating: 9, count: 32).base64EncodedString()

    func app(state: TemporaryDirectory, reachable: Bool = true, fixedKeys: Bool = false) async throws -> some ApplicationProtocol {
        var verifier = self.verifier
        verifier.reachable = reachable
        let configuration = makeTestConfiguration(stateDir: state.path) {
            if fixedKeys { $0.jwtKey = jwtKey; $0.sealKey = sealKey }
            $0.loginAttempts = 3
        }
        return try await buildApplication(configuration: configuration, dependencies: .init(loginVerifier: verifier, imapProbe: { true }, smtpProbe: { true }))
    }

    func loginBody(_ username: String, _ password: String) -> ByteBuffer {
        ByteBuffer(data: try! JSONSerialization.data(withJSONObject: ["username": username, "password": password]))
    }

    func login(_ client: some TestClientProtocol, username: String? = nil, password: String? = nil) async throws -> TestResponse {
        try await client.execute(uri: "/auth/login", method: .post, headers: [.contentType: "application/json"],
                                 body: loginBody(username ?? verifier.email, password ?? verifier.password))
    }

    func cookies(_ response: TestResponse) -> [String: String] {
        var result: [String: String] = [:]
        for field in response.headers[values: .setCookie] {
            let pair = field.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            if pair.count == 2 { result[String(pair[0])] = String(pair[1]) }
        }
        return result
    }

    @Test func loginIssuesABearerTokenAndCookies() async throws {
        let state = try TemporaryDirectory()
        try await app(state: state).test(.router) { client in
            let response = try await login(client)
            #expect(response.status == .ok)
            let json = response.json
            let token = try #require(json["access_token"] as? String)
            #expect(json["token_type"] as? String == "bearer")
            #expect((json["user"] as? [String: Any])?["email"] as? String == verifier.email)
            let expires = try #require(json["expires_at"] as? String)
            #expect(ISO8601DateFormatter().date(from: expires) != nil)
            let setCookies = response.headers[values: .setCookie]
            let tokenCookie = try #require(setCookies.first { $0.hasPrefix("zm_token=") })
            #expect(tokenCookie.contains("HttpOnly") && tokenCookie.contains("SameSite=Strict") && !tokenCookie.contains("Secure"))
            let csrfCookie = try #require(setCookies.first { $0.hasPrefix("zm_csrf=") })
            #expect(!csrfCookie.contains("HttpOnly"))
            // The password is sealed: not in the token, not even base64-decoded.
            let payload = try #require(Data(base64URLEncoded: String(token.split(separator: ".")[1])))
            #expect(!String(decoding: payload, as: UTF8.self).contains(verifier.password))

            try await client.execute(uri: "/api/auth/me", method: .get, headers: [.authorization: "Bearer \(token)"]) { me in
                #expect(me.status == .ok)
                #expect(me.json["email"] as? String == verifier.email)
            }
        }
    }

    @Test func secureCookiesBehindHTTPS() async throws {
        let state = try TemporaryDirectory()
        try await app(state: state).test(.router) { client in
            let response = try await client.execute(uri: "/auth/login", method: .post, headers: [.xForwardedProto: "https", .contentType: "application/json"],
                                                    body: loginBody(verifier.email, verifier.password))
            #expect(response.headers[values: .setCookie].allSatisfy { $0.contains("Secure") })
        }
    }

    @Test func aBareUserNameGetsTheMailDomain() async throws {
        let state = try TemporaryDirectory()
        try await app(state: state).test(.router) { client in
            let response = try await login(client, username: "Tester")
            #expect(response.status == .ok)
            #expect((response.json["user"] as? [String: Any])?["email"] as? String == "tester@zioinfo.co.kr")
        }
    }

    @Test func wrongPasswordIs401InKorean() async throws {
        let state = try TemporaryDirectory()
        try await app(state: state).test(.router) { client in
            let response = try await login(client, password: "wrong")
            #expect(response.status == .unauthorized)
            #expect(response.json["detail"] as? String == "인증 실패")
            #expect(response.json["code"] as? String == "authentication_failed")
            #expect(response.headers[values: .setCookie].isEmpty)
            let injected = try await login(client, username: "tester@zioinfo.co.kr\r\nA1 LOGOUT")
            #expect(injected.status == .unauthorized)
        }
    }

    @Test func unreachableMailServerIs502NotAWrongPassword() async throws {
        let state = try TemporaryDirectory()
        try await app(state: state, reachable: false).test(.router) { client in
            let response = try await login(client)
            #expect(response.status == .badGateway)
            #expect(response.json["code"] as? String == "mail_server_unavailable")
            let detail = try #require(response.json["detail"] as? String)
            #expect(detail != "인증 실패" && detail.contains("IMAP"))
        }
    }

    @Test func missingTamperedExpiredAndRevokedTokensAre401() async throws {
        let state = try TemporaryDirectory()
        try await app(state: state, fixedKeys: true).test(.router) { client in
            try await client.execute(uri: "/auth/me", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.json["code"] as? String == "login_required")
            }
            let token = try #require(try await login(client).json["access_token"] as? String)

            var parts = token.split(separator: ".").map(String.init)
            var claims = try #require(try JSONSerialization.jsonObject(with: Data(base64URLEncoded: parts[1])!) as? [String: Any])
            claims["sub"] = "admin@zioinfo.co.kr"
            parts[1] = try JSONSerialization.data(withJSONObject: claims).base64URLEncoded()
            let tampered = parts.joined(separator: ".")
            try await client.execute(uri: "/auth/me", method: .get, headers: [.authorization: "Bearer \(tampered)"]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.json["detail"] is String)
                #expect(response.json["code"] as? String == "invalid_token")
            }

            // A token issued an hour ago with a 60 s lifetime, signed with the server's keys.
            let keys = ServerKeys(signingKey: SymmetricKey(data: Data(jwtKey.utf8)), sealingKey: SymmetricKey(data: Data(base64Encoded: sealKey)!))
            let old = await TokenService(keys: keys, lifetime: 60, revocations: RevocationList(store: nil))
            let expired = try await old.issue(email: verifier.email, password: verifier.password, now: Date().addingTimeInterval(-3600))
            try await client.execute(uri: "/auth/me", method: .get, headers: [.authorization: "Bearer \(expired.token)"]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.json["code"] as? String == "session_expired")
            }

            try await client.execute(uri: "/auth/logout", method: .post, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/auth/me", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.json["code"] as? String == "invalid_token", "revoked")
            }
        }
    }

    @Test func keysAndRevocationsSurviveARestart() async throws {
        let state = try TemporaryDirectory()
        let (kept, revoked) = try await app(state: state).test(.router) { client in
            let kept = try #require(try await login(client).json["access_token"] as? String)
            let revoked = try #require(try await login(client).json["access_token"] as? String)
            try await client.execute(uri: "/auth/logout", method: .post, headers: [.authorization: "Bearer \(revoked)"]) { #expect($0.status == .ok) }
            return (kept, revoked)
        }
        for name in [ServerKeys.signingKeyFile, ServerKeys.sealingKeyFile] {
            let attributes = try FileManager.default.attributesOfItem(atPath: state.path + "/" + name)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        }
        try await app(state: state).test(.router) { client in
            try await client.execute(uri: "/auth/me", method: .get, headers: [.authorization: "Bearer \(kept)"]) { #expect($0.status == .ok) }
            try await client.execute(uri: "/auth/me", method: .get, headers: [.authorization: "Bearer \(revoked)"]) { #expect($0.status == .unauthorized) }
        }
    }

    @Test func cookieSessionsNeedTheCSRFHeaderToChangeState() async throws {
        let state = try TemporaryDirectory()
        try await app(state: state).test(.router) { client in
            let jar = cookies(try await login(client))
            let token = try #require(jar["zm_token"]), csrf = try #require(jar["zm_csrf"])
            let cookieHeader = "zm_token=\(token); zm_csrf=\(csrf)"
            // Reading with the cookie alone is fine.
            try await client.execute(uri: "/auth/me", method: .get, headers: [.cookie: cookieHeader]) { #expect($0.status == .ok) }
            // Changing state without, or with a wrong, CSRF header is refused.
            try await client.execute(uri: "/auth/logout", method: .post, headers: [.cookie: cookieHeader]) { response in
                #expect(response.status == .forbidden)
                #expect(response.json["detail"] is String)
                #expect(response.json["code"] as? String == "csrf_mismatch")
            }
            try await client.execute(uri: "/auth/logout", method: .post, headers: [.cookie: cookieHeader, .xCSRFToken: "forged"]) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/auth/logout", method: .post, headers: [.cookie: cookieHeader, .xCSRFToken: csrf]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[values: .setCookie].contains { $0.hasPrefix("zm_token=;") && $0.contains("Max-Age=0") })
            }
            try await client.execute(uri: "/auth/me", method: .get, headers: [.cookie: cookieHeader]) { #expect($0.status == .unauthorized) }
        }
    }

    @Test func failedLoginsAreLimitedPerAccountAndAddress() async throws {
        let state = try TemporaryDirectory()
        try await app(state: state).test(.router) { client in
            for left in [2, 1, 0] {
                let refused = try await login(client, password: "wrong")
                #expect(refused.status == .unauthorized)
                #expect(refused.json["attempts_left"] as? Int == left)
            }
            // Even the right password waits now, from this address: the limit must not tell guesses apart.
            let limited = try await login(client)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.json["code"] as? String == "rate_limited")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(limited.json["detail"] is String)
            // Another account from the same address (a colleague behind the same NAT) is not limited.
            #expect(try await login(client, username: "other@zioinfo.co.kr", password: "x").status == .unauthorized)
        }
    }

    /// Item 7 (login CSRF): never from another site's page, and from browsers only as JSON.
    @Test func loginNeedsJSONAndOurOwnSite() async throws {
        let state = try TemporaryDirectory()
        try await app(state: state).test(.router) { client in
            let body = loginBody(verifier.email, verifier.password)
            // What a form can send, the audit's text/plain above all: refused from anyone.
            for contentType in ["text/plain", "text/plain; charset=utf-8", "multipart/form-data; boundary=x"] {
                let response = try await client.execute(uri: "/auth/login", method: .post, headers: [.contentType: contentType], body: body)
                #expect(response.status == .unsupportedMediaType, "\(contentType)")
                #expect(response.json["detail"] is String)
                #expect(response.json["code"] as? String == "unsupported_media_type")
                #expect(response.headers[values: .setCookie].isEmpty)
            }
            // A browser's request of our own page must be JSON (a no-cors fetch may send urlencoded).
            for contentType in ["application/x-www-form-urlencoded", ""] {
                var headers: HTTPFields = [.secFetchSite: "same-origin"]
                if !contentType.isEmpty { headers[.contentType] = contentType }
                let response = try await client.execute(uri: "/auth/login", method: .post, headers: headers, body: body)
                #expect(response.status == .unsupportedMediaType, "\(contentType)")
            }
            for site in ["cross-site", "same-site"] {
                let response = try await client.execute(uri: "/auth/login", method: .post,
                                                        headers: [.contentType: "application/json", .secFetchSite: site], body: body)
                #expect(response.status == .forbidden, "\(site)")
                #expect(response.json["code"] as? String == "cross_site_login")
                #expect(response.headers[values: .setCookie].isEmpty)
            }
            for origin in ["https://evil.example", "null"] {
                let response = try await client.execute(uri: "/auth/login", method: .post,
                                                        headers: [.contentType: "application/json", .origin: origin], body: body)
                #expect(response.status == .forbidden, "\(origin)")
            }
            // Our own page, and clients that are not browsers: JSON, the seed's `curl -d` (urlencoded), no type.
            let ours = try await client.execute(uri: "/auth/login", method: .post,
                                                headers: [.contentType: "application/json; charset=utf-8", .secFetchSite: "same-origin"], body: body)
            #expect(ours.status == .ok)
            #expect(try await login(client).status == .ok)
            let curl = try await client.execute(uri: "/auth/login", method: .post,
                                                headers: [.contentType: "application/x-www-form-urlencoded"], body: body)
            #expect(curl.status == .ok)
            #expect(try await client.execute(uri: "/auth/login", method: .post, body: body).status == .ok)
        }
    }

    @Test func theOriginMustNameTheHostAskedFor() {
        #expect(LoginRequestOrigin.hostName("mail.zioinfo.co.kr:8025") == "mail.zioinfo.co.kr")
        #expect(LoginRequestOrigin.hostName("[::1]:8026") == "::1")
        #expect(LoginRequestOrigin.hostName("Mail.Zioinfo.co.kr") == "mail.zioinfo.co.kr")
        #expect(LoginRequestOrigin.acceptedType("Application/JSON ; charset=utf-8", fromBrowser: true))
        #expect(!LoginRequestOrigin.acceptedType("application/json-seq", fromBrowser: false))
        #expect(!LoginRequestOrigin.acceptedType(nil, fromBrowser: true))
    }
}
