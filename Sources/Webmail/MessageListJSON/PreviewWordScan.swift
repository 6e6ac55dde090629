/// Eight bytes at a time over a preview's UTF-8, for `MessageMapping.collapseWhiteSpace`.
///
/// A list page collapses 50–200 previews of up to 256 characters. Most of their bytes are
/// letters (in Korean, three bytes each) and lone spaces between words, which the collapse keeps
/// as they are; looked at one scalar at a time they were the largest cost of the page's JSON.
/// A byte needs the scalar loop only when it may start a White_Space character other than a
/// lone space (ASCII controls, the lead bytes C2 and E1–E3), when it is a space followed by such
/// a byte or at the edge of the word (its neighbour is unknown), or when JSON escapes it
/// (quote, backslash). Every byte before the first such one is passed over here, counting the
/// scalars that start in it (the bytes that are not 10xxxxxx).
///
/// The word tests are the usual ones: `(x - n·0x01…01) & ~x & 0x80…80` marks the bytes of `x`
/// below `n` (for `n` ≤ 128), and applied to `x` XOR a repeated byte it marks that byte. A
/// borrow can only add marks above a true one, so the lowest mark is exact; nothing else is used.
enum PreviewWordScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    /// The high bits of the first and the last byte: a space there has a neighbour outside the word.
    private static let edgeBytes: UInt64 = 0x8000_0000_0000_0080

    /// How many bytes from `index` need no closer look (0–8) and how many scalars start in them.
    /// Needs eight readable bytes at `index`.
    @inline(__always)
    static func plainPrefix(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> (bytes: Int, scalars: Int) {
        let word = UInt64(littleEndian: UnsafeRawPointer(utf8.baseAddress! + index).loadUnaligned(as: UInt64.self))
        let spaces = below(1, word ^ (ones &* 0x20))
        let otherWhiteSpaceStarts = below(0x20, word) | below(1, word ^ (ones &* 0xC2)) | below(4, word ^ (ones &* 0xE0))
        let whiteSpaceStarts = spaces | otherWhiteSpaceStarts
        // Byte i of `x >> 8` is byte i+1 of `x` (little-endian order). A space after another
        // White_Space start needs no test of its own: that start is marked, and lower.
        let crowdedSpaces = spaces & (whiteSpaceStarts >> 8 | edgeBytes)
        let marks = otherWhiteSpaceStarts | crowdedSpaces
            | below(1, word ^ (ones &* UInt64(UInt8(ascii: "\""))))
            | below(1, word ^ (ones &* UInt64(UInt8(ascii: "\\"))))
        let bytes = marks == 0 ? 8 : marks.trailingZeroBitCount / 8
        guard bytes > 0 else { return (0, 0) }
        let passed = bytes == 8 ? word : word & ((1 &<< UInt64(bytes &* 8)) &- 1)
        let continuations = passed & ~(passed &<< 1) & highBits
        // One bit per byte, each at its byte's bit 0 after the shift: the product's top byte is
        // their sum (at most 8). Cheaper than `nonzeroBitCount`, which the baseline x86-64
        // target (no POPCNT) computes in some twenty instructions.
        let continuationCount = Int(truncatingIfNeeded: ((continuations &>> 7) &* ones) &>> 56)
        return (bytes, bytes &- continuationCount)
    }

    @inline(__always)
    private static func below(_ limit: UInt64, _ x: UInt64) -> UInt64 {
        (x &- ones &* limit) & ~x & highBits
    }
}
