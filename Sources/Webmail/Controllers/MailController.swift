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
    struct OK: ResponseEncodable {
        let ok: Bool
        /// How many messages a bulk change touched (absent for one message).
        var count: Int? = nil
    }
    /// A move or delete: where the messages are now (absent when they were expunged).
    struct Moved: ResponseEncodable {
        let ok: Bool
        let moved: MovedMessages?
        var count: Int? = nil
    }

    struct FlagsChange: Decodable {
        let seen: Bool?
        let flagged: Bool?
    }

    struct BulkFlagsChange: Decodable, BulkSelection {
        let folder: String?
        let uids: [UInt32]?
        let all: Bool?
        let search: BulkSearch?
        let seen: Bool?
        let flagged: Bool?
    }

    struct MoveRequest: Decodable, BulkSelection {
        let folder: String?
        let uids: [UInt32]?
        let all: Bool?
        let search: BulkSearch?
        let to: String
    }

    struct BulkDelete: Decodable, BulkSelection {
        let folder: String?
        let uids: [UInt32]?
        let all: Bool?
        let search: BulkSearch?
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
        let (folder, page, size, filters) = try Self.pageParameters(parameters)
        var query = filters
        guard let sort = MessageSort.parse(field: parameters.get("sort"), order: parameters.get("order")) else {
            throw APIError.badRequest("sort must be received, sent, from, subject or size; order asc or desc", code: .invalidSort)
        }
        query.sort = sort
        switch parameters.get("scope")?.lowercased() ?? "folder" {
        case "", "folder":
            return try await call { () async throws(MailStoreError) in
                try await store.messages(for: session, folder: folder, page: page, size: size, query: query)
            }
        case "all":
            // Newest received first, whatever `sort` says: the folders' orders are merged by date.
            return try await call { () async throws(MailStoreError) in
                try await store.searchAllFolders(for: session, page: page, size: size, query: query)
            }
        default:
            throw APIError.badRequest("scope must be folder or all", code: .invalidParameter)
        }
    }

    /// A list page's folder, page, size and search (`q`, `from`, … as ``SearchParameters`` reads
    /// them): what the message list and the conversation list share.
    static func pageParameters(_ parameters: FormQuery) throws(APIError) -> (folder: String, page: Int, size: Int, query: MessageQuery) {
        let folder = try folder(parameters.get("folder"))
        let page = try integer(parameters.get("page"), name: "page", default: 1, range: 1...1_000_000)
        let size = try integer(parameters.get("size"), name: "size", default: 50, range: 1...maximumPageSize)
        return (folder, page, size, try SearchParameters.query { parameters.get($0) })
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
        let stream = try await Self.partStream(request, context: context, store: store)
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
        guard change.seen != nil || change.flagged != nil else { throw APIError.badRequest("give seen and/or flagged", code: .noFlagsGiven) }
        let uids = try await selectedUIDs(change, folder: folder, session: session)
        for chunk in Self.chunks(uids) {
            _ = try await setFlags(session: session, folder: folder, uids: chunk, seen: change.seen, flagged: change.flagged)
        }
        return OK(ok: true, count: uids.count)
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
        let uids = try await selectedUIDs(move, folder: folder, session: session)
        var moved: [MovedMessages] = []
        for chunk in Self.chunks(uids) {
            moved.append(try await call { () async throws(MailStoreError) in try await store.move(for: session, folder: folder, uids: chunk, to: target) })
        }
        return Moved(ok: true, moved: Self.joined(moved, count: uids.count) ?? MovedMessages(folder: target, uids: []), count: uids.count)
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
        let uids = try await selectedUIDs(body, folder: folder, session: session)
        var moved: [MovedMessages] = []
        var expunged = false
        for chunk in Self.chunks(uids) {
            let result = try await call { () async throws(MailStoreError) in try await store.delete(for: session, folder: folder, uids: chunk) }
            if let result { moved.append(result) } else { expunged = true }
        }
        return Moved(ok: true, moved: expunged ? nil : Self.joined(moved, count: uids.count), count: uids.count)
    }

    // MARK: - Bulk selections ("all N in this folder/search", issue 25)

    /// At most this many messages in one "all" action: the UIDs are resolved and acted on in
    /// chunks of ``maximumBulkUIDs``, so the bound is on the request's time, not on memory.
    static let maximumAllMessages = 100_000

    /// The UIDs a bulk request names: its `uids`, or with `"all": true` every message the
    /// folder (or the `search` in it) has now, as the server resolves it (UID SEARCH). Mail that
    /// arrives afterwards is not among them, and no UID list travels from the browser.
    private func selectedUIDs(_ selection: some BulkSelection, folder: String, session: Session) async throws -> [UInt32] {
        switch (selection.uids, selection.all ?? false) {
        case (let uids?, false):
            return try Self.uids(uids)
        case (nil, true):
            let query = try SearchParameters.query { selection.search?.value($0) }
            let uids = try await call { () async throws(MailStoreError) in
                try await store.matchingUIDs(for: session, folder: folder, query: query)
            }
            guard uids.count <= Self.maximumAllMessages else {
                throw APIError.badRequest("at most \(Self.maximumAllMessages) messages at once: narrow the search", code: .tooManyMessages)
            }
            return uids
        default:
            throw APIError.badRequest("give either uids or \"all\": true", code: .invalidSelection)
        }
    }

    /// The UIDs in runs of ``maximumBulkUIDs``: each becomes one IMAP command of bounded length.
    static func chunks(_ uids: [UInt32]) -> [[UInt32]] {
        stride(from: 0, to: uids.count, by: maximumBulkUIDs).map { Array(uids[$0..<min(uids.count, $0 + maximumBulkUIDs)]) }
    }

    /// The chunks' destinations as one answer; their UIDs only when every message got one (an undo needs them all).
    static func joined(_ moved: [MovedMessages], count: Int) -> MovedMessages? {
        guard let first = moved.first else { return nil }
        let uids = moved.flatMap(\.uids)
        return MovedMessages(folder: first.folder, uids: uids.count == count ? uids : [])
    }

    // MARK: - Input validation

    /// The part a `…/attachments/:part…` request names (session, folder, UID, part number all
    /// checked), as it streams from the store: what the download and the preview share.
    static func partStream(_ request: Request, context: WebmailRequestContext, store: any MailStore) async throws -> MailPartStream {
        let session = try context.requireSession()
        let uid = try uid(context.parameters.get("uid"))
        let folder = try folder(request.uri.formQuery.get("folder"))
        let part = context.parameters.get("part") ?? ""
        guard isPartNumber(part) else { throw APIError.badRequest("part must look like 2 or 2.1", code: .invalidPartNumber) }
        do {
            return try await store.part(for: session, folder: folder, uid: uid, part: part)
        } catch {
            throw error.apiError
        }
    }

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
