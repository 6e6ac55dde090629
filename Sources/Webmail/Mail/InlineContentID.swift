/// The Content-ID of an inline image the client names (`cid:<content_id>` in its HTML): checked
/// before it can reach a header, so only `[A-Za-z0-9._@-]{1,200}` gets through.
enum InlineContentID {
    static let maximumLength = 200

    /// The Content-ID of an entry marked inline, nil for an attachment; throws for an inline
    /// entry without a usable one (or a content_id given on a non-inline entry that is not one).
    static func validated(_ contentID: String?, inline: Bool?, field: String) throws(APIError) -> String? {
        guard inline == true else {
            if let contentID, !isValid(contentID) { throw invalid(field) }
            return nil
        }
        guard let contentID, isValid(contentID) else { throw invalid(field) }
        return contentID
    }

    static func isValid(_ contentID: String) -> Bool {
        !contentID.isEmpty && contentID.utf8.count <= maximumLength
            && contentID.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || ".-_@".unicodeScalars.contains($0) }
    }

    static func invalid(_ field: String) -> APIError {
        APIError.badRequest("\(field).content_id: 인라인 이미지에는 영문, 숫자, . _ @ - 로 된 1~200자의 content_id가 필요합니다", code: .invalidContentID)
    }
}
