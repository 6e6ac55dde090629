import Hummingbird

/// An error meant for the API client: a status and a `detail` that is safe to show.
/// Anything else thrown by a handler becomes a generic 500 (see `JSONErrorMiddleware`).
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var detail: String
    public var headers: HTTPFields
    /// What happened despite the error, for the client to act on; sent as the body's `status`
    /// (e.g. `kept_in_drafts`: a send failed but the message is safe in Drafts).
    public var outcome: String?
    /// On a refused login: the attempts left for this (account, client address) pair before it is
    /// limited; sent as the body's `attempts_left`.
    public var attemptsLeft: Int?

    public init(_ status: HTTPResponse.Status, _ detail: String, headers: HTTPFields = [:], outcome: String? = nil,
                attemptsLeft: Int? = nil) {
        self.status = status
        self.detail = detail
        self.headers = headers
        self.outcome = outcome
        self.attemptsLeft = attemptsLeft
    }

    /// The seed's wording for a refused login (DESIGN.md).
    public static let authenticationFailed = APIError(.unauthorized, "인증 실패")
    public static func badRequest(_ detail: String) -> APIError { APIError(.badRequest, detail) }
    public static func notFound(_ detail: String = "찾을 수 없습니다") -> APIError { APIError(.notFound, detail) }
    /// The mail server could not be reached or answered nonsense: not the user's fault.
    public static func mailServerUnavailable(_ detail: String) -> APIError { APIError(.badGateway, detail) }
}
