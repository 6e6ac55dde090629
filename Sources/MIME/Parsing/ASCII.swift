/// Byte constants and tiny helpers shared by the byte-level parsers.
/// Everything in this module works on raw octets, because mail is bytes first and text only
/// after the charset is known.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let percent: UInt8 = 0x25
    static let apostrophe: UInt8 = 0x27
    static let openParen: UInt8 = 0x28
    static let closeParen: UInt8 = 0x29
    static let asterisk: UInt8 = 0x2A
    static let comma: UInt8 = 0x2C
    static let hyphen: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let lessThan: UInt8 = 0x3C
    static let equals: UInt8 = 0x3D
    static let greaterThan: UInt8 = 0x3E
    static let question: UInt8 = 0x3F
    static let at: UInt8 = 0x40
    static let backslash: UInt8 = 0x5C
    static let underscore: UInt8 = 0x5F

    @inline(__always) static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == cr || byte == lf
    }

    @inline(__always) static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// RFC 9110 `tchar`: what a header field name is made of.
    @inline(__always) static func isTokenCharacter(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || tokenSymbols.contains(byte)
    }

    private static let tokenSymbols = Array("!#$%&'*+-.^_`|~".utf8)

    /// A C0 control other than HT, or DEL: never allowed in a header field value.
    @inline(__always) static func isControlOtherThanTab(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != tab) || byte == 0x7F
    }

    @inline(__always) static func lowercased(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
    }

    /// Value of a hexadecimal digit (either case), or nil.
    @inline(__always) static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    static func isAllASCII<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        bytes.allSatisfy { $0 < 0x80 }
    }

    /// ASCII-only lowercase string from bytes (non-ASCII bytes are dropped); for tokens such as
    /// media types, parameter names and charset labels that are ASCII by definition.
    static func lowercasedToken<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: bytes.lazy.filter { $0 < 0x80 }.map(lowercased), as: UTF8.self)
    }

    /// Removes leading and trailing whitespace (SP, HT, CR, LF).
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lower = bytes.startIndex
        var upper = bytes.endIndex
        while lower < upper, isWhitespace(bytes[lower]) { lower += 1 }
        while upper > lower, isWhitespace(bytes[upper - 1]) { upper -= 1 }
        return bytes[lower..<upper]
    }
}

extension String {
    /// The string trimmed of ASCII whitespace.
    var trimmingASCIIWhitespace: String {
        let bytes = ASCII.trimmed(ArraySlice(utf8))
        return String(decoding: bytes, as: UTF8.self)
    }
}
