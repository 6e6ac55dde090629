import Foundation
import MIME

/// The sender of a send or draft: the `from` the client asked for, if it is the login address or
/// one of the user's identities (the mail server allowed each when it was added), with the
/// name for the From header (the identity's, else the display name) and the identity's Reply-To.
/// Anything else is refused before SMTP sees it; the envelope sender is the chosen address.
struct SenderChoice: Sendable {
    let settings: SettingsStore

    struct Chosen: Sendable, Equatable {
        var address: MailAddress
        var replyTo: [MailAddress]
    }

    func choose(_ requested: String?, session: Session) async throws -> Chosen {
        let displayName = try await settings.displayName(of: session.email)
        let wanted = requested?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        if wanted.isEmpty || wanted == session.email.lowercased() {
            return Chosen(address: MailAddress(name: displayName, email: session.email), replyTo: [])
        }
        guard let identity = try await settings.identities(of: session.email).first(where: { $0.email == wanted }) else {
            throw APIError.badRequest("보낸 사람 \(Self.shown(wanted))은(는) 로그인 주소나 환경설정에 등록된 보낸 사람 주소가 아닙니다", code: .unknownSender)
        }
        return Chosen(address: MailAddress(name: identity.name.isEmpty ? displayName : identity.name, email: identity.email),
                      replyTo: identity.replyTo.map { [MailAddress(name: "", email: $0)] } ?? [])
    }

    /// The address as the detail may show it: control characters dropped, at most 100 characters.
    private static func shown(_ text: String) -> String {
        String(String(text.unicodeScalars.filter { $0.properties.generalCategory != .control }).prefix(100))
    }
}
