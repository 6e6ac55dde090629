import Foundation

/// `"include_parts": {"folder", "uid", "parts"}` of a send or draft: parts of a message in the
/// user's own mailbox to attach again — a forward carrying the original's attachments, or a
/// reopened draft keeping its own. A `parts` entry is a part number (an attachment) or
/// `{"part", "inline": true, "content_id"}` (an inline image, sent on with that Content-ID).
struct IncludedParts: Decodable, Sendable {
    struct Part: Decodable, Sendable, Equatable {
        var part: String
        var inline: Bool?
        var contentID: String?

        enum CodingKeys: String, CodingKey { case part, inline, contentID = "content_id" }

        init(part: String, inline: Bool? = nil, contentID: String? = nil) {
            self.part = part
            self.inline = inline
            self.contentID = contentID
        }

        init(from decoder: any Decoder) throws {
            if let part = try? decoder.singleValueContainer().decode(String.self) {
                self.init(part: part)
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(part: try container.decode(String.self, forKey: .part),
                      inline: try container.decodeIfPresent(Bool.self, forKey: .inline),
                      contentID: try container.decodeIfPresent(String.self, forKey: .contentID))
        }
    }

    var folder: String?
    var uid: UInt32
    var parts: [Part]

    /// More parts than any real message has: a request naming more is refused.
    static let maximumParts = 100

    /// The same request, checked: folder without control characters, a positive UID, and part
    /// numbers like `2` or `3.1` (nothing else can reach an IMAP command), each once; an inline
    /// entry's Content-ID valid (`InlineContentID`), kept only on inline entries.
    func validated() throws(APIError) -> IncludedParts {
        let folder = try MailController.folder(folder)
        guard uid > 0 else { throw APIError.invalidUID("include_parts.uid must be a positive number") }
        guard !parts.isEmpty, parts.count <= Self.maximumParts else {
            throw APIError.badRequest("include_parts.parts: 1 to \(Self.maximumParts) part numbers", code: .invalidIncludedParts)
        }
        var unique: [Part] = []
        for entry in parts {
            guard MailController.isPartNumber(entry.part) else {
                throw APIError.badRequest("include_parts.parts: 파트 번호가 올바르지 않습니다 (2 또는 3.1 형식)", code: .invalidIncludedParts)
            }
            let contentID = try InlineContentID.validated(entry.contentID, inline: entry.inline, field: "include_parts.parts")
            if !unique.contains(where: { $0.part == entry.part }) {
                unique.append(Part(part: entry.part, inline: contentID != nil, contentID: contentID))
            }
        }
        return IncludedParts(folder: folder, uid: uid, parts: unique)
    }
}
