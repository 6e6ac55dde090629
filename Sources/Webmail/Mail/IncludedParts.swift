import Foundation

/// `"include_parts": {"folder", "uid", "parts"}` of a send or draft: parts of a message in the
/// user's own mailbox to attach again — a forward carrying the original's attachments, or a
/// reopened draft keeping its own.
struct IncludedParts: Decodable, Sendable {
    var folder: String?
    var uid: UInt32
    var parts: [String]

    /// More parts than any real message has: a request naming more is refused.
    static let maximumParts = 100

    /// The same request, checked: folder without control characters, a positive UID, and part
    /// numbers like `2` or `3.1` (nothing else can reach an IMAP command), each once.
    func validated() throws(APIError) -> IncludedParts {
        let folder = try MailController.folder(folder)
        guard uid > 0 else { throw APIError.invalidUID("include_parts.uid must be a positive number") }
        guard !parts.isEmpty, parts.count <= Self.maximumParts else {
            throw APIError.badRequest("include_parts.parts: 1 to \(Self.maximumParts) part numbers", code: .invalidIncludedParts)
        }
        var unique: [String] = []
        for part in parts {
            guard MailController.isPartNumber(part) else {
                throw APIError.badRequest("include_parts.parts: 파트 번호가 올바르지 않습니다 (2 또는 3.1 형식)", code: .invalidIncludedParts)
            }
            if !unique.contains(part) { unique.append(part) }
        }
        return IncludedParts(folder: folder, uid: uid, parts: unique)
    }
}
