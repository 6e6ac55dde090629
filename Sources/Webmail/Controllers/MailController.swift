import Foundation
import Hummingbird
import NIOCore

/// The `/mail` routes over a `MailStore`. Input is validated here (folder names, UIDs, sizes)
/// so nothing a client sends reaches an IMAP command unchecked.
struct MailController {
    let store: any MailStore
    /// Bulk operations take at most this many UIDs (issue 6).
    static let maximumBulkUIDs = 1000
    static let maximumPageSize = 200

    struct FolderList: ResponseEncodable { let folders: [APIFolder] }
    struct OK: ResponseEncodable { let ok: Bool }
    /// A move or delete: where the messages are now (absent when they were expunged).
    struct Moved: ResponseEncodable {
        let ok: Bool
        let moved: MovedMessages?
    }

    struct FlagsChange: Decodable {
        let seen: Bool?
        let flagged: Bool?
    }

    struct BulkFlagsChange: Decodable {
        let folder: String?
        let uids: [UInt32]
        let seen: Bool?
        let flagged: Bool?
    }

    struct MoveRequest: Decodable {
        let folder: String?
        let uids: [UInt32]
        let to: String
    }

    struct BulkDelete: Decodable {
        let folder: String?
        let uids: [UInt32]
    }

    func addRoutes(to group: RouterGroup<WebmailRequestContext>) {
        group.get("folders", use: folders)
        group.get("messages", use: list)
        group.post("messages/move", use: move)
        group.post("messages/flags", use: bulkFlags)
        group.post("messages/delete", use: bulkDelete)
        group.get("messages/:uid", use: show)
        group.patch("messages/:uid", use: patchFlags)
        group.delete("messages/:uid", use: delete)
        group.get("messages/:uid/raw", use: raw)
        group.get("messages/:uid/attachments/:part", use: attachment)
    }

    func folders(_ request: Request, context: WebmailRequestContext) async throws -> FolderList {
        let session = try context.requireSession()
        return FolderList(folders: try await call { () async throws(MailStoreError) in try await store.folders(for: session) })
    }

