import Foundation
import Hummingbird

/// `GET|PATCH /settings` (환경설정, stored per user in the state store so they follow the user to
/// every PC), and `POST|DELETE /settings/trusted-senders` to add or remove one sender of remote
/// images (이 발신자는 항상 표시) without rewriting the list another browser may be changing.
struct SettingsController {
    let settings: SettingsStore
    /// Asks the mail server about each identity address added (`IdentityAdmission`).
    let senderCheck: any SenderChecking

    func addRoutes(to group: RouterGroup<WebmailRequestContext>) {
        group.get("", use: show)
        group.patch("", use: update)
        group.post("trusted-senders", use: trust)
        group.delete("trusted-senders", use: distrust)
    }

    /// Every setting, with the defaults filled in.
    struct Settings: ResponseEncodable {
        let values: [String: JSONValue]
        func encode(to encoder: any Encoder) throws { try values.encode(to: encoder) }
    }

    struct SenderRequest: Decodable {
        let email: String
    }

    func show(_ request: Request, context: WebmailRequestContext) async throws -> Settings {
        let session = try context.requireSession()
        return Settings(values: try await settings.settings(of: session.email))
    }

    /// A partial object: only the keys it names change. One bad key refuses the whole request.
    func update(_ request: Request, context: WebmailRequestContext) async throws -> Settings {
        let session = try context.requireSession()
        let body: [String: JSONValue]
        do {
            body = try await request.decode(as: [String: JSONValue].self, context: context)
        } catch {
            throw APIError.badRequest("설정은 JSON 객체로 보내세요", code: .invalidBody)
        }
        let changes = try Self.validated(body)
        if let identities = changes["identities"] {
            try await IdentityAdmission(settings: settings, senderCheck: senderCheck).admit(identities, session: session, logger: context.logger)
        }
        try await settings.update(session.email, changes)
        return Settings(values: try await settings.settings(of: session.email))
    }

    /// The changes, normalized; the first unknown key or bad value (in key order) is refused, named.
    static func validated(_ body: [String: JSONValue]) throws -> [String: JSONValue] {
        var changes: [String: JSONValue] = [:]
        for key in body.keys.sorted() {
            guard let setting = UserSetting.byKey[key] else {
                throw APIError.badRequest("\(key): 알 수 없는 설정입니다", code: .unknownSetting)
            }
            do throws(UserSetting.Invalid) {
                changes[key] = try setting.normalized(body[key] ?? .null)
            } catch {
                throw APIError.badRequest("\(key): \(error.reason)", code: .invalidSetting)
            }
        }
        return changes
    }

    func trust(_ request: Request, context: WebmailRequestContext) async throws -> Settings {
        let session = try context.requireSession()
        let body = try await request.decode(as: SenderRequest.self, context: context)
        let sender = try Self.sender(body.email)
        guard try await settings.trust(sender, owner: session.email) else {
            throw APIError.badRequest("trusted_senders: 최대 \(UserSetting.maximumTrustedSenders)개입니다", code: .invalidSetting)
        }
        return Settings(values: try await settings.settings(of: session.email))
    }

    func distrust(_ request: Request, context: WebmailRequestContext) async throws -> Settings {
        let session = try context.requireSession()
        let sender = try Self.sender(request.uri.formQuery.get("email") ?? "")
        try await settings.distrust(sender, owner: session.email)
        return Settings(values: try await settings.settings(of: session.email))
    }

    static func sender(_ email: String) throws -> String {
        do throws(UserSetting.Invalid) {
            return try UserSetting.address(.string(email))
        } catch {
            throw APIError.badRequest("email: \(error.reason)", code: .invalidSetting)
        }
    }
}
