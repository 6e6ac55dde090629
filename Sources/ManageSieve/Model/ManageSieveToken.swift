/// One element of a ManageSieve response line (RFC 5804 section 4): a string (sent quoted or as
/// a `{n}` literal: the same value either way) or an atom (`OK`, `ACTIVE`, a number).
public enum ManageSieveToken: Hashable, Sendable {
    case string([UInt8])
    case atom(String)

    /// The value as text: strings decoded as UTF-8 (invalid bytes replaced), atoms as sent.
    public var text: String {
        switch self {
        case .string(let bytes): String(decoding: bytes, as: UTF8.self)
        case .atom(let atom): atom
        }
    }
}
