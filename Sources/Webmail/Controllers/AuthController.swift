import Foundation
import Hummingbird
import Logging
import NIOCore

/// `POST /auth/login`, `POST /auth/logout`, `GET /auth/me`.
struct AuthController {
    let tokens: TokenService
    let verifier: any MailLoginVerifying
    let limiter: any LoginAttemptLimiting
    let mailDomain: String?
    /// ZM_MAX_MESSAGE_BYTES, told to the SPA so its compose form shows the server's real limit.
    var maxMessageBytes = WebmailConfiguration().maxMessageBytes
    /// 수신확인 and 발송취소 are configured (a Dovecot master user): the SPA shows them.
    var receiptsAvailable = false
    /// Ends the session's event streams at logout (nil in tests without one).
    var eventHub: MailEventHub?

    struct LoginRequest: Decodable {
        let username: String
        let password: String
    }

    struct UserInfo: Codable { let email: String }

    struct LoginResponse: ResponseEncodable {
        let accessToken: String
        let tokenType: String
        let expiresAt: Date
        let user: UserInfo

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token", tokenType = "token_type", expiresAt = "expires_at", user
        }
    }

    struct MeResponse: ResponseEncodable {
        let email: String
        let expiresAt: Date
        let maxMessageBytes: Int
        let receipts: Bool
        enum CodingKeys: String, CodingKey { case email, expiresAt = "expires_at", maxMessageBytes = "max_message_bytes", receipts }
    }

    struct LogoutResponse: ResponseEncodable { let ok: Bool }

    func addRoutes(to group: RouterGroup<WebmailRequestContext>, authenticator: SessionAuthenticator) {
        group.post("auth/login", use: login)
        group.group("auth").add(middleware: authenticator)
            .post("logout", use: logout)
            .get("me") { _, context in
                let session = try context.requireSession()
                return MeResponse(email: session.email, expiresAt: session.expiresAt, maxMessageBytes: maxMessageBytes,
                                  receipts: receiptsAvailable)
            }
    }

    func login(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        try LoginRequestOrigin.check(request)
        let body = try await request.decode(as: LoginRequest.self, context: context)
        let attempt = LoginAttempt(account: try normalizedAccount(body.username), address: clientAddress(request, context))
        let email = attempt.account
        switch await limiter.admit(attempt, now: Date()) {
        case .limited(let wait):
            context.logger.notice("login limited", metadata: ["user": "\(email)", "address": "\(attempt.address)"])
            throw APIError(.tooManyRequests, "로그인 시도가 너무 많습니다. \(wait)초 후에 다시 시도하세요",
                           code: .rateLimited, headers: [.retryAfter: String(wait)])
        case .busy(let wait):
            context.logger.notice("login refused: too many logins being checked at once")
            throw APIError(.serviceUnavailable, "로그인 요청이 몰려 있습니다. \(wait)초 후에 다시 시도하세요",
                           code: .loginBusy, headers: [.retryAfter: String(wait)])
        case .admitted(let delay):
            if delay > .zero {
                context.logger.notice("login delayed", metadata: ["user": "\(email)", "delay": "\(delay)"])
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    await limiter.finish(attempt, outcome: .cancelledDuringDelay, now: Date())
                    throw error
                }
                await limiter.delayEnded(attempt, now: Date())
            }
            do {
                try await verify(attempt, password: body.password, logger: context.logger)
            } catch let failure as LoginFailure {
                let left = await limiter.finish(attempt, outcome: .failed, now: Date()) ?? 0
                context.logger.notice("login refused", metadata: ["user": "\(email)", "reason": "\(failure.reason)"])
                throw APIError(.unauthorized, "인증 실패", code: .authenticationFailed, attemptsLeft: left)
            } catch {
                // The mail server is unreachable, or the client went away.
                await limiter.finish(attempt, outcome: .abandoned, now: Date())
                throw error
            }
            await limiter.finish(attempt, outcome: .succeeded, now: Date())
        }
        let issued = try await tokens.issue(email: email, password: body.password)
        context.logger.info("login", metadata: ["user": "\(email)"])
        var response = try LoginResponse(
            accessToken: issued.token, tokenType: "bearer", expiresAt: issued.expiresAt, user: UserInfo(email: email)
        ).response(from: request, context: context)
        AuthCookies.set(token: issued, csrf: AuthCookies.newCSRFValue(), secure: AuthCookies.isSecure(request), on: &response.headers)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func logout(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        let session = try context.requireSession()
        // Refused by this instance at once; a store that cannot record it (503) means the other
        // instances may still accept the token, so the client is told and may try again.
        let stored: Result<Void, any Error>
        do { stored = .success(try await tokens.revocations.revoke(session.tokenID, until: session.expiresAt)) } catch { stored = .failure(error) }
        await eventHub?.endStreams(of: session)
        try stored.get()
        context.logger.info("logout", metadata: ["user": "\(session.email)"])
        var response = try LogoutResponse(ok: true).response(from: request, context: context)
        AuthCookies.clear(secure: AuthCookies.isSecure(request), on: &response.headers)
        return response
    }

    /// Why a login was refused as the user's fault (counted by the limiter); only for the log.
    struct LoginFailure: Error { let reason: String }

    /// Asks the mail server, after refusing passwords that could never be right there: empty, over
    /// 1 KiB, or with CR, LF or NUL (checked per Unicode scalar: `"\r\n"` is one Character). Those
    /// count as failures like a wrong password, so they cannot be used to probe without limit.
    func verify(_ attempt: LoginAttempt, password: String, logger: Logger) async throws {
        guard !password.isEmpty, password.utf8.count <= 1024,
              !password.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
            throw LoginFailure(reason: "unusable password")
        }
        do {
            try await verifier.verifyLogin(email: attempt.account, password: password)
        } catch .invalidCredentials {
            throw LoginFailure(reason: "wrong credentials")
        } catch .unavailable(let reason) {
            logger.error("login: mail server unavailable", metadata: ["reason": "\(reason)"])
            throw APIError.mailServerUnavailable("메일 서버(IMAP)에 연결할 수 없습니다. 잠시 후 다시 시도하세요")
        } catch .busy {
            throw APIError.serviceBusy
        }
    }

    /// `ythong` → `ythong@<ZM_MAIL_DOMAIN>`; anything with CR/LF/NUL or over-long is refused
    /// before it can reach an IMAP command.
    func normalizedAccount(_ username: String) throws -> String {
        var account = username.trimmingCharacters(in: .whitespaces).lowercased()
        guard !account.isEmpty, account.utf8.count <= 254,
              !account.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw APIError.authenticationFailed
        }
        if !account.contains("@"), let mailDomain { account += "@" + mailDomain }
        return account
    }

    /// The client for the login limit: the TCP peer, or nginx's X-Real-IP when the peer is the
    /// local nginx (only then is the header trustworthy).
    func clientAddress(_ request: Request, _ context: WebmailRequestContext) -> String {
        let peer = context.peerAddress?.ipAddress ?? "unknown"
        if peer == "127.0.0.1" || peer == "::1", let forwarded = request.headers[.xRealIP], !forwarded.isEmpty {
            return forwarded
        }
        return peer
    }
}
