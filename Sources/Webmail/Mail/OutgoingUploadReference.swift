import Foundation

/// An `attachments` entry of a send or draft: an upload id (an attachment), or
/// `{"id", "inline": true, "content_id"}` (an inline image the HTML references as `cid:`).
struct OutgoingUploadReference: Decodable, Sendable, Equatable {
    var id: String
    var inline: Bool?
    var contentID: String?

    enum CodingKeys: String, CodingKey { case id, inline, contentID = "content_id" }

    init(id: String, inline: Bool? = nil, contentID: String? = nil) {
        self.id = id
        self.inline = inline
        self.contentID = contentID
    }

    init(from decoder: any Decoder) throws {
        if let id = try? decoder.singleValueContainer().decode(String.self) {
            self.init(id: id)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(String.self, forKey: .id),
                  inline: try container.decodeIfPresent(Bool.self, forKey: .inline),
                  contentID: try container.decodeIfPresent(String.self, forKey: .contentID))
    }

    /// A multipart form's `attachments` text field: an id, or the JSON object as text.
    init(formField text: String) throws(APIError) {
        guard text.hasPrefix("{") else { self.init(id: text); return }
        do {
            self = try JSONDecoder().decode(Self.self, from: Data(text.utf8))
        } catch {
            throw APIError.badRequest("attachments: 업로드 id 또는 {\"id\",\"inline\",\"content_id\"} 형식이어야 합니다", code: .invalidBody)
        }
    }
}
