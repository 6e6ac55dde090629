import Foundation

/// One user setting of `GET|PATCH /settings` (환경설정): its key, its default, and what a value
/// must be. The list is the API: a key not here is refused (`unknown_setting`), a value outside
/// its rule too (`invalid_setting`), both naming the key, so a client bug never stores junk that
/// every browser of the user would then load.
struct UserSetting: Sendable {
    let key: String
    let defaultValue: JSONValue
    let rule: Rule

    enum Rule: Sendable {
        case choice([String])
        case integer(ClosedRange<Int>)
        case integerChoice([Int])
        case bool
        /// Text for a header or a label: trimmed, no control characters, at most so many characters.
        case text(maxLength: Int)
        /// A signature id, or null for none.
        case optionalID
        case signatures
        case addresses
        /// Sender identities (`SenderIdentity`).
        case identities
    }

    /// Why a value is refused, in the user's words (Korean first, as every detail of the API).
    struct Invalid: Error, Equatable {
        let reason: String
    }

    static let maximumSignatures = 20
    static let maximumTrustedSenders = 1000

    static let all: [UserSetting] = [
        UserSetting(key: "display_name", defaultValue: .string(""), rule: .text(maxLength: 100)),
        UserSetting(key: "language", defaultValue: .string("ko"), rule: .choice(["ko", "en"])),
        UserSetting(key: "theme", defaultValue: .string("system"), rule: .choice(["system", "light", "dark"])),
        UserSetting(key: "page_size", defaultValue: .number(50), rule: .integer(10...MailController.maximumPageSize)),
        UserSetting(key: "reading_pane", defaultValue: .string("right"), rule: .choice(["right", "bottom", "off"])),
        UserSetting(key: "default_sort", defaultValue: .string("received"), rule: .choice(MessageSort.Field.allCases.map(\.rawValue))),
        UserSetting(key: "default_reply", defaultValue: .string("reply"), rule: .choice(["reply", "reply_all"])),
        UserSetting(key: "compose_format", defaultValue: .string("html"), rule: .choice(["html", "plain"])),
        UserSetting(key: "undo_send_seconds", defaultValue: .number(10), rule: .integerChoice([0, 5, 10, 20, 30])),
        UserSetting(key: "conversation_view", defaultValue: .bool(true), rule: .bool),
        UserSetting(key: "desktop_notifications", defaultValue: .bool(false), rule: .bool),
        UserSetting(key: "remote_images", defaultValue: .string("trusted"), rule: .choice(["ask", "trusted"])),
        UserSetting(key: "signatures", defaultValue: .array([]), rule: .signatures),
        UserSetting(key: "identities", defaultValue: .array([]), rule: .identities),
        UserSetting(key: "signature_new", defaultValue: .null, rule: .optionalID),
        UserSetting(key: "signature_reply", defaultValue: .null, rule: .optionalID),
        // Stored in a table of its own (`TrustedSenders`), so one sender is added or removed
        // without rewriting the list; PATCH may still replace the whole list.
        UserSetting(key: "trusted_senders", defaultValue: .array([]), rule: .addresses),
    ]

    static let byKey: [String: UserSetting] = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })

    /// The value as stored: checked, trimmed, lowercased where case means nothing.
    func normalized(_ value: JSONValue) throws(Invalid) -> JSONValue {
        switch rule {
        case .choice(let choices):
            guard let text = value.string, choices.contains(text) else {
                throw Invalid(reason: "\(choices.joined(separator: ", ")) 중 하나여야 합니다")
            }
            return value
        case .integer(let range):
            guard let number = value.integer, range.contains(number) else {
                throw Invalid(reason: "\(range.lowerBound)부터 \(range.upperBound) 사이의 정수여야 합니다")
            }
            return .number(Double(number))
        case .integerChoice(let choices):
            guard let number = value.integer, choices.contains(number) else {
                throw Invalid(reason: "\(choices.map(String.init).joined(separator: ", ")) 중 하나여야 합니다")
            }
            return .number(Double(number))
        case .bool:
            guard value.bool != nil else { throw Invalid(reason: "true 또는 false여야 합니다") }
            return value
        case .text(let maxLength):
            return .string(try Self.text(value, maxLength: maxLength))
        case .optionalID:
            if value == .null { return .null }
            return .string(try Self.id(value))
        case .signatures:
            return try Self.signatures(value)
        case .identities:
            return try SenderIdentity.normalized(value)
        case .addresses:
            guard let list = value.array, list.count <= Self.maximumTrustedSenders else {
                throw Invalid(reason: "주소 목록(최대 \(Self.maximumTrustedSenders)개)이어야 합니다")
            }
            var seen: [String] = []
            for item in list {
                let address = try Self.address(item)
                if !seen.contains(address) { seen.append(address) }
            }
            return .array(seen.map(JSONValue.string))
        }
    }

    static func text(_ value: JSONValue, maxLength: Int) throws(Invalid) -> String {
        guard let raw = value.string else { throw Invalid(reason: "문자열이어야 합니다") }
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw Invalid(reason: "줄바꿈 등 제어 문자는 쓸 수 없습니다")
        }
        guard text.count <= maxLength else { throw Invalid(reason: "최대 \(maxLength)자입니다") }
        return text
    }

    static func id(_ value: JSONValue) throws(Invalid) -> String {
        guard let id = value.string, (1...40).contains(id.utf8.count),
              id.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }) else {
            throw Invalid(reason: "서명 id는 영문 소문자, 숫자, -로 된 1~40자입니다")
        }
        return id
    }

    /// A sender address as the reader compares it: lowercased, one `@`, no space or control.
    static func address(_ value: JSONValue) throws(Invalid) -> String {
        guard let raw = value.string?.trimmingCharacters(in: .whitespaces).lowercased(), raw.utf8.count <= 320,
              let at = raw.firstIndex(of: "@"), at != raw.startIndex, raw.index(after: at) != raw.endIndex,
              raw.filter({ $0 == "@" }).count == 1,
              !raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " || $0 == "<" || $0 == ">" }) else {
            throw Invalid(reason: "메일 주소가 올바르지 않습니다")
        }
        return raw
    }

    /// `[{"id","name","html","text"}]`: at most 20, ids unique, names 1-50 characters.
    static func signatures(_ value: JSONValue) throws(Invalid) -> JSONValue {
        guard let list = value.array, list.count <= maximumSignatures else {
            throw Invalid(reason: "서명 목록(최대 \(maximumSignatures)개)이어야 합니다")
        }
        var ids: Set<String> = []
        var out: [JSONValue] = []
        for item in list {
            guard let fields = item.object, Set(fields.keys).isSubset(of: ["id", "name", "html", "text"]) else {
                throw Invalid(reason: "서명은 {id, name, html, text}입니다")
            }
            let id = try Self.id(fields["id"] ?? .null)
            guard ids.insert(id).inserted else { throw Invalid(reason: "서명 id \(id)가 두 번 있습니다") }
            let name = try text(fields["name"] ?? .null, maxLength: 50)
            guard !name.isEmpty else { throw Invalid(reason: "서명 이름이 비어 있습니다") }
            guard let html = (fields["html"] ?? .string("")).string, html.utf8.count <= 20_000,
                  let plain = (fields["text"] ?? .string("")).string, plain.utf8.count <= 10_000 else {
                throw Invalid(reason: "서명의 html(최대 20,000바이트)과 text(최대 10,000바이트)는 문자열입니다")
            }
            out.append(.object(["id": .string(id), "name": .string(name), "html": .string(html), "text": .string(plain)]))
        }
        return .array(out)
    }
}
