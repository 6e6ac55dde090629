import Foundation
import MIME

/// File names and content types for attachments of outgoing mail, made safe before they reach
/// `MessageBuilder` (which would refuse CR/LF/NUL anyway: this decides *how* to answer).
enum AttachmentNaming {
    static let maximumFilenameCharacters = 200

    /// A name the user's browser sent: its last path component (old browsers send a full
    /// path); control characters are refused as bad input (400), never passed on.
    static func uploadedFilename(_ raw: String) throws(APIError) -> String {
        if raw.unicodeScalars.contains(where: isControl) {
            throw APIError.badRequest("파일 이름에 허용되지 않는 문자(CR/LF/NUL 등 제어 문자)가 있습니다", code: .forbiddenCharacter)
        }
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        return bounded(last.trimmingCharacters(in: .whitespaces))
    }

    /// A name from a part of a received message: it came from someone else's mail, so control
    /// characters become spaces rather than failing the user's forward.
    static func receivedFilename(_ raw: String) -> String {
        let cleaned = String(String.UnicodeScalarView(raw.unicodeScalars.map { isControl($0) ? " " : $0 }))
        return bounded(cleaned.trimmingCharacters(in: .whitespaces))
    }

    /// `type/subtype` as MessageBuilder takes it, or application/octet-stream when the value is unusable.
    static func contentType(_ raw: String?) -> String {
        guard let raw, let parsed = ContentType(parsing: raw) else { return "application/octet-stream" }
        let type = parsed.mimeType.lowercased()
        guard type.utf8.count <= 200, type.unicodeScalars.allSatisfy({ $0.isASCII && !isControl($0) && $0 != " " && $0 != ";" }) else {
            return "application/octet-stream"
        }
        return type
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F
    }

    private static func bounded(_ name: String) -> String {
        let short = name.count > maximumFilenameCharacters ? String(name.prefix(maximumFilenameCharacters)) : name
        return short.isEmpty ? "attachment" : short
    }
}
