import Foundation
import Hummingbird
import MIME

/// `POST /mail/uploads` and `DELETE /mail/uploads/{id}`: files uploaded ahead of a send, then
/// named by id in the send's or draft's `attachments`. An id belongs to the user who uploaded
/// it; anyone else gets 404 for it, exactly as for an id that never existed.
struct UploadController {
    let uploads: UploadStore

    func addRoutes(to group: RouterGroup<WebmailRequestContext>) {
        group.post("uploads", use: upload)
        group.delete("uploads/:id", use: remove)
    }

    var fileTooLarge: APIError {
        APIError(.contentTooLarge, "파일이 너무 큽니다 (최대 \(Self.sizeText(uploads.maxFileBytes)))", code: .fileTooLarge)
    }

    var quotaExceeded: APIError {
        APIError(.contentTooLarge,
                 "보내지 않은 첨부파일의 합계가 너무 큽니다 (최대 \(Self.sizeText(uploads.maxPendingBytes))). 필요 없는 첨부파일을 지우거나 메일을 먼저 보내세요",
                 code: .uploadQuotaExceeded)
    }

    /// A limit as people read it: "25 MB", "1.5 MB", "64 KB".
    static func sizeText(_ bytes: Int) -> String {
        let megabytes = Double(bytes) / 1_048_576
        if megabytes >= 10 || megabytes == megabytes.rounded() && megabytes >= 1 { return "\(Int(megabytes.rounded())) MB" }
        if megabytes >= 1 { return String(format: "%.1f MB", megabytes) }
        return "\(max(1, bytes / 1024)) KB"
    }

    func upload(_ request: Request, context: WebmailRequestContext) async throws -> EditedResponse<UploadStore.Upload> {
        let session = try context.requireSession()
        guard let media = MediaType(from: request.headers[.contentType] ?? ""), media.isType(.multipartForm),
              let boundary = media.parameter?.value, media.parameter?.name.lowercased() == "boundary", !boundary.isEmpty else {
            throw APIError.invalidForm("multipart/form-data 형식으로 file 필드에 파일을 보내세요")
        }
        // Refused before a byte is stored when the client says up front that it is too big.
        if let length = request.headers[.contentLength].flatMap(Int.init),
           length > uploads.maxFileBytes + UploadFormReader.framingAllowance {
            throw fileTooLarge
        }
        let room = uploads.maxPendingBytes - (try await uploads.pendingBytes(owner: session.email))
        guard room > 0 else { throw quotaExceeded }
        let limit = min(uploads.maxFileBytes, room)

        let pending: UploadStore.Pending
        do { pending = try uploads.begin(owner: session.email) } catch {
            context.logger.error("upload storage failed", metadata: ["error": "\(error)"])
            throw APIError(.internalServerError, "파일을 저장하지 못했습니다", code: .uploadFailed)
        }
        let file: UploadFormReader.File
        do {
            file = try await UploadFormReader.read(request.body, boundary: boundary, into: pending.handle, limit: limit)
        } catch UploadFormReader.Failure.tooLarge {
            uploads.discard(pending)
            throw limit < uploads.maxFileBytes ? quotaExceeded : fileTooLarge
        } catch UploadFormReader.Failure.invalid(let why) {
            uploads.discard(pending)
            throw APIError.invalidForm(why)
        } catch {
            uploads.discard(pending)
            throw error
        }
        let filename: String
        do { filename = try AttachmentNaming.uploadedFilename(file.filename) } catch {
            uploads.discard(pending)
            throw error
        }
        let stored: UploadStore.Upload?
        do {
            stored = try await uploads.commit(pending, owner: session.email, filename: filename,
                                              contentType: AttachmentNaming.contentType(file.contentType), size: file.size)
        } catch let error as StateStoreError {
            throw error
        } catch {
            context.logger.error("upload storage failed", metadata: ["error": "\(error)"])
            throw APIError(.internalServerError, "파일을 저장하지 못했습니다", code: .uploadFailed)
        }
        guard let stored else { throw quotaExceeded }
        return EditedResponse(status: .created, response: stored)
    }

    func remove(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        let session = try context.requireSession()
        guard let id = context.parameters.get("id").flatMap(UploadID.init), try await uploads.remove(id, owner: session.email) else {
            throw APIError.notFound("첨부파일을 찾을 수 없습니다", code: .uploadNotFound)
        }
        return Response(status: .noContent)
    }
}
