import Foundation

/// One more address the user sends as (환경설정 → 보낸 사람), from the settings key `identities`:
/// `{"id","email","name","signature"?,"reply_to"?}`. Only addresses the mail server lets the
/// login use are stored (`SenderCheck` asks it when one is added), and a send's `from` must be
/// the login address or one of these (`SenderChoice`).
struct SenderIdentity: Sendable, Equatable {
    var id: String
    var email: String
    /// The From name with this address; empty: the display name.
    var name: String
    /// The signature compose switches to when this identity is picked.
    var signature: String?
    var replyTo: String?

    static let maximumCount = 10
    private static let keys: Set<String> = ["id", "email", "name", "signature", "reply_to"]

    /// The stored form of an `identities` value: checked (ids and emails unique, each email one
    /// the SMTP envelope can carry, no control characters anywhere), trimmed, emails lowercased.
    static func normalized(_ value: JSONValue) throws(UserSetting.Invalid) -> JSONValue {
        .array(try list(value).map(\.json))
    }

    static func list(_ value: JSONValue) throws(UserSetting.Invalid) -> [SenderIdentity] {
        guard let items = value.array, items.count <= maximumCount else {
            throw UserSetting.Invalid(reason: "보낸 사람 목록(최대 \(maximumCount)개)이어야 합니다")
        }
        var identities: [SenderIdentity] = []
        for item in items {
            guard let fields = item.object, Set(fields.keys).isSubset(of: keys) else {
                throw UserSetting.Invalid(reason: "보낸 사람은 {id, email, name, signature, reply_to}입니다")
            }
            let id = try UserSetting.id(fields["id"] ?? .null)
            let email = try envelopeAddress(fields["email"] ?? .null)
            guard !identities.contains(where: { $0.id == id }) else { throw UserSetting.Invalid(reason: "보낸 사람 id \(id)가 두 번 있습니다") }
            guard !identities.contains(where: { $0.email == email }) else { throw UserSetting.Invalid(reason: "보낸 사람 \(email)이 두 번 있습니다") }
            let name = try UserSetting.text(fields["name"] ?? .string(""), maxLength: 100)
            let signature = try optional(fields["signature"]) { value throws(UserSetting.Invalid) in try UserSetting.id(value) }
            let replyTo = try optional(fields["reply_to"], envelopeAddress)
            identities.append(SenderIdentity(id: id, email: email, name: name, signature: signature, replyTo: replyTo))
        }
        return identities
    }

    /// The identities of a stored settings value (already normalized; anything else reads as none).
    static func stored(_ value: JSONValue?) -> [SenderIdentity] {
        guard let value, let identities = try? list(value) else { return [] }
        return identities
    }

    var json: JSONValue {
        var fields: [String: JSONValue] = ["id": .string(id), "email": .string(email), "name": .string(name)]
        fields["signature"] = signature.map(JSONValue.string) ?? .null
        fields["reply_to"] = replyTo.map(JSONValue.string) ?? .null
        return .object(fields)
    }

    private static func optional(_ value: JSONValue?, _ read: (JSONValue) throws(UserSetting.Invalid) -> String) throws(UserSetting.Invalid) -> String? {
        guard let value, value != .null else { return nil }
        if value.string?.trimmingCharacters(in: .whitespaces).isEmpty == true { return nil }
        return try read(value)
    }

    /// An address as the trusted senders take it, and one the SMTP envelope can carry (so the
    /// check against the mail server, and every send, can use it as MAIL FROM): a local part of
    /// at most 64 bytes without specials, a domain of two or more labels. (The SMTP module
    /// checks it again, fully, before it goes on the wire.)
    static func envelopeAddress(_ value: JSONValue) throws(UserSetting.Invalid) -> String {
        let address = try UserSetting.address(value)
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        let labels = parts.last?.split(separator: ".", omittingEmptySubsequences: false) ?? []
        guard address.utf8.count <= 254, parts.count == 2, parts[0].utf8.count <= 64,
              !parts[0].hasPrefix("."), !parts[0].hasSuffix("."), !parts[0].contains(".."),
              labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 63 && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
              !address.contains(where: { " <>\"(),;:\\[]\t".contains($0) }) else {
            throw UserSetting.Invalid(reason: "메일 주소가 올바르지 않습니다 (\(address))")
        }
        return address
    }
}
