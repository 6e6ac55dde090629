/// Byte-level ASCII helpers shared by the framer, parser and encoder.
enum ASCII {
    static func uppercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 0x20 : byte
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 0x20 : byte
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Compares bytes to an ASCII word ignoring case.
    static func equalsIgnoringCase<C: Collection>(_ bytes: C, _ word: String) -> Bool where C.Element == UInt8 {
        // Walks the word's UTF-8 view in place: the parser calls this for every NIL and keyword
        // it meets, so it must not allocate.
        let wordBytes = word.utf8
        guard bytes.count == wordBytes.count else { return false }
        var wordIndex = wordBytes.startIndex
        for byte in bytes {
            guard uppercased(byte) == uppercased(wordBytes[wordIndex]) else { return false }
            wordIndex = wordBytes.index(after: wordIndex)
        }
        return true
    }

    /// Compares `bytes[range]` to a word given in capitals, ignoring ASCII case. Indexes the
    /// array in place: a slice of it would be a retain and a release, paid for every FETCH item
    /// name of every response.
    static func equalsIgnoringCase(_ bytes: [UInt8], _ range: Range<Int>, _ capitals: StaticString) -> Bool {
        capitals.withUTF8Buffer { word in
            guard word.count == range.count else { return false }
            for (offset, byte) in word.enumerated() where uppercased(bytes[range.lowerBound + offset]) != byte {
                return false
            }
            return true
        }
    }

    /// Compares two strings ignoring ASCII case, without allocating (flags, mailbox keywords).
    static func equalsIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        equalsIgnoringCase(lhs.utf8, rhs)
    }
}
