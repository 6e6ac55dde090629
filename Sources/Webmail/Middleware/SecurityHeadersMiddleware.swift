import Hummingbird

/// Security headers on every response (DESIGN.md, Security model).
///
/// The CSP depends on what the answer is. An HTML document (the SPA's `index.html`) gets the
/// SPA's policy: only our own origin, no inline script, never framed. Everything else — JSON,
/// attachments, the raw .eml, the SPA's scripts and images — is never meant to be shown as a
/// page, so it gets the policy OWASP recommends for APIs, which allows nothing at all: should a
/// browser ever render one (an attachment opened by its URL, a mistyped type), no script runs in
/// it, nothing loads and no page can frame it.
///
/// One route sets a policy of its own, which is kept: the attachment preview (issue 25), whose
/// sandbox policy lets the SPA (our origin) frame it and the browser's PDF viewer run in it,
/// with `X-Frame-Options: SAMEORIGIN` to match. Still nothing in it runs.
///
/// A response that does not say how it may be cached is `Cache-Control: no-store`: the API's
/// answers are mail (lists, messages, folders) that a shared office PC's browser must not keep
/// on disk. Only the SPA's static files say otherwise (their hashed assets are immutable).
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        let isDocument = response.headers[.contentType]?.lowercased().hasPrefix("text/html") == true
        if response.headers[.contentSecurityPolicy] == nil || isDocument {
            response.headers[.contentSecurityPolicy] =
                isDocument ? SecurityHeaderValues.documentPolicy : SecurityHeaderValues.resourcePolicy
        }
        if response.headers[.xFrameOptions] == nil || isDocument {
            response.headers[.xFrameOptions] = "DENY"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.crossOriginOpenerPolicy] = "same-origin"
        response.headers[.permissionsPolicy] = "camera=(), microphone=(), geolocation=()"
        return response
    }
}

/// The header values, built once (the middleware is generic, so it cannot hold them itself).
enum SecurityHeaderValues {
    /// For answers that are not HTML documents: nothing may load or run, the document is
    /// sandboxed (a unique origin: no cookies, no storage of ours) and never framed.
    static let resourcePolicy = "default-src 'none'; frame-ancestors 'none'; sandbox"

    /// The SPA's document, the same policy as the nginx site (deploy/nginx/zioinfo-mail-headers.conf):
    /// scripts only from our origin, never framed. Remote images and styles are allowed by the
    /// policy because the SPA itself blocks them in a mail until the reader allows them for that
    /// message.
    static let documentPolicy: String = {
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline' https: http:",
            "img-src 'self' data: blob: https: http:",
            "font-src 'self' data: https: http:",
            "connect-src 'self'",
            "frame-src 'self' blob: about:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }()
}
