import Foundation

/// The MIME entity of an HTML auto-reply, the string `vacation :mime` sends (RFC 5230 section
/// 4.7): `multipart/alternative` with the text and the HTML, each UTF-8 in base64, so the Korean
/// text and any markup reach the sender intact and the entity itself is plain ASCII (no `"` or `\`
/// for the Sieve string to escape, no line a mail system would rewrap). The same rules always
/// give the same bytes: the boundary is fixed (no base64 line starts with `-`), as the script
/// reader rebuilds and compares; a token, so no quotes for the Sieve string to escape either.
enum VacationMIMEBody {
    static let boundary = "zioinfo-mail-vacation"

    static func entity(text: String, html: String) -> String {
        let document = "<!DOCTYPE html>\r\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body>"
            + html + "</body></html>"
        return [
            "Content-Type: multipart/alternative; boundary=\(boundary)",
            "",
            "--\(boundary)",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "",
            base64Lines(text),
            "--\(boundary)",
            "Content-Type: text/html; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "",
            base64Lines(document),
            "--\(boundary)--",
            "",
        ].joined(separator: "\r\n")
    }

    /// Base64 in lines of 76 characters (RFC 2045 section 6.8).
    private static func base64Lines(_ text: String) -> String {
        let encoded = Array(Data(text.utf8).base64EncodedString().utf8)
        return stride(from: 0, to: encoded.count, by: 76)
            .map { String(decoding: encoded[$0..<min($0 + 76, encoded.count)], as: UTF8.self) }
            .joined(separator: "\r\n")
    }

    /// The body of the sanitizer's document (`OutgoingHTMLSanitizer` wraps what it keeps in one):
    /// what the model stores and the editor reopens.
    static func bodyFragment(ofDocument document: String) -> String {
        guard let open = document.range(of: "<body>"), let close = document.range(of: "</body>", options: .backwards),
              open.upperBound <= close.lowerBound else { return document }
        return String(document[open.upperBound..<close.lowerBound])
    }
}
