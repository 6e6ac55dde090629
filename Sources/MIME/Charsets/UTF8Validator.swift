/// UTF-8 validity, for bytes that may be text in any charset (headers, bodies, previews).
public enum UTF8Validator {
    /// Strict UTF-8 validity (no overlongs, no surrogates), without allocating.
    ///
    /// Runs over every preview of a message list page (up to 256 characters each, often Korean),
    /// so ASCII goes eight bytes at a time and a three-byte character (Hangul) is checked with
    /// one four-byte load and two masks. Pointers and wrapping arithmetic keep the loop free of
    /// overflow checks; every load is within `bytes` (the remaining length is tested first).
    public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = bytes.baseAddress else { return true }
        let end = start + bytes.count
        var cursor = start
        while cursor < end {
            let byte = cursor.pointee
            let remaining = end - cursor
            if byte < 0x80 {
                if remaining >= 8, UnsafeRawPointer(cursor).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    cursor += 8
                } else {
                    cursor += 1
                }
                continue
            }
            if remaining >= 4 {
                let word = UInt32(littleEndian: UnsafeRawPointer(cursor).loadUnaligned(as: UInt32.self))
                // 1110xxxx 10xxxxxx 10xxxxxx: of these leads only E0 (overlong below U+0800) and
                // ED (surrogates) limit the second byte, to A0–BF and 80–9F: bit 5 set or clear.
                if word & 0x00C0_C0F0 == 0x0080_80E0 {
                    let lowNibble = word & 0x0F
                    let secondBit5 = word & 0x2000
                    if (lowNibble == 0 && secondBit5 == 0) || (lowNibble == 0x0D && secondBit5 != 0) { return false }
                    cursor += 3
                    continue
                }
            }
            let length = scalarLength(UnsafeBufferPointer(start: cursor, count: remaining), at: 0)
            guard length > 0 else { return false }
            cursor += length
        }
        return true
    }

    /// The length of the valid UTF-8 scalar that starts at `index`, or 0 when the bytes there
    /// are not one (a continuation byte, an overlong form, a surrogate, a code point above
    /// U+10FFFF, or a scalar cut off by the end of `bytes`): ``isValid(_:)``'s general case.
    private static func scalarLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let remaining = bytes.count &- index
        guard remaining > 0 else { return 0 }
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        let length: Int
        var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xE0: length = 3; lower = 0xA0
        case 0xED: length = 3; upper = 0x9F
        case 0xF1...0xF3: length = 4
        case 0xF0: length = 4; lower = 0x90
        case 0xF4: length = 4; upper = 0x8F
        default: return 0
        }
        guard remaining >= length else { return 0 }
        let second = bytes[index &+ 1]
        guard second >= lower, second <= upper else { return 0 }
        if length >= 3, bytes[index &+ 2] & 0xC0 != 0x80 { return 0 }
        if length == 4, bytes[index &+ 3] & 0xC0 != 0x80 { return 0 }
        return length
    }
}
