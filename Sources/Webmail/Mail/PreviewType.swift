/// What an attachment may be shown as in the browser (the preview route, issue 25): only types
/// a browser displays without running anything. HTML, SVG, XML and everything else are not
/// previewable; they stay downloads.
///
/// The type comes from the part's declared Content-Type; only a generic declaration
/// (`application/octet-stream`, which some clients send for everything) falls back to the
/// filename's extension. Images and PDF must then also start with their format's magic bytes,
/// so a part that claims to be a PNG but holds HTML is refused, not served as whatever it is.
/// Plain text has no magic; it is served re-encoded as UTF-8 `text/plain` with `nosniff`,
/// which no browser renders as anything but text.
enum PreviewType: Equatable, Sendable {
    case png, jpeg, gif, webp, pdf, text

    /// The Content-Type the preview is served with.
    var servedType: String {
        switch self {
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .pdf: "application/pdf"
        case .text: "text/plain; charset=utf-8"
        }
    }

    /// Bytes of the part's start that `matches` needs (WebP's is the longest: `RIFF....WEBP`).
    static let magicLength = 12

    init?(declaredType contentType: String, filename: String) {
        let essence = contentType.split(separator: ";", omittingEmptySubsequences: false)[0]
            .trimmingCharacters(in: .whitespaces).lowercased()
        switch essence {
        case "image/png": self = .png
        case "image/jpeg", "image/jpg", "image/pjpeg": self = .jpeg
        case "image/gif": self = .gif
        case "image/webp": self = .webp
        case "application/pdf", "application/x-pdf": self = .pdf
        case "text/plain": self = .text
        case "application/octet-stream", "":
            let ext = filename.split(separator: ".").count > 1 ? filename.split(separator: ".").last.map { $0.lowercased() } : nil
            switch ext {
            case "png": self = .png
            case "jpg", "jpeg": self = .jpeg
            case "gif": self = .gif
            case "webp": self = .webp
            case "pdf": self = .pdf
            case "txt": self = .text
            default: return nil
            }
        default: return nil
        }
    }

    /// Whether `head` (the part's first bytes) starts as this format must.
    func matches(_ head: some Collection<UInt8>) -> Bool {
        let bytes = Array(head.prefix(Self.magicLength))
        func starts(_ prefix: [UInt8]) -> Bool { bytes.starts(with: prefix) }
        switch self {
        case .png: return starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case .jpeg: return starts([0xFF, 0xD8, 0xFF])
        case .gif: return starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8))
        case .webp: return starts(Array("RIFF".utf8)) && bytes.count == 12 && Array(bytes[8..<12]) == Array("WEBP".utf8)
        case .pdf: return starts(Array("%PDF-".utf8))
        case .text: return true
        }
    }
}
