import Foundation
import HTTPTypes
import Hummingbird

/// The browser side of a session: the token in an HttpOnly, SameSite=Strict cookie (JavaScript
/// never sees it) and a readable CSRF cookie whose value the SPA echoes in `X-CSRF-Token`
/// (double submit: another site can make the browser send the cookie, but cannot read it).
enum AuthCookies {
    static let tokenName = "zm_token"
    static let csrfName = "zm_csrf"

    static func set(token: IssuedToken, csrf: String, secure: Bool, on headers: inout HTTPFields) {
        let maxAge = max(0, Int(token.expiresAt.timeIntervalSinceNow))
        headers.append(HTTPField(name: .setCookie, value: cookie(tokenName, token.token, maxAge: maxAge, httpOnly: true, secure: secure)))
        headers.append(HTTPField(name: .setCookie, value: cookie(csrfName, csrf, maxAge: maxAge, httpOnly: false, secure: secure)))
    }

    static func clear(secure: Bool, on headers: inout HTTPFields) {
        headers.append(HTTPField(name: .setCookie, value: cookie(tokenName, "", maxAge: 0, httpOnly: true, secure: secure)))
        headers.append(HTTPField(name: .setCookie, value: cookie(csrfName, "", maxAge: 0, httpOnly: false, secure: secure)))
    }

    private static func cookie(_ name: String, _ value: String, maxAge: Int, httpOnly: Bool, secure: Bool) -> String {
        var parts = ["\(name)=\(value)", "Path=/", "Max-Age=\(maxAge)", "SameSite=Strict"]
        if httpOnly { parts.append("HttpOnly") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    /// A fresh random CSRF value.
    static func newCSRFValue() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64URLEncoded()
    }

    /// True when the request reached us over HTTPS (directly, or through nginx which says so).
    static func isSecure(_ request: Request) -> Bool {
        request.uri.scheme == .https || request.headers[.xForwardedProto]?.lowercased() == "https"
    }
}
