import Foundation
import Hummingbird
import MIME
import NIOCore

/// The attachment routes beside the plain download (`MailController.attachment`, issue 25): a
/// preview that shows inert types in the browser, and every attachment of a message as one zip.
/// Addressed, checked and authorised as the download is (folder, UID, part number, session).
struct AttachmentController {
    let store: any MailStore

    /// A text preview is decoded in memory: at most this much of the text, the rest is left out
    /// (the answer says so in `X-Preview-Truncated`; the download has it all).
    static let maximumTextPreview = 2 * 1024 * 1024

    /// The preview's policy: nothing runs (`sandbox` without `allow-scripts`: a unique origin,
    /// no script, no form, no plugin of the document's own), nothing loads but the image itself
    /// and the browser's PDF viewer, and only the SPA (our origin) may frame it.
    static let previewPolicy = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'"

    func addRoutes(to group: RouterGroup<WebmailRequestContext>) {
        group.get("messages/:uid/attachments/:part/preview", use: preview)
        group.get("messages/:uid/attachments.zip", use: zip)
    }

    func preview(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        let stream = try await MailController.partStream(request, context: context, store: store)
        guard let type = PreviewType(declaredType: stream.info.contentType, filename: stream.info.filename) else {
            throw Self.unsupported
        }
        let reader = PartReader(stream.body)
        let body: ResponseBody
        var truncated = false
        if type == .text {
            let head = try await reader.prefix(Self.maximumTextPreview)
            truncated = !head.complete
            let bytes = truncated ? Self.wholeLines(head.bytes) : head.bytes
            // A charset conversion of up to 2 MiB: off the event loop.
            let text = try await call { () async throws(MailStoreError) in
                try await OffLoopWork.run { CharsetDecoder.decode(bytes, charset: stream.charset) }
            }
            body = ResponseBody(byteBuffer: ByteBuffer(string: text))
        } else {
            let head = try await reader.head(PreviewType.magicLength)
            guard type.matches(head.readableBytesView) else { throw Self.unsupported }
            body = ResponseBody { writer in
                try await writer.write(head)
                while let chunk = try await reader.next() { try await writer.write(chunk) }
                try await writer.finish(nil)
            }
        }
        var headers: HTTPFields = [:]
        headers[.contentType] = type.servedType
        headers[.contentDisposition] = DownloadHeaders.contentDisposition(filename: stream.info.filename, inline: true)
        headers[.xContentTypeOptions] = "nosniff"
        headers[.contentSecurityPolicy] = Self.previewPolicy
        headers[.xFrameOptions] = "SAMEORIGIN"
        headers[.cacheControl] = "private, no-store"
        if truncated { headers[.xPreviewTruncated] = "true" }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The start of a text cut at its last line break, so that the cut never splits a character
    /// (a line feed is one byte in UTF-8, EUC-KR/CP949 and every ASCII-based charset, never inside
    /// another character); a text without one in its last 64 KiB is cut where it is.
    static func wholeLines(_ bytes: [UInt8]) -> [UInt8] {
        guard let end = bytes.lastIndex(of: UInt8(ascii: "\n")), bytes.count - end <= 64 * 1024 else { return bytes }
        return Array(bytes[...end])
    }

    static var unsupported: APIError {
        APIError(.unsupportedMediaType, "이 형식의 첨부파일은 미리 볼 수 없습니다. 내려받으세요", code: .previewUnsupported)
    }

    /// 모두 받기: the attachments the reader lists, part after part, into a zip as they stream.
    func zip(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let uid = try MailController.uid(context.parameters.get("uid"))
        let folder = try MailController.folder(request.uri.formQuery.get("folder"))
        let message = try await call { () async throws(MailStoreError) in try await store.message(for: session, folder: folder, uid: uid) }
        // As the SPA's fileAttachments: inline parts with a Content-ID are the HTML body's images.
        let files = message.attachments.filter { !$0.inline || $0.contentID == nil }
        guard !files.isEmpty else { throw APIError(.notFound, "첨부파일이 없습니다", code: .noAttachments) }
        var names = ZipEntryNames()
        var entries: [ZipEntry] = []
        // Headers and descriptors per entry, central directory; sizes as the message reports them.
        var expected = UInt64(22)
        for file in files {
            entries.append(ZipEntry(part: file.part, name: names.next(for: file.filename, fallback: "attachment-\(file.part)")))
            expected += UInt64(max(file.size, 0)) + 92 + 2 * UInt64(file.filename.utf8.count)
        }
        guard expected <= ZipStreamWriter.maximumOffset else {
            throw APIError(.contentTooLarge, "첨부파일이 모두 4 GiB가 넘어 한 파일로 받을 수 없습니다. 하나씩 내려받으세요", code: .archiveTooLarge)
        }
        let subject = message.summary.subject.trimmingCharacters(in: .whitespaces)
        let archiveName = String(ZipEntryNames.sanitised(subject, fallback: "attachments").prefix(100)) + ".zip"
        let source = ZipSource(store: store, session: session, folder: folder, uid: uid, entries: entries)
        let body = ResponseBody { writer in try await source.write(to: &writer) }
        var headers: HTTPFields = [:]
        headers[.contentType] = "application/zip"
        headers[.contentDisposition] = DownloadHeaders.contentDisposition(filename: archiveName)
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: body)
    }

    /// An attachment's part number and its name in the zip.
    struct ZipEntry: Sendable {
        let part: String
        let name: String
    }

    /// What the zip is made of: the message's parts, fetched when the body is written.
    struct ZipSource: Sendable {
        let store: any MailStore
        let session: Session
        let folder: String
        let uid: UInt32
        let entries: [ZipEntry]

        /// The zip's bytes: one part at a time, so memory stays at a chunk whatever the attachments' sizes.
        func write(to writer: inout any ResponseBodyWriter) async throws {
            var archive = ZipStreamWriter()
            for entry in entries {
                let part = try await store.part(for: session, folder: folder, uid: uid, part: entry.part)
                try await writer.write(try archive.startEntry(named: entry.name))
                for try await chunk in part.body {
                    try archive.add(chunk)
                    try await writer.write(chunk)
                }
                try await writer.write(archive.finishEntry())
            }
            try await writer.write(try archive.finish())
            try await writer.finish(nil)
        }
    }

    private func call<T>(_ body: () async throws(MailStoreError) -> T) async throws(APIError) -> T {
        do { return try await body() } catch { throw error.apiError }
    }
}
