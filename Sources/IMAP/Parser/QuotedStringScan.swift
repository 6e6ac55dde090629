/// Finds where a quoted string's plain run ends: the first `"`, `\`, CR or LF.
///
/// A list page's FETCH answer is mostly quoted strings (previews of up to 256 characters,
/// subjects, addresses), and looking at them one byte at a time with four comparisons was the
/// parser's largest single cost. Here eight bytes are tested at once: a word XOR a byte repeated
/// eight times has a zero byte exactly where the word holds that byte, and
/// `(x - 0x01…01) & ~x & 0x80…80` marks the bytes of `x` that are zero, exactly for the lowest
/// one (a borrow can mark a byte above a real zero, never one below it). So the lowest mark of
/// the four tests, read in little-endian order, is the first special byte. Most strings are
/// short (a host, a MIME type), so the word may reach past the string's end while it stays
/// inside the buffer: a mark there is simply beyond `end`.
enum QuotedStringScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The index in `bytes[start..<end]` of the first quote, backslash, CR or LF; `end` if none.
    static func firstSpecial(in bytes: [UInt8], from start: Int, to end: Int) -> Int {
        bytes.withUnsafeBytes { firstSpecial(in: $0, from: start, to: end) }
    }

    /// The index in `raw[start..<end]` of the first quote, backslash, CR or LF; `end` if none.
    static func firstSpecial(in raw: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int {
        precondition(start >= 0 && start <= end && end <= raw.count)
        var index = start
        while index < end, raw.count &- index >= 8 {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let marks = specialMarks(word)
            if marks != 0 { return min(index &+ marks.trailingZeroBitCount / 8, end) }
            index &+= 8
        }
        while index < end {
            switch raw[index] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): return index
            default: index += 1
            }
        }
        return end
    }

    /// The high bit of each zero byte of `x`: exact for the lowest one.
    @inline(__always)
    private static func zeroBytes(_ x: UInt64) -> UInt64 {
        (x &- ones) & ~x & highBits
    }

    @inline(__always)
    private static func specialMarks(_ word: UInt64) -> UInt64 {
        zeroBytes(word ^ (ones &* UInt64(UInt8(ascii: "\""))))
            | zeroBytes(word ^ (ones &* UInt64(UInt8(ascii: "\\"))))
            | zeroBytes(word ^ (ones &* UInt64(UInt8(ascii: "\r"))))
            | zeroBytes(word ^ (ones &* UInt64(UInt8(ascii: "\n"))))
    }
}
