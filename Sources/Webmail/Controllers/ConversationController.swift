import Foundation
import Hummingbird

/// The `/mail/threads` routes (issue 30): a folder's conversations and one conversation to read.
/// Whole-conversation actions need no routes of their own: a row's `uids` go to the bulk
/// `POST /mail/messages/flags|move|delete`, with their undo.
struct ConversationController {
    /// nil for mail stores without conversations (the in-memory one of some tests).
    let store: (any ConversationReading)?

    init(store: any MailStore) { self.store = store as? any ConversationReading }

    func addRoutes(to group: RouterGroup<WebmailRequestContext>) {
        group.get("threads", use: list)
        group.get("threads/:id", use: show)
    }

    func list(_ request: Request, context: WebmailRequestContext) async throws -> APIConversationPage {
        let session = try context.requireSession()
        let (folder, page, size, query) = try MailController.pageParameters(request.uri.formQuery)
        let store = try requireStore()
        do throws(MailStoreError) {
            return try await store.conversations(for: session, folder: folder, page: page, size: size, query: query)
        } catch {
            throw error.apiError
        }
    }

    func show(_ request: Request, context: WebmailRequestContext) async throws -> APIConversationDetail {
        let session = try context.requireSession()
        let folder = try MailController.folder(request.uri.formQuery.get("folder"))
        let id = context.parameters.get("id") ?? ""
        let store = try requireStore()
        do throws(MailStoreError) {
            return try await store.conversation(for: session, folder: folder, id: id)
        } catch {
            throw error.apiError
        }
    }

    private func requireStore() throws(APIError) -> any ConversationReading {
        guard let store else { throw APIError.badRequest("this mail store has no conversation view", code: .invalidParameter) }
        return store
    }
}

extension APIConversationPage: ResponseEncodable {}
extension APIConversationDetail: ResponseEncodable {}
