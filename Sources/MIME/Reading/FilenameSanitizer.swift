/// Turns a subject into a safe filename and invents names for unnamed parts.
enum FilenameSanitizer {
    /// Removes path separators and control characters; keeps Hangul and everything else.
    static func sanitize(_ name: String) -> String {
        let forbidden: Set<Character> = ["/", "\\", ":", "*", "?", "\"", "<", ">", "|"]
        var cleaned = String(name.map { character -> Character in
            if forbidden.contains(character) { return "_" }
            if character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return " " }
            return character
        })
        cleaned = cleaned.trimmingASCIIWhitespace
        if cleaned.count > 200 { cleaned = String(cleaned.prefix(200)) }
        return cleaned.isEmpty ? "untitled" : cleaned
    }

    /// "part-2.1.png" style name for a part without a filename.
    static func fallbackName(for part: MIMEPart) -> String {
        let extensions: [String: String] = [
            "text/plain": "txt", "text/html": "html", "text/calendar": "ics", "text/csv": "csv",
            "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp",
            "application/pdf": "pdf", "message/rfc822": "eml", "message/delivery-status": "txt",
            "text/rfc822-headers": "txt", "application/pgp-signature": "asc", "application/zip": "zip",
        ]
        let suffix = extensions[part.contentType.mimeType] ?? "bin"
        return "part-\(part.section).\(suffix)"
    }
}
