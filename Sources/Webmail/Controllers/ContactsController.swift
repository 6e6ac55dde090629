import Foundation
import Hummingbird
import MIME

/// The address book (주소록): `/contacts` (list, add), `/contacts/{id}` (read, change, delete),
/// `/contacts/groups` (list, add, rename, delete), `/contacts/suggest` (while addressing) and
/// `/contacts/collected` (the SPA's old local-storage list, brought in once). Every contact and
/// group belongs to the signed-in user; anyone else's id answers 404, like one that never existed.
struct ContactsController {
    let contacts: ContactStore
    let collected: CollectedRecipients
    let suggestions: RecipientSuggestions

    func addRoutes(to group: RouterGroup<WebmailRequestContext>) {
        group.get("", use: list)
        group.post("", use: create)
        group.get("suggest", use: suggest)
        group.post("collected", use: importCollected)
        group.get("groups", use: groups)
        group.post("groups", use: createGroup)
        group.patch("groups/:id", use: renameGroup)
        group.delete("groups/:id", use: deleteGroup)
        group.get(":id", use: read)
        group.patch(":id", use: update)
        group.delete(":id", use: delete)
    }

    static let contactNotFound = APIError.notFound("연락처가 없습니다", code: .contactNotFound)
    static let groupNotFound = APIError.notFound("그룹이 없습니다", code: .contactNotFound)

    func list(_ request: Request, context: WebmailRequestContext) async throws -> ContactStore.Page {
        let session = try context.requireSession()
        let query = request.uri.formQuery
        let page = try Self.page(query.get("page"))
        let group = query.get("group").flatMap { $0.isEmpty ? nil : $0 }
        return try await contacts.list(owner: session.email, query: try Self.searchText(query.get("q")), group: group, page: page)
    }

    func create(_ request: Request, context: WebmailRequestContext) async throws -> EditedResponse<Contact> {
        let session = try context.requireSession()
        let fields = try await request.decode(as: ContactFields.self, context: context)
        return EditedResponse(status: .created, response: try await contacts.create(fields, owner: session.email))
    }

    func read(_ request: Request, context: WebmailRequestContext) async throws -> Contact {
        let session = try context.requireSession()
        guard let contact = try await contacts.contact(try context.parameters.require("id"), owner: session.email) else { throw Self.contactNotFound }
        return contact
    }

    func update(_ request: Request, context: WebmailRequestContext) async throws -> Contact {
        let session = try context.requireSession()
        let fields = try await request.decode(as: ContactFields.self, context: context)
        guard let contact = try await contacts.update(try context.parameters.require("id"), with: fields, owner: session.email) else { throw Self.contactNotFound }
        return contact
    }

    func delete(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        let session = try context.requireSession()
        guard try await contacts.delete(try context.parameters.require("id"), owner: session.email) else { throw Self.contactNotFound }
        return Response(status: .noContent)
    }

    struct GroupList: ResponseEncodable { let groups: [ContactGroup] }
    struct GroupName: Decodable { let name: String }

    func groups(_ request: Request, context: WebmailRequestContext) async throws -> GroupList {
        GroupList(groups: try await contacts.groups(owner: try context.requireSession().email))
    }

    func createGroup(_ request: Request, context: WebmailRequestContext) async throws -> EditedResponse<ContactGroup> {
        let session = try context.requireSession()
        let body = try await request.decode(as: GroupName.self, context: context)
        return EditedResponse(status: .created, response: try await contacts.createGroup(named: body.name, owner: session.email))
    }

    func renameGroup(_ request: Request, context: WebmailRequestContext) async throws -> ContactGroup {
        let session = try context.requireSession()
        let body = try await request.decode(as: GroupName.self, context: context)
        guard let group = try await contacts.renameGroup(try context.parameters.require("id"), to: body.name, owner: session.email) else { throw Self.groupNotFound }
        return group
    }

    func deleteGroup(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        let session = try context.requireSession()
        guard try await contacts.deleteGroup(try context.parameters.require("id"), owner: session.email) else { throw Self.groupNotFound }
        return Response(status: .noContent)
    }

    func suggest(_ request: Request, context: WebmailRequestContext) async throws -> RecipientSuggestions.List {
        let session = try context.requireSession()
        let query = request.uri.formQuery
        var limit = RecipientSuggestions.defaultLimit
        if let raw = query.get("limit") {
            guard let value = Int(raw), (1...RecipientSuggestions.maxLimit).contains(value) else {
                throw APIError.badRequest("limit must be 1 to \(RecipientSuggestions.maxLimit)", code: .invalidParameter)
            }
            limit = value
        }
        return RecipientSuggestions.List(suggestions: try await suggestions.suggest(try Self.searchText(query.get("q")), owner: session.email, limit: limit))
    }

    struct CollectedImport: Decodable { let recipients: [MailAddress] }
    struct Imported: ResponseEncodable { let added: Int }

    func importCollected(_ request: Request, context: WebmailRequestContext) async throws -> Imported {
        let session = try context.requireSession()
        let body = try await request.decode(as: CollectedImport.self, context: context)
        return Imported(added: try await collected.importAddresses(body.recipients, owner: session.email))
    }

    /// `q`: at most 100 characters, no control characters.
    static func searchText(_ raw: String?) throws -> String {
        let text = raw ?? ""
        guard text.count <= 100 else { throw APIError.badRequest("q is longer than 100 characters", code: .invalidParameter) }
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw APIError.badRequest("q contains a control character", code: .forbiddenCharacter)
        }
        return text
    }

    static func page(_ raw: String?) throws -> Int {
        guard let raw else { return 1 }
        guard let page = Int(raw), page >= 1, page <= 10_000 else { throw APIError.badRequest("page must be a number from 1", code: .invalidParameter) }
        return page
    }
}
