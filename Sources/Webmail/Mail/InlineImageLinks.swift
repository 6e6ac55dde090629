import Foundation
import MIME

/// Rewrites `cid:` references in an HTML body to the URL of the inline part they name, so the
/// SPA can show embedded images without knowing MIME. One pass over the HTML with bounded work
/// (`CIDLinkRewriter`): a message with thousands of parts must not stall the server.
enum InlineImageLinks {
    static func rewrite(html: String, attachments: [APIAttachment], uid: UInt32, folder: String) -> String {
        // ASCII letters and digits only: CharacterSet.alphanumerics would let Hangul through.
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let folderQuery = folder.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "INBOX"
        let links = attachments.lazy.compactMap { attachment -> (contentID: String, url: String)? in
            guard let id = attachment.contentID else { return nil }
            return (id, "/api/mail/messages/\(uid)/attachments/\(attachment.part)?folder=\(folderQuery)")
        }
        return CIDLinkRewriter(links: links).rewrite(html)
    }
}
