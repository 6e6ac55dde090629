/// Base64 with CRLF line breaks every 76 characters (RFC 2045 §6.8), for outgoing bodies, and
/// without line breaks for encoded words.
enum Base64Encoder {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode<C: Collection>(_ input: C, lineLength: Int? = 76) -> [UInt8] where C.Element == UInt8 {
        let bytes = Array(input)
        var output = [UInt8]()
        output.reserveCapacity(bytes.count * 4 / 3 + bytes.count / 38 + 8)
        var lineCount = 0
        var index = 0
        func put(_ character: UInt8) {
            if let lineLength, lineCount == lineLength {
                output.append(ASCII.cr); output.append(ASCII.lf)
                lineCount = 0
            }
            output.append(character)
            lineCount += 1
        }
        while index + 3 <= bytes.count {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            put(alphabet[Int(value >> 18 & 0x3F)]); put(alphabet[Int(value >> 12 & 0x3F)])
            put(alphabet[Int(value >> 6 & 0x3F)]); put(alphabet[Int(value & 0x3F)])
            index += 3
        }
        let remaining = bytes.count - index
        if remaining > 0 {
            let value = UInt32(bytes[index]) << 16 | (remaining == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            put(alphabet[Int(value >> 18 & 0x3F)]); put(alphabet[Int(value >> 12 & 0x3F)])
            put(remaining == 2 ? alphabet[Int(value >> 6 & 0x3F)] : ASCII.equals)
            put(ASCII.equals)
        }
        if lineLength != nil, !output.isEmpty { output.append(ASCII.cr); output.append(ASCII.lf) }
        return output
    }
}
