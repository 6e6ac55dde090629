/// Asks the mail server whether a login may send as an address, before the address is stored
/// as one of the user's identities (환경설정 → 보낸 사람): the server, not the webmail, decides who
/// may write as whom (Postfix's `reject_sender_login_mismatch`). Production: `SMTPSenderCheck`
/// (an authenticated submission session that stops before DATA); `InMemorySenderCheck` for tests.
protocol SenderChecking: Sendable {
    func check(_ address: String, session: Session) async -> SenderVerdict
}

/// What the mail server said about a sender address.
enum SenderVerdict: Sendable, Equatable {
    case allowed
    /// The server does not let this login use the address.
    case refused
    /// The server no longer takes the session's password.
    case loginRefused
    /// An address the envelope cannot carry.
    case invalid
    /// The server could not be reached or failed (its words are logged).
    case unavailable(String)
}
