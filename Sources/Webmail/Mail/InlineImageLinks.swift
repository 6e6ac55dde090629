import Foundation

/// Rewrites `cid:` references in an HTML body to the URL of the inline part they name, so the
/// SPA can show embedded images without knowing MIME.
enum InlineImageLinks {
    static func rewrite(html: String, attachments: [APIAttachment], uid: UInt32, folder: String) -> String {
        var result = html
        // ASCII letters and digits only: CharacterSet.alphanumerics would let Hangul through.
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let folderQuery = folder.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "INBOX"
        for attachment in attachments {
            guard let id = attachment.contentID?.trimmingCharacters(in: CharacterSet(charactersIn: "<> ")), !id.isEmpty else { continue }
            let url = "/api/mail/messages/\(uid)/attachments/\(attachment.part)?folder=\(folderQuery)"
            for form in Set([id, id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id]) {
                result = result.replacingOccurrences(of: "cid:" + form, with: url, options: .caseInsensitive)
            }
        }
        return result
    }
}
