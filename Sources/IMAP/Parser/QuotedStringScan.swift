/// Finds where a quoted string's plain run ends: the first `"`, `\`, CR or LF.
///
/// A list page's FETCH answer is mostly quoted strings (previews of up to 256 characters,
/// subjects, addresses), and looking at them one byte at a time with four comparisons was the
/// parser's largest single cost. Here eight bytes are tested at once: a word XOR a byte repeated
/// eight times has a zero byte exactly where the word holds that byte, and
/// `(x - 0x01…01) & ~x & 0x80…80` is non-zero when `x` has a zero byte (it may also flag a byte
/// above a real zero, never one when there is none). Only a word that may hold one of the four
/// bytes is looked at byte by byte, so the answer is exact and does not depend on byte order.
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
        while end - index >= 8 {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if mayHoldSpecial(word) { break }
            index += 8
        }
        while index < end {
            switch raw[index] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): return index
            default: index += 1
            }
        }
        return end
    }

    @inline(__always)
    private static func hasZeroByte(_ x: UInt64) -> Bool {
        (x &- ones) & ~x & highBits != 0
    }

    @inline(__always)
    private static func mayHoldSpecial(_ word: UInt64) -> Bool {
        hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: "\""))))
            || hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: "\\"))))
            || hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: "\r"))))
            || hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: "\n"))))
    }
}
