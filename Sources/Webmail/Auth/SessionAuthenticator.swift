import Foundation
import Hummingbird

/// Puts the session on the context for `/mail` routes, from `Authorization: Bearer` or, for the
/// browser, the token cookie. A cookie-authenticated request that changes state (anything but
/// GET/HEAD/OPTIONS) must carry `X-CSRF-Token` equal to the CSRF cookie.
struct SessionAuthenticator: RouterMiddleware {
    typealias Context = WebmailRequestContext
    let tokens: TokenService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.session = try await authenticate(request)
        return try await next(request, context)
    }

    func authenticate(_ request: Request) async throws -> Session {
        let token: String
        let fromCookie: Bool
        if let authorization = request.headers[.authorization] {
            token = try Self.bearerToken(authorization)
            fromCookie = false
        } else if let cookie = request.cookies[AuthCookies.tokenName]?.value, !cookie.isEmpty {
            token = cookie
            fromCookie = true
        } else {
            throw APIError(.unauthorized, "로그인이 필요합니다", code: .loginRequired)
        }
        let session: Session
        do {
            session = try await tokens.verify(token, fromCookie: fromCookie)
        } catch .expired {
            throw APIError(.unauthorized, "세션이 만료되었습니다", code: .sessionExpired)
        } catch {
            throw APIError(.unauthorized, "유효하지 않은 토큰입니다", code: .invalidToken)
        }
        if fromCookie, ![.get, .head, .options].contains(request.method) {
            let expected = request.cookies[AuthCookies.csrfName]?.value ?? ""
            let presented = request.headers[.xCSRFToken] ?? ""
            guard !expected.isEmpty, constantTimeEquals(expected, presented) else {
                throw APIError(.forbidden, "CSRF 토큰이 맞지 않습니다", code: .csrfMismatch)
            }
        }
        return session
    }

    /// The token of an `Authorization: Bearer …` value (scheme matched case-insensitively,
    /// spaces and tabs around the token dropped). Byte-level: this runs on every API call, and
    /// lower-casing or Foundation's trimming of a 500-byte token showed up in the profile.
    static func bearerToken(_ authorization: String) throws -> String {
        let scheme = "bearer "
        let value = authorization.utf8
        guard value.count >= scheme.utf8.count,
            zip(value, scheme.utf8).allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 == $1 : $0 == $1 })
        else { throw APIError(.unauthorized, "Bearer 토큰이 필요합니다", code: .invalidToken) }
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var token = value.dropFirst(scheme.utf8.count)
        while let first = token.first, isBlank(first) { token = token.dropFirst() }
        while let last = token.last, isBlank(last) { token = token.dropLast() }
        return String(Substring(token))
    }

    private func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
