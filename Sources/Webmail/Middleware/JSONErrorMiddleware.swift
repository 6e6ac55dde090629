import Foundation
import Hummingbird
import Logging

/// Turns every error into `{"detail": "…"}` with a fitting status. Unknown errors are logged
/// and answered with a generic 500 so internal text (and never a stack trace) reaches a client.
public struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return Self.response(status: error.status, detail: error.detail, headers: error.headers, outcome: error.outcome,
                                 attemptsLeft: error.attemptsLeft)
        } catch let error as HTTPError {
            return Self.response(status: error.status, detail: Self.detail(for: error), headers: error.headers)
        } catch let error as any HTTPResponseError {
            // e.g. NIOTooManyBytesError from a body over the upload limit → 413.
            return Self.response(status: error.status, detail: error.status.reasonPhrase)
        } catch let error as DecodingError {
            context.logger.debug("undecodable request body", metadata: ["error": "\(type(of: error))"])
            return Self.response(status: .badRequest, detail: "요청 본문이 올바르지 않습니다")
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            return Self.response(status: .internalServerError, detail: "서버 내부 오류")
        }
    }

    /// Hummingbird's own errors carry English messages meant for developers; the ones it raises
    /// itself (404, 405, 413 …) have none, so the status's reason phrase is used.
    static func detail(for error: HTTPError) -> String {
        if let body = error.body, !body.isEmpty { return body }
        return error.status.reasonPhrase.isEmpty ? "error \(error.status.code)" : error.status.reasonPhrase
    }

    static func response(status: HTTPResponse.Status, detail: String, headers: HTTPFields = [:], outcome: String? = nil,
                         attemptsLeft: Int? = nil) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        let body = (try? JSONEncoder().encode(ErrorBody(detail: detail, status: outcome, attemptsLeft: attemptsLeft)))
            ?? Data(#"{"detail":"error"}"#.utf8)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The error body; absent fields are left out.
    struct ErrorBody: Encodable {
        let detail: String
        let status: String?
        let attemptsLeft: Int?
        enum CodingKeys: String, CodingKey { case detail, status, attemptsLeft = "attempts_left" }
    }
}
