import Hummingbird

/// An error meant for the API client: a status, a stable machine-readable `code` and a `detail`
/// that is safe to show (Korean, fixed texts: never a mail server's or a library's own words).
/// Anything else thrown by a handler becomes a generic 500 (see `JSONErrorMiddleware`).
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    /// What a client may branch on (docs/api.yaml, `Error.code`); the detail may be reworded.
    public var code: String
    public var detail: String
    public var headers: HTTPFields
    /// What happened despite the error, for the client to act on; sent as the body's `status`
    /// (e.g. `kept_in_drafts`: a send failed but the message is safe in Drafts).
    public var outcome: String?
    /// On a refused login: the attempts left for this (account, client address) pair before it is
    /// limited; sent as the body's `attempts_left`.
    public var attemptsLeft: Int?

    /// `code` defaults to the status's generic code (`defaultCode(for:)`), so a throw site only
    /// names one when a client acts on it.
    public init(_ status: HTTPResponse.Status, _ detail: String, code: String? = nil, headers: HTTPFields = [:],
                outcome: String? = nil, attemptsLeft: Int? = nil) {
        self.status = status
        self.code = code ?? Self.defaultCode(for: status)
        self.detail = detail
        self.headers = headers
        self.outcome = outcome
        self.attemptsLeft = attemptsLeft
    }

    /// The generic code of a status, for errors with nothing more specific to say.
    public static func defaultCode(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 429: "too_many_requests"
        case 502: "mail_server_unavailable"
        case 503: "service_unavailable"
        case 400..<500: "bad_request"
        default: "internal"
        }
    }

    /// The seed's wording for a refused login (DESIGN.md).
    public static let authenticationFailed = APIError(.unauthorized, "인증 실패", code: "authentication_failed")
    public static func badRequest(_ detail: String, code: String? = nil) -> APIError { APIError(.badRequest, detail, code: code) }
    public static func notFound(_ detail: String = "찾을 수 없습니다") -> APIError { APIError(.notFound, detail) }
    /// The mail server could not be reached or answered nonsense: not the user's fault.
    public static func mailServerUnavailable(_ detail: String) -> APIError { APIError(.badGateway, detail) }
    /// A message UID (path, query or body field) that is not a number from 1 to 2^32-1.
    public static func invalidUID(_ detail: String = "uid must be a positive number") -> APIError {
        badRequest(detail, code: "invalid_uid")
    }
    /// A folder name that cannot be a mailbox (too long, control characters).
    public static func invalidFolder(_ detail: String) -> APIError { badRequest(detail, code: "invalid_folder") }
    /// A multipart/form-data body that cannot be read.
    public static func invalidForm(_ detail: String = "multipart 본문이 올바르지 않습니다") -> APIError {
        badRequest(detail, code: "invalid_form")
    }
}
