import Foundation
import Hummingbird

/// One entry of a user's address book (주소록), as the API reads and answers it.
struct Contact: Codable, Sendable, Equatable, ResponseEncodable {
    var id: String
    var name: String
    var emails: [String]
    var phones: [String]
    var company: String
    var department: String
    var title: String
    var memo: String
    /// Ids of the user's groups (`GET /contacts/groups`).
    var groups: [String]
    /// ISO 8601, UTC.
    var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, name, emails, phones, company, department, title, memo, groups
        case updatedAt = "updated_at"
    }

    /// The text the search and suggestions look in: name, addresses, company, department, title.
    var searchText: String {
        ([name] + emails + [company, department, title]).filter { !$0.isEmpty }.joined(separator: "\n")
    }
}

/// The fields a client may send (`POST` all of them, `PATCH` any of them): anything absent keeps
/// its value (`PATCH`) or is empty (`POST`).
struct ContactFields: Decodable, Sendable {
    var name: String?
    var emails: [String]?
    var phones: [String]?
    var company: String?
    var department: String?
    var title: String?
    var memo: String?
    var groups: [String]?

    static let maxFieldLength = 200, maxMemoLength = 4_000, maxEntries = 20

    /// Applies the fields to `contact`, refusing what the address book cannot keep (a clear 400
    /// naming the field: control characters, an address without `@`, a field too long).
    func apply(to contact: inout Contact) throws {
        if let name { contact.name = try Self.line(name, field: "name") }
        if let company { contact.company = try Self.line(company, field: "company") }
        if let department { contact.department = try Self.line(department, field: "department") }
        if let title { contact.title = try Self.line(title, field: "title") }
        if let memo {
            guard memo.count <= Self.maxMemoLength else { throw Self.invalid("memo is longer than \(Self.maxMemoLength) characters") }
            guard !memo.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" || $0.value == 0x7F }) else {
                throw Self.invalid("memo contains a control character")
            }
            contact.memo = memo
        }
        if let emails {
            contact.emails = try Self.list(emails, field: "emails").map { address in
                guard Self.isAddress(address) else { throw APIError.badRequest("emails: \(address) is not an e-mail address", code: .invalidAddress) }
                return address
            }
        }
        if let phones { contact.phones = try Self.list(phones, field: "phones") }
        if let groups { contact.groups = try Self.list(groups, field: "groups") }
        guard !contact.name.isEmpty || !contact.emails.isEmpty else { throw Self.invalid("a contact needs a name or an e-mail address") }
    }

    /// `local@domain`, one `@`, no spaces, angle brackets or quotes (those would make it a phrase).
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasSuffix("."), !parts[1].hasPrefix(".") else { return false }
        return !text.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || "<>\"(),;:[]\\".unicodeScalars.contains($0) }
    }

    private static func line(_ value: String, field: String) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= maxFieldLength else { throw invalid("\(field) is longer than \(maxFieldLength) characters") }
        guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw APIError.badRequest("\(field) contains a control character", code: .forbiddenCharacter)
        }
        return trimmed
    }

    private static func list(_ values: [String], field: String) throws -> [String] {
        guard values.count <= maxEntries else { throw invalid("\(field): at most \(maxEntries) entries") }
        var seen = Set<String>(), result: [String] = []
        for value in values {
            let entry = try line(value, field: field)
            if !entry.isEmpty, seen.insert(entry.lowercased()).inserted { result.append(entry) }
        }
        return result
    }

    static func invalid(_ detail: String) -> APIError { .badRequest(detail, code: .invalidContact) }
}

/// A group of contacts (a team, a project): usable as one recipient.
struct ContactGroup: Codable, Sendable, Equatable, ResponseEncodable {
    var id: String
    var name: String
    /// How many contacts are in it.
    var count: Int
}
