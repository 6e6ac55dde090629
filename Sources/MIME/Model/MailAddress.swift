/// A mailbox: display name (decoded, "" when absent) and address (`local@domain`).
public struct MailAddress: Sendable, Hashable, Codable {
    public var name: String
    public var email: String

    public init(name: String = "", email: String) {
        self.name = name
        self.email = email
    }
}
