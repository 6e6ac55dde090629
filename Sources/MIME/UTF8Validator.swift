/// UTF-8 validity, for bytes that may be text in any charset (headers, bodies, previews).
public enum UTF8Validator {
    /// Strict UTF-8 validity (no overlongs, no surrogates), without allocating.
    ///
    /// Runs over every preview of a message list page (up to 256 characters each, often Korean),
    /// so ASCII goes eight bytes at a time and a three-byte character (Hangul) is checked with
    /// one test of its two continuation bytes, without bounds checks once it is known to fit.
    public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = base[index]
            if byte < 0x80 {
                if count - index >= 8,
                    UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    index += 8
                } else {
                    index += 1
                }
                continue
            }
            if byte >= 0xE1, byte != 0xED, byte <= 0xEF, count - index >= 3 {
                // Both continuation bytes are 10xxxxxx exactly when each XOR 0x80 is below 0x40.
                guard (base[index + 1] ^ 0x80) | (base[index + 2] ^ 0x80) < 0x40 else { return false }
                index += 3
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch byte {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xED: length = 3; upper = 0x9F
            case 0xF1...0xF3: length = 4
            case 0xF0: length = 4; lower = 0x90
            case 0xF4: length = 4; upper = 0x8F
            default: return false
            }
            guard count - index >= length else { return false }
            let second = base[index + 1]
            guard second >= lower, second <= upper else { return false }
            if length >= 3, base[index + 2] & 0xC0 != 0x80 { return false }
            if length == 4, base[index + 3] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }
}
