import Foundation
import Hummingbird
import IMAP

/// `GET /mail/messages/{uid}/receipts`, `POST /mail/messages/{uid}/recall` and `GET /mail/receipts`
/// (수신확인 and 발송취소, issue 33). Without a master user (`service` nil) every route answers 404
/// `receipts_unavailable`, and `GET /auth/me` says `receipts: false` so the SPA hides both.
struct ReceiptsController {
    let service: ReceiptService?

    struct ReceiptsResponse: ResponseEncodable {
        let recipients: [ReceiptService.Receipt]
        let recalled: Bool
    }

    struct RecallResponse: ResponseEncodable {
        let recipients: [ReceiptService.Recall]
    }

    struct OverviewResponse: ResponseEncodable {
        let messages: [ReceiptService.OverviewItem]
        let folder: String
        let page: Int
        let hasMore: Bool
        enum CodingKeys: String, CodingKey { case messages, folder, page, hasMore = "has_more" }
    }

    func addRoutes(to group: RouterGroup<WebmailRequestContext>) {
        group.get("messages/:uid/receipts", use: receipts)
        group.post("messages/:uid/recall", use: recall)
        group.get("receipts", use: overview)
    }

    func receipts(_ request: Request, context: WebmailRequestContext) async throws -> ReceiptsResponse {
        let (service, session) = try available(context)
        let (message, _) = try await ownMessage(request, context: context, service: service)
        let recipients = try await mailCall { try await service.receipts(of: message, session: session) }
        return ReceiptsResponse(recipients: recipients, recalled: message.recalled)
    }

    func recall(_ request: Request, context: WebmailRequestContext) async throws -> RecallResponse {
        let (service, session) = try available(context)
        let (message, folder) = try await ownMessage(request, context: context, service: service)
        return RecallResponse(recipients: try await mailCall { try await service.recall(message, folder: folder, session: session) })
    }

    func overview(_ request: Request, context: WebmailRequestContext) async throws -> OverviewResponse {
        let (service, session) = try available(context)
        let page = try MailController.integer(request.uri.formQuery.get("page"), name: "page", default: 1, range: 1...10_000)
        let sent = try await mailCall { try await service.senderMailbox.folder(withRole: .sent, session: session) }
        let (items, hasMore) = try await mailCall { try await service.overview(page: page, session: session) }
        return OverviewResponse(messages: items, folder: sent?.displayName ?? "Sent", page: page, hasMore: hasMore)
    }

    private func available(_ context: WebmailRequestContext) throws -> (ReceiptService, Session) {
        let session = try context.requireSession()
        guard let service else {
            throw APIError.notFound("수신확인과 발송취소를 사용할 수 없습니다 (관리자가 설정하지 않았습니다)", code: .receiptsUnavailable)
        }
        return (service, session)
    }

    /// The user's own message in their own Sent (checked on the server; 404 otherwise).
    private func ownMessage(_ request: Request, context: WebmailRequestContext, service: ReceiptService) async throws -> (SentMessage, String) {
        let session = try context.requireSession()
        let uid = try MailController.uid(context.parameters.get("uid"))
        let folder = try MailController.folder(request.uri.formQuery.get("folder"))
        do {
            return (try await service.sentMessage(uid, folder: folder, session: session), folder)
        } catch {
            throw error.apiError
        }
    }

    /// Mail-store and IMAP failures of the lookups as API errors (the master's own words logged, never shown).
    private func mailCall<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as APIError {
            throw error
        } catch let error as MailStoreError {
            throw error.apiError
        } catch let error as StateStoreError {
            throw error
        } catch {
            throw IMAPMailStore.mapError(error, logger: service?.logger ?? .init(label: "zioinfo.receipts")).apiError
        }
    }
}
