import Foundation

/// A signed-in user, recovered from a verified token. The IMAP password lives only here, in
/// memory, for as long as the request needs it to open (or reuse) the user's IMAP connection.
public struct Session: Sendable {
    public let email: String
    let password: String
    /// The token's `jti`, the handle for revocation.
    let tokenID: String
    public let expiresAt: Date
    /// True when the token came from the cookie (then state-changing requests need CSRF proof).
    let fromCookie: Bool
}
