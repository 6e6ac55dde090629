import Foundation

/// Headers for serving a part as a download.
enum DownloadHeaders {
    /// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 / RFC 5987):
    /// old clients get an ASCII stand-in, every current browser the exact (e.g. Korean) name.
    static func contentDisposition(filename: String) -> String {
        let cleaned = String(filename.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        let name = cleaned.isEmpty ? "attachment" : cleaned
        let ascii = String(name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && scalar != "\"" && scalar != "\\" ? Character(scalar) : "_"
        })
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(0x7F)))
        allowed.insert(charactersIn: "!#$&+-.^_`|~")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "attachment"
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }

    /// The part's own type, unless a browser could run it (HTML, SVG, XML, script): then
    /// `application/octet-stream`, so that even a navigation to the URL cannot execute it.
    static func safeContentType(_ contentType: String) -> String {
        let essence = contentType.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
        guard essence.contains("/"), essence.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { return "application/octet-stream" }
        let runnable = ["html", "svg", "xml", "javascript", "ecmascript", "xhtml", "xsl"]
        if runnable.contains(where: { essence.contains($0) }) || essence == "text/jscript" || essence == "text/vbscript" {
            return "application/octet-stream"
        }
        return essence
    }
}
