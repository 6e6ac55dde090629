import Foundation
import HTTPTypes
import Hummingbird

/// 대용량 첨부's uploads as tus 1.0 (core, creation, termination, expiration) at `/files/uploads`:
/// `POST` makes an upload (`Upload-Length`, `Upload-Metadata: filename …`), `HEAD` tells how many
/// bytes are stored, `PATCH` streams more at `Upload-Offset`, `DELETE` removes it. Logged-in
/// users only, with the API's CSRF rule (SessionAuthenticator); an upload is its owner's alone,
/// anyone else gets 404 as for an id that never existed. `OPTIONS` (the server's tus
/// capabilities) needs no login.
struct TusUploadController {
    let files: LargeFileStore

    static let version = "1.0.0"
    static let extensions = "creation,termination,expiration"
    static let offsetContentType = "application/offset+octet-stream"

    func addRoutes(to group: RouterGroup<WebmailRequestContext>, authenticator: SessionAuthenticator) {
        group.on("files/uploads", method: .options, use: options)
        let uploads = group.group("files/uploads").add(middleware: authenticator)
        uploads.post(use: create)
        uploads.on(":id", method: .head, use: head)
        uploads.patch(":id", use: append)
        uploads.delete(":id", use: remove)
    }

    // MARK: Headers

    static let tusResumable = HTTPField.Name("Tus-Resumable")!
    static let tusVersion = HTTPField.Name("Tus-Version")!
    static let tusExtension = HTTPField.Name("Tus-Extension")!
    static let tusMaxSize = HTTPField.Name("Tus-Max-Size")!
    static let uploadLength = HTTPField.Name("Upload-Length")!
    static let uploadOffset = HTTPField.Name("Upload-Offset")!
    static let uploadMetadata = HTTPField.Name("Upload-Metadata")!
    static let uploadExpires = HTTPField.Name("Upload-Expires")!
    static let uploadDeferLength = HTTPField.Name("Upload-Defer-Length")!

    /// An error that still tells the client which protocol answered.
    static func error(_ status: HTTPResponse.Status, _ detail: String, code: ErrorCode, headers: HTTPFields = [:]) -> APIError {
        var headers = headers
        headers[tusResumable] = version
        return APIError(status, detail, code: code, headers: headers)
    }

    /// An expiry as HTTP dates are written (RFC 9110 IMF-fixdate).
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    /// A non-negative decimal header (`Upload-Length`, `Upload-Offset`), nothing else.
    static func byteCount(_ raw: String?) -> Int? {
        guard let raw, !raw.isEmpty, raw.utf8.count <= 18, raw.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int(raw)
    }

    private func requireVersion(_ request: Request) throws {
        guard request.headers[Self.tusResumable] == Self.version else {
            throw Self.error(.preconditionFailed, "tus 1.0.0만 지원합니다 (Tus-Resumable: 1.0.0)", code: .tusVersionUnsupported,
                             headers: [Self.tusVersion: Self.version])
        }
    }

    private func uploadID(_ context: WebmailRequestContext) throws -> UploadID {
        guard let id = context.parameters.get("id").flatMap(UploadID.init) else { throw notFound }
        return id
    }

    private var notFound: APIError { Self.error(.notFound, "업로드를 찾을 수 없습니다", code: .uploadNotFound) }

    private func describing(_ record: LargeFileStore.Record, status: HTTPResponse.Status) -> Response {
        var headers: HTTPFields = [Self.tusResumable: Self.version, .cacheControl: "no-store"]
        headers[Self.uploadOffset] = String(record.offset)
        headers[Self.uploadLength] = String(record.size)
        headers[Self.uploadExpires] = Self.httpDate(record.expires)
        return Response(status: status, headers: headers)
    }

    // MARK: Routes

    func options(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        Response(status: .noContent, headers: [
            Self.tusResumable: Self.version, Self.tusVersion: Self.version, Self.tusExtension: Self.extensions,
            Self.tusMaxSize: String(files.maxFileBytes),
        ])
    }

