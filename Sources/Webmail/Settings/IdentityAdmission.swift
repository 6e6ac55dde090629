import Logging

/// Before a `PATCH /settings` stores `identities`, every address in it that the stored list does
/// not have yet (and that is not the login address) is put to the mail server
/// (`SenderChecking`): one it refuses, or a server that cannot be asked, refuses the whole
/// change, so no identity is ever stored that a send would then be refused for.
struct IdentityAdmission: Sendable {
    let settings: SettingsStore
    let senderCheck: any SenderChecking

    func admit(_ identities: JSONValue, session: Session, logger: Logger) async throws {
        let known = Set(try await settings.identities(of: session.email).map(\.email))
        let added = SenderIdentity.stored(identities).map(\.email)
            .filter { !known.contains($0) && $0 != session.email.lowercased() }
        for address in added {
            switch await senderCheck.check(address, session: session) {
            case .allowed:
                continue
            case .refused:
                throw APIError(.forbidden, "identities: 메일 서버가 \(address) 주소로 보내는 것을 허용하지 않습니다", code: .senderNotAllowed)
            case .invalid:
                throw APIError.badRequest("identities: 메일 주소가 올바르지 않습니다 (\(address))", code: .invalidSetting)
            case .loginRefused:
                throw APIError(.unauthorized, "메일 서버가 로그인을 거부했습니다. 다시 로그인하세요", code: .mailServerRefusedLogin)
            case .unavailable(let why):
                logger.notice("could not check a sender identity", metadata: ["user": "\(session.email)", "error": "\(why)"])
                throw APIError.mailServerUnavailable("메일 서버(SMTP)에 연결할 수 없어 보낸 사람 \(address)을(를) 확인하지 못했습니다", code: .mailServerUnavailable)
            }
        }
    }
}
