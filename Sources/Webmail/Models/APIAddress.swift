/// An address as the API shows it: `{"name": "홍길동", "email": "a@b.kr"}`, name "" when absent.
public struct APIAddress: Codable, Sendable, Equatable {
    public var name: String
    public var email: String

    public init(name: String = "", email: String) {
        self.name = name
        self.email = email
    }
}
