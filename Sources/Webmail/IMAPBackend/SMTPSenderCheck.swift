import SMTP

/// The production `SenderChecking`: an authenticated submission session as the user with
/// `MAIL FROM:<address>` and `RCPT TO:<the user's own address>`, then RSET and QUIT — nothing is
/// sent. Postfix answers a sender the login does not own with 553 5.7.1 at RCPT.
struct SMTPSenderCheck: SenderChecking {
    let smtp: SMTPClient

    func check(_ address: String, session: Session) async -> SenderVerdict {
        do throws(SMTPError) {
            try await smtp.checkSender(address, recipient: session.email,
                                       credentials: SMTPCredentials(username: session.email, password: session.password))
            return .allowed
        } catch {
            if error.refusesSender { return .refused }
            switch error.kind {
            case .invalidInput, .smtpUTF8Unsupported: return .invalid
            case .rejected where error.stage == .authentication && error.code == 535: return .loginRefused
            default: return .unavailable(error.description)
            }
        }
    }
}
