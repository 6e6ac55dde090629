import Foundation
import Hummingbird
import Logging

/// Turns every error into `{"code": "…", "detail": "…"}` (plus `status` where an outcome is
/// known) with a fitting status. Only `APIError` details, written for users, reach a client:
/// Hummingbird's own messages (decode errors naming Swift types and keys) and unknown errors are
/// logged and answered with a fixed Korean text for their status, never internal text.
public struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return Self.response(status: error.status, code: error.code, detail: error.detail, headers: error.headers,
                                 outcome: error.outcome, attemptsLeft: error.attemptsLeft, retryAfter: error.retryAfter)
        } catch let error as StateStoreError {
            // The description names what failed (never a password); the client gets a fixed text.
            context.logger.error("state store unavailable", metadata: ["error": "\(error)"])
            let stored = APIError.stateStoreUnavailable
            return Self.response(status: stored.status, code: stored.code, detail: stored.detail, headers: stored.headers)
        } catch let error as HTTPError {
            if let body = error.body, !body.isEmpty {
                context.logger.debug("request refused", metadata: ["status": "\(error.status.code)", "detail": "\(body)"])
            }
            return Self.response(status: error.status, detail: Self.fixedDetail(for: error.status), headers: error.headers)
        } catch let error as any HTTPResponseError {
            // e.g. NIOTooManyBytesError from a body over the upload limit → 413.
            return Self.response(status: error.status, detail: Self.fixedDetail(for: error.status))
        } catch let error as DecodingError {
            context.logger.debug("undecodable request body", metadata: ["error": "\(type(of: error))"])
            return Self.response(status: .badRequest, code: .invalidBody, detail: "요청 본문이 올바르지 않습니다")
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            return Self.response(status: .internalServerError, detail: Self.fixedDetail(for: .internalServerError))
        }
    }

    /// What a user reads for an error that has no text of ours.
    static func fixedDetail(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "요청이 올바르지 않습니다"
        case 401: "로그인이 필요합니다"
        case 403: "허용되지 않는 요청입니다"
        case 404: "찾을 수 없습니다"
        case 405: "허용되지 않는 메서드입니다"
        case 408: "요청 시간이 초과되었습니다"
        case 413: "요청이 너무 큽니다"
        case 415: "지원하지 않는 요청 형식입니다"
        case 429: "요청이 너무 많습니다. 잠시 후 다시 시도하세요"
        case 502: "메일 서버에 연결할 수 없습니다. 잠시 후 다시 시도하세요"
        case 503: "서비스를 잠시 사용할 수 없습니다. 잠시 후 다시 시도하세요"
        case 400..<500: "요청이 올바르지 않습니다"
        default: "서버 내부 오류"
        }
    }

    static func response(status: HTTPResponse.Status, code: ErrorCode? = nil, detail: String, headers: HTTPFields = [:],
                         outcome: String? = nil, attemptsLeft: Int? = nil, retryAfter: Int? = nil) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        let object = ErrorBody(code: (code ?? ErrorCode.generic(for: Int(status.code))).rawValue, detail: detail, status: outcome,
                               attemptsLeft: attemptsLeft, retryAfter: retryAfter)
        let body = (try? JSONEncoder().encode(object)) ?? Data(#"{"code":"internal","detail":"error"}"#.utf8)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The error body; absent fields are left out.
    struct ErrorBody: Encodable {
        let code: String
        let detail: String
        let status: String?
        let attemptsLeft: Int?
        let retryAfter: Int?
        enum CodingKeys: String, CodingKey { case code, detail, status, attemptsLeft = "attempts_left", retryAfter = "retry_after" }
    }
}
