import Foundation

/// The name of an upload: 24 random bytes (192 bits) as URL-safe base64 without padding, so it
/// can be neither guessed nor used to reach outside the user's upload folder. Anything a client
/// sends as an id is checked against this alphabet and length before it becomes a file name.
struct UploadID: Hashable, Sendable, CustomStringConvertible {
    let value: String
    var description: String { value }

    static let byteCount = 24
    /// 24 bytes are 32 base64 characters, none of them padding.
    static let length = 32

    static func random() -> UploadID {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
        return UploadID(value: base64)
    }

    /// An id as a client sent it, or nil when it cannot be one of ours.
    init?(_ raw: String) {
        guard raw.utf8.count == Self.length, raw.utf8.allSatisfy(Self.isAllowed) else { return nil }
        value = raw
    }

    private init(value: String) { self.value = value }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }
}
