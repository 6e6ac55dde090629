import Hummingbird

/// An error meant for the API client: a status, a stable machine-readable `code` and a `detail`
/// that is safe to show (Korean, fixed texts: never a mail server's or a library's own words).
/// Anything else thrown by a handler becomes a generic 500 (see `JSONErrorMiddleware`).
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    /// What a client may branch on (docs/api.yaml, `ErrorCode`); the detail may be reworded.
    /// Always named at the throw site: the status's generic code is only for errors not ours.
    public var code: ErrorCode
    public var detail: String
    public var headers: HTTPFields
    /// What happened despite the error, for the client to act on; sent as the body's `status`
    /// (e.g. `kept_in_drafts`: a send failed but the message is safe in Drafts).
    public var outcome: String?
    /// On a refused login: the attempts left for this (account, client address) pair before it is
    /// limited; sent as the body's `attempts_left`.
    public var attemptsLeft: Int?
    /// On a rate limit: the seconds to wait (also in Retry-After); sent as the body's `retry_after`.
    public var retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ detail: String, code: ErrorCode, headers: HTTPFields = [:],
                outcome: String? = nil, attemptsLeft: Int? = nil, retryAfter: Int? = nil) {
        self.retryAfter = retryAfter
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers
        self.outcome = outcome
        self.attemptsLeft = attemptsLeft
    }

    /// The seed's wording for a refused login (DESIGN.md).
    public static let authenticationFailed = APIError(.unauthorized, "인증 실패", code: .authenticationFailed)
    public static func badRequest(_ detail: String, code: ErrorCode) -> APIError { APIError(.badRequest, detail, code: code) }
    public static func notFound(_ detail: String, code: ErrorCode) -> APIError { APIError(.notFound, detail, code: code) }
    /// The mail server could not be reached or answered nonsense: not the user's fault.
    public static func mailServerUnavailable(_ detail: String, code: ErrorCode = .mailServerUnavailable) -> APIError {
        APIError(.badGateway, detail, code: code)
    }
    /// A message UID (path, query or body field) that is not a number from 1 to 2^32-1.
    public static func invalidUID(_ detail: String = "uid must be a positive number") -> APIError {
        badRequest(detail, code: .invalidUID)
    }
    /// A folder name that cannot be a mailbox (too long, control characters).
    public static func invalidFolder(_ detail: String) -> APIError { badRequest(detail, code: .invalidFolderName) }
    /// A multipart/form-data body that cannot be read.
    public static func invalidForm(_ detail: String = "multipart 본문이 올바르지 않습니다") -> APIError {
        badRequest(detail, code: .invalidForm)
    }
}
