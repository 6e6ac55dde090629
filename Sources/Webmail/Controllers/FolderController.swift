import Hummingbird

/// The folder management routes (issue 25): make, rename and delete the user's folders, empty
/// Trash and Junk, and 스팸 신고 / 스팸 아님. Names are checked here (control characters,
/// length, empty) before a store sees them; the stores check what needs the mailbox (special
/// use, exists, parents).
struct FolderController {
    let store: any MailStore

    struct CreateRequest: Decodable {
        let name: String
        /// The folder to make it in; then `name` is one level (no delimiter).
        let parent: String?
    }

    struct RenameRequest: Decodable {
        let name: String
        let newName: String

        enum CodingKeys: String, CodingKey {
            case name
            case newName = "new_name"
        }
    }

    struct EmptyRequest: Decodable { let name: String }

    struct SpamRequest: Decodable {
        let folder: String?
        let uids: [UInt32]
        let spam: Bool
    }

    struct Deleted: ResponseEncodable {
        let ok: Bool
        let deleted: DeletedFolders
    }

    struct Emptied: ResponseEncodable {
        let ok: Bool
        let expunged: Int
    }

    func addRoutes(to group: RouterGroup<WebmailRequestContext>) {
        group.post("folders", use: create)
        group.patch("folders", use: rename)
        group.delete("folders", use: delete)
        group.post("folders/empty", use: empty)
        group.post("messages/spam", use: spam)
    }

    func create(_ request: Request, context: WebmailRequestContext) async throws -> EditedResponse<APIFolder> {
        let session = try context.requireSession()
        let body = try await request.decode(as: CreateRequest.self, context: context)
        let name = try FolderPath.validatedNewName(body.name, field: "name")
        let parent = try body.parent.map { raw throws(APIError) in try Self.existing(raw) }
        let folder = try await call { () async throws(MailStoreError) in
            try await store.createFolder(for: session, name: name, parent: parent)
        }
        return EditedResponse(status: .created, response: folder)
    }

    func rename(_ request: Request, context: WebmailRequestContext) async throws -> APIFolder {
        let session = try context.requireSession()
        let body = try await request.decode(as: RenameRequest.self, context: context)
        let name = try Self.existing(body.name)
        let newName = try FolderPath.validatedNewName(body.newName, field: "new_name")
        return try await call { () async throws(MailStoreError) in try await store.renameFolder(for: session, name: name, to: newName) }
    }

    func delete(_ request: Request, context: WebmailRequestContext) async throws -> Deleted {
        let session = try context.requireSession()
        let name = try Self.existing(request.uri.formQuery.get("name"))
        let deleted = try await call { () async throws(MailStoreError) in try await store.deleteFolder(for: session, name: name) }
        return Deleted(ok: true, deleted: deleted)
    }

    func empty(_ request: Request, context: WebmailRequestContext) async throws -> Emptied {
        let session = try context.requireSession()
        let body = try await request.decode(as: EmptyRequest.self, context: context)
        let name = try Self.existing(body.name)
        let count = try await call { () async throws(MailStoreError) in try await store.emptyFolder(for: session, name: name) }
        return Emptied(ok: true, expunged: count)
    }

    func spam(_ request: Request, context: WebmailRequestContext) async throws -> MailController.Moved {
        let session = try context.requireSession()
        let body = try await request.decode(as: SpamRequest.self, context: context)
        let folder = try MailController.folder(body.folder)
        let uids = try MailController.uids(body.uids)
        let moved = try await call { () async throws(MailStoreError) in
            try await store.reportSpam(for: session, folder: folder, uids: uids, spam: body.spam)
        }
        return MailController.Moved(ok: true, moved: moved)
    }

    /// An existing folder's name, which must be given (an absent one is not INBOX here).
    static func existing(_ raw: String?) throws(APIError) -> String {
        guard let raw, !raw.isEmpty else { throw APIError.invalidFolder("name is empty") }
        return try MailController.folder(raw)
    }

    private func call<T>(_ body: () async throws(MailStoreError) -> T) async throws(APIError) -> T {
        do { return try await body() } catch { throw error.apiError }
    }
}

extension APIFolder: ResponseEncodable {}