    func list(_ request: Request, context: WebmailRequestContext) async throws -> APIMessagePage {
        let session = try context.requireSession()
        let parameters = request.uri.formQuery
        let folder = try Self.folder(parameters.get("folder"))
        let page = try Self.integer(parameters.get("page"), name: "page", default: 1, range: 1...1_000_000)
        let size = try Self.integer(parameters.get("size"), name: "size", default: 50, range: 1...Self.maximumPageSize)
        var query = MessageQuery()
        if let text = parameters.get("q")?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            try Self.rejectControlCharacters(text, name: "q", code: .invalidSearch)
            guard text.utf8.count <= 500 else { throw APIError.badRequest("q is too long", code: .invalidSearch) }
            query.text = text
        }
        query.unseenOnly = Self.flag(parameters.get("unseen"))
        query.flaggedOnly = Self.flag(parameters.get("flagged"))
        return try await call { () async throws(MailStoreError) in
            try await store.messages(for: session, folder: folder, page: page, size: size, query: query)
        }
    }

    /// One message. A GET never changes flags (issue 23): mail HTML can make GETs with the
    /// user's cookie, so marking read is the SPA's explicit PATCH. `peek` is still accepted, as
    /// a no-op, for clients written when GET marked the message read.
    func show(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let uid = try Self.uid(context.parameters.get("uid"))
        let folder = try Self.folder(request.uri.formQuery.get("folder"))
        let detail = try await call { () async throws(MailStoreError) in
            try await store.message(for: session, folder: folder, uid: uid)
        }
        // A document of megabytes of HTML (and up to 10,000 parts) to encode: off the event loop
        // too. Its `cid:` links are left as the mail has them: the SPA resolves them (issue 24).
        let response = try await call { () async throws(MailStoreError) in
            try await OffLoopWork.run { Result { try detail.response(from: request, context: context) } }
        }
        return try response.get()
    }

    func raw(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let uid = try Self.uid(context.parameters.get("uid"))
        let folder = try Self.folder(request.uri.formQuery.get("folder"))
        let stream = try await call { () async throws(MailStoreError) in try await store.rawMessage(for: session, folder: folder, uid: uid) }
        var headers: HTTPFields = [:]
        headers[.contentType] = "message/rfc822"
        headers[.contentDisposition] = DownloadHeaders.contentDisposition(filename: "message-\(uid).eml")
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(asyncSequence: stream))
    }

    func attachment(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let uid = try Self.uid(context.parameters.get("uid"))
        let folder = try Self.folder(request.uri.formQuery.get("folder"))
        let part = context.parameters.get("part") ?? ""
        guard Self.isPartNumber(part) else { throw APIError.badRequest("part must look like 2 or 2.1", code: .invalidPartNumber) }
        let stream = try await call { () async throws(MailStoreError) in try await store.part(for: session, folder: folder, uid: uid, part: part) }
        var headers: HTTPFields = [:]
        headers[.contentType] = DownloadHeaders.safeContentType(stream.info.contentType)
        headers[.contentDisposition] = DownloadHeaders.contentDisposition(filename: stream.info.filename)
        headers[.xContentTypeOptions] = "nosniff"
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(asyncSequence: stream.body))
    }

    func patchFlags(_ request: Request, context: WebmailRequestContext) async throws -> OK {
        let session = try context.requireSession()
        let uid = try Self.uid(context.parameters.get("uid"))
        let folder = try Self.folder(request.uri.formQuery.get("folder"))
        let change = try await request.decode(as: FlagsChange.self, context: context)
        return try await setFlags(session: session, folder: folder, uids: [uid], seen: change.seen, flagged: change.flagged)
    }

    func bulkFlags(_ request: Request, context: WebmailRequestContext) async throws -> OK {
        let session = try context.requireSession()
        let change = try await request.decode(as: BulkFlagsChange.self, context: context)
        let folder = try Self.folder(change.folder)
        let uids = try Self.uids(change.uids)
        return try await setFlags(session: session, folder: folder, uids: uids, seen: change.seen, flagged: change.flagged)
    }

    /// What the single and the bulk flag routes share: at least one flag named, then one STORE per flag.
    private func setFlags(session: Session, folder: String, uids: [UInt32], seen: Bool?, flagged: Bool?) async throws -> OK {
        guard seen != nil || flagged != nil else { throw APIError.badRequest("give seen and/or flagged", code: .noFlagsGiven) }
        try await call { () async throws(MailStoreError) in
            try await store.setFlags(for: session, folder: folder, uids: uids, seen: seen, flagged: flagged)
        }
        return OK(ok: true)
    }

    func move(_ request: Request, context: WebmailRequestContext) async throws -> Moved {
        let session = try context.requireSession()
        let move = try await request.decode(as: MoveRequest.self, context: context)
        let folder = try Self.folder(move.folder)
        let target = try Self.folder(move.to)
        let uids = try Self.uids(move.uids)
        let moved = try await call { () async throws(MailStoreError) in try await store.move(for: session, folder: folder, uids: uids, to: target) }
        return Moved(ok: true, moved: moved)
    }

    func delete(_ request: Request, context: WebmailRequestContext) async throws -> Moved {
        let session = try context.requireSession()
        let uid = try Self.uid(context.parameters.get("uid"))
        let folder = try Self.folder(request.uri.formQuery.get("folder"))
        let moved = try await call { () async throws(MailStoreError) in try await store.delete(for: session, folder: folder, uids: [uid]) }
        return Moved(ok: true, moved: moved)
    }

    func bulkDelete(_ request: Request, context: WebmailRequestContext) async throws -> Moved {
        let session = try context.requireSession()
        let body = try await request.decode(as: BulkDelete.self, context: context)
        let folder = try Self.folder(body.folder)
        let uids = try Self.uids(body.uids)
        let moved = try await call { () async throws(MailStoreError) in try await store.delete(for: session, folder: folder, uids: uids) }
        return Moved(ok: true, moved: moved)
    }

    // MARK: - Input validation

    /// Runs a store call, turning its typed failure into the API's answer.
    private func call<T>(_ body: () async throws(MailStoreError) -> T) async throws(APIError) -> T {
        do { return try await body() } catch { throw error.apiError }
    }

    static func folder(_ raw: String?) throws(APIError) -> String {
        guard let raw, !raw.isEmpty else { return "INBOX" }
        try rejectControlCharacters(raw, name: "folder", code: .invalidFolderName)
        guard raw.utf8.count <= 1000 else { throw APIError.invalidFolder("folder name is too long") }
        return raw
    }

    /// An IMAP body part number as the API takes it: `2`, `3.1` — positive numbers and dots only.
    static func isPartNumber(_ part: String) -> Bool {
        !part.isEmpty && part.utf8.count <= 64
            && part.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { number in
                // Digits only: UInt32("+2") would parse.
                number.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } && (UInt32(number).map { $0 > 0 } ?? false)
            }
    }

    static func uid(_ raw: String?) throws(APIError) -> UInt32 {
        guard let raw, let uid = UInt32(raw), uid > 0 else { throw APIError.invalidUID() }
        return uid
    }

    static func uids(_ list: [UInt32]) throws(APIError) -> [UInt32] {
        guard !list.isEmpty else { throw APIError.badRequest("uids is empty", code: .invalidUIDList) }
        guard list.count <= maximumBulkUIDs else { throw APIError.badRequest("at most \(maximumBulkUIDs) uids at once", code: .invalidUIDList) }
        guard !list.contains(0) else { throw APIError.invalidUID() }
        return list
    }

    static func integer(_ raw: String?, name: String, default value: Int, range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let raw, !raw.isEmpty else { return value }
        guard let number = Int(raw), range.contains(number) else {
            throw APIError.badRequest("\(name) must be a number from \(range.lowerBound) to \(range.upperBound)", code: .invalidParameter)
        }
        return number
    }

    static func flag(_ raw: String?) -> Bool {
        guard let raw else { return false }
        return ["1", "true", "yes", "on"].contains(raw.lowercased())
    }

    static func rejectControlCharacters(_ value: String, name: String, code: ErrorCode) throws(APIError) {
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw APIError.badRequest("\(name) contains control characters", code: code)
        }
    }
}

extension APIMessagePage: ResponseEncodable {}
extension APIMessage: ResponseEncodable {}
