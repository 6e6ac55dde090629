/// The Dovecot master user the webmail logs in with as `recipient*user` to look into an internal
/// recipient's mailbox (수신확인, 발송취소; issue 33). The password is read once at start from a
/// file; `description` never shows it, so logging the configuration cannot leak it.
public struct IMAPMasterLogin: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let user: String
    public let password: String
    /// Dovecot's `auth_master_user_separator` as the dev stack and docs/deploy.md configure it.
    public static let separator = "*"

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// The login name that opens `recipient`'s mailbox.
    public func loginName(for recipient: String) -> String { recipient + Self.separator + user }

    public var description: String { "IMAPMasterLogin(user: \(user), password: <redacted>)" }
    public var debugDescription: String { description }
}
