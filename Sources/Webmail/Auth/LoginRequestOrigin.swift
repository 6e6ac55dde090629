import Foundation
import HTTPTypes
import Hummingbird

/// Login CSRF protection for `POST /auth/login`: another site's page must not be able to sign the
/// victim's browser in as the attacker. Browsers say where a request comes from: `Sec-Fetch-Site`
/// (all current ones) and `Origin` (on every cross-origin POST, forms included); anything but our own
/// site is 403. A browser request must also be `application/json`, which no form and no CORS-less
/// fetch can send. Clients that send neither header are not browsers and cannot be driven by
/// another site: they may also send no type or curl's and urllib's default
/// (`application/x-www-form-urlencoded`, as the seed's `curl -d '{…}'` does) — the body must
/// still be JSON. `text/plain` and multipart (what a form can send) are refused from everyone.
enum LoginRequestOrigin {
    static func check(_ request: Request) throws(APIError) {
        let site = request.headers[.secFetchSite]?.lowercased()
        let origin = request.headers[.origin]
        if let site, site != "same-origin", site != "none" { throw crossSite }
        if let origin {
            // HTTP/1's Host header arrives as the request's authority.
            guard let originHost = URL(string: origin)?.host.map(hostName),
                  let host = request.head.authority.map(hostName), originHost == host else {
                throw crossSite
            }
        }
        let fromBrowser = site != nil || origin != nil
        guard acceptedType(request.headers[.contentType], fromBrowser: fromBrowser) else {
            throw APIError(.unsupportedMediaType, "로그인 요청은 Content-Type: application/json 이어야 합니다", code: .unsupportedMediaType)
        }
    }

    static let crossSite = APIError(.forbidden, "다른 사이트에서 보낸 로그인 요청은 받지 않습니다", code: .crossSiteLogin)

    /// `application/json` (parameters such as `; charset=utf-8` allowed); from non-browsers also
    /// none or `application/x-www-form-urlencoded`.
    static func acceptedType(_ contentType: String?, fromBrowser: Bool) -> Bool {
        guard let contentType else { return !fromBrowser }
        let mediaType = (contentType.split(separator: ";", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        return mediaType == "application/json" || (!fromBrowser && mediaType == "application/x-www-form-urlencoded")
    }

    /// The host of a `Host` header without its port (nginx forwards `$host`, which has none, while
    /// the browser's `Origin` keeps a non-default port): `mail.example:8025` → `mail.example`,
    /// `[::1]:8026` → `::1`.
    static func hostName(_ hostHeader: String) -> String {
        let value = hostHeader.lowercased()
        if value.hasPrefix("["), let end = value.firstIndex(of: "]") {
            return String(value[value.index(after: value.startIndex)..<end])
        }
        return String(value.split(separator: ":", maxSplits: 1).first ?? "")
    }
}
