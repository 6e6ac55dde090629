/// A Content-Transfer-Encoding (RFC 2045 §6). Unknown encodings are kept by name and their
/// bytes passed through unchanged.
public enum TransferEncoding: Hashable, Sendable {
    case sevenBit, eightBit, binary, base64, quotedPrintable
    case other(String)

    /// Parses a header value such as `Base64` or ` quoted-printable `.
    public init(_ value: String?) {
        let token = (value ?? "").trimmingASCIIWhitespace.lowercased()
        switch token {
        case "", "7bit": self = .sevenBit
        case "8bit": self = .eightBit
        case "binary": self = .binary
        case "base64": self = .base64
        case "quoted-printable": self = .quotedPrintable
        default: self = .other(token)
        }
    }

    /// The header token (`base64`, `quoted-printable`, …).
    public var name: String {
        switch self {
        case .sevenBit: return "7bit"
        case .eightBit: return "8bit"
        case .binary: return "binary"
        case .base64: return "base64"
        case .quotedPrintable: return "quoted-printable"
        case .other(let name): return name
        }
    }
}
