/// Why the mail server did not let a user in.
public enum MailLoginError: Error, Sendable {
    /// The server said no to these credentials: the user's fault (401 "인증 실패").
    case invalidCredentials
    /// The server could not be reached or misbehaved: not the user's fault (502).
    case unavailable(String)
    /// Every mail server connection is in use and none became free in time (503).
    case busy
}

/// Checks a user's credentials against the mail server (IMAP LOGIN). The production
/// implementation keeps the authenticated connection for the user's pool.
public protocol MailLoginVerifying: Sendable {
    func verifyLogin(email: String, password: String) async throws(MailLoginError)
}
