/// The bytes the ManageSieve grammar names.
enum ASCII {
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let openParen: UInt8 = 0x28
    static let closeParen: UInt8 = 0x29
    static let plus: UInt8 = 0x2B
    static let backslash: UInt8 = 0x5C
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A

    static func digitValue(_ byte: UInt8) -> Int? {
        (0x30...0x39).contains(byte) ? Int(byte - 0x30) : nil
    }

    /// ATOM-CHAR: printable ASCII except the specials that start or end other tokens.
    static func isAtomByte(_ byte: UInt8) -> Bool {
        guard (0x21...0x7E).contains(byte) else { return false }
        return byte != openParen && byte != closeParen && byte != openBrace && byte != quote && byte != backslash
    }
}