    func create(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        let session = try context.requireSession()
        try requireVersion(request)
        if request.headers[Self.uploadDeferLength] != nil {
            throw Self.error(.badRequest, "Upload-Defer-Length는 지원하지 않습니다: Upload-Length를 보내세요", code: .invalidTusRequest)
        }
        guard let length = Self.byteCount(request.headers[Self.uploadLength]) else {
            throw Self.error(.badRequest, "Upload-Length(바이트 수)가 필요합니다", code: .invalidTusRequest)
        }
        guard length <= files.maxFileBytes else {
            throw Self.error(.contentTooLarge, "파일이 너무 큽니다 (최대 \(UploadController.sizeText(files.maxFileBytes)))", code: .fileTooLarge)
        }
        guard let metadata = TusMetadata.parse(request.headers[Self.uploadMetadata] ?? ""), let raw = metadata["filename"], !raw.isEmpty else {
            throw Self.error(.badRequest, "Upload-Metadata에 filename(base64)이 필요합니다", code: .invalidTusRequest)
        }
        let filename = try AttachmentNaming.uploadedFilename(raw)
        let record: LargeFileStore.Record
        do {
            record = try await files.create(owner: session.email, filename: filename, size: length)
        } catch LargeFileStore.Failure.quotaExceeded {
            throw Self.error(.contentTooLarge,
                             "대용량 첨부 공간이 부족합니다 (최대 \(UploadController.sizeText(files.quotaBytes))). 필요 없는 파일을 지우세요",
                             code: .largeFileQuotaExceeded)
        } catch LargeFileStore.Failure.tooLarge {
            throw Self.error(.contentTooLarge, "파일이 너무 큽니다", code: .fileTooLarge)
        } catch LargeFileStore.Failure.cannotWrite(let code) {
            context.logger.error("large file storage failed", metadata: ["errno": "\(code)"])
            throw Self.error(.internalServerError, "파일을 저장하지 못했습니다", code: .uploadFailed)
        }
        var response = describing(record, status: .created)
        // Relative to the path the client used (`/files/uploads` or `/api/files/uploads`).
        let base = request.uri.path.hasSuffix("/") ? String(request.uri.path.dropLast()) : request.uri.path
        response.headers[.location] = base + "/" + record.id
        return response
    }

    func head(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        let session = try context.requireSession()
        try requireVersion(request)
        guard let record = try await files.record(try uploadID(context), owner: session.email) else { throw notFound }
        return describing(record, status: .ok)
    }

    func append(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        let session = try context.requireSession()
        try requireVersion(request)
        let id = try uploadID(context)
        guard let media = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased(),
              media == Self.offsetContentType else {
            throw Self.error(.unsupportedMediaType, "Content-Type은 \(Self.offsetContentType)이어야 합니다", code: .invalidTusRequest)
        }
        guard let offset = Self.byteCount(request.headers[Self.uploadOffset]) else {
            throw Self.error(.badRequest, "Upload-Offset(바이트 수)이 필요합니다", code: .invalidTusRequest)
        }
        // A body announced longer than the rest of the upload is refused before a byte is stored.
        if let announced = request.headers[.contentLength].flatMap(Self.byteCount),
           let record = try await files.record(id, owner: session.email), offset + announced > record.size {
            throw Self.error(.badRequest, "Upload-Length보다 많은 바이트를 보냈습니다", code: .invalidTusRequest)
        }
        do {
            let record = try await files.append(id, owner: session.email, offset: offset, body: request.body)
            var response = describing(record, status: .noContent)
            response.headers[Self.uploadLength] = nil
            return response
        } catch LargeFileStore.Failure.notFound {
            throw notFound
        } catch LargeFileStore.Failure.offsetMismatch(let stored) {
            throw Self.error(.conflict, "Upload-Offset이 저장된 크기(\(stored))와 다릅니다: HEAD로 확인한 뒤 이어서 보내세요",
                             code: .uploadOffsetMismatch, headers: [Self.uploadOffset: String(stored)])
        } catch LargeFileStore.Failure.busy {
            throw Self.error(.conflict, "이 업로드는 다른 요청이 보내는 중입니다", code: .uploadOffsetMismatch)
        } catch LargeFileStore.Failure.pastLength {
            throw Self.error(.badRequest, "Upload-Length보다 많은 바이트를 보냈습니다", code: .invalidTusRequest)
        } catch LargeFileStore.Failure.cannotWrite(let code) {
            context.logger.error("large file storage failed", metadata: ["errno": "\(code)"])
            throw Self.error(.internalServerError, "파일을 저장하지 못했습니다", code: .uploadFailed)
        }
    }

    func remove(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        let session = try context.requireSession()
        try requireVersion(request)
        guard try await files.remove(try uploadID(context), owner: session.email) else { throw notFound }
        return Response(status: .noContent, headers: [Self.tusResumable: Self.version])
    }
}
