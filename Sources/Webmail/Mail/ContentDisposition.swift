import Foundation

/// Headers for serving a part as a download.
enum DownloadHeaders {
    /// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 / RFC 5987):
    /// old clients get an ASCII stand-in, every current browser the exact (e.g. Korean) name.
    /// `inline` (the preview route) shows it in the browser under that name.
    static func contentDisposition(filename: String, inline: Bool = false) -> String {
        let cleaned = String(filename.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        let name = cleaned.isEmpty ? "attachment" : cleaned
        let ascii = String(name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && scalar != "\"" && scalar != "\\" ? Character(scalar) : "_"
        })
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(0x7F)))
        allowed.insert(charactersIn: "!#$&+-.^_`|~")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "attachment"
        return "\(inline ? "inline" : "attachment"); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }

    /// The part's own type when it is on the allow-list of inert types (raster images, PDF,
    /// plain text, CSV, office documents, archives); anything else is `application/octet-stream`,
    /// so that even a navigation to the URL cannot run it. An allow-list, because the runnable
    /// types have no end: HTML, SVG, XML, every JavaScript alias (`text/livescript` …),
    /// `application/wasm`, `multipart/x-mixed-replace`, and whatever browsers add next.
    static func safeContentType(_ contentType: String) -> String {
        let essence = contentType.split(separator: ";", omittingEmptySubsequences: false)[0]
            .trimmingCharacters(in: .whitespaces).lowercased()
        return inertTypes.contains(essence) ? essence : "application/octet-stream"
    }

    /// Types a browser only displays or hands to another program.
    static let inertTypes: Set<String> = [
        // Raster images (inline images in the reader load from the same route).
        "image/png", "image/jpeg", "image/pjpeg", "image/jpg", "image/gif", "image/webp", "image/bmp", "image/x-ms-bmp",
        "image/avif", "image/heic", "image/heif", "image/tiff", "image/x-icon", "image/vnd.microsoft.icon",
        "application/pdf",
        "text/plain", "text/csv",
        // Microsoft Office, OpenDocument, Hancom Office (HWP, HWPX).
        "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
        "application/x-hwp", "application/haansofthwp", "application/vnd.hancom.hwp",
        "application/hwp+zip", "application/haansofthwpx", "application/vnd.hancom.hwpx",
        // Archives.
        "application/zip", "application/x-zip-compressed", "application/gzip", "application/x-gzip",
        "application/x-7z-compressed", "application/x-tar",
        "application/octet-stream",
    ]
}
