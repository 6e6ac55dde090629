/// Guesses the charset of undeclared 8-bit text from byte statistics (what the seed used chardet for).
///
/// The candidates are the ones this mail actually carries: CP949 (Korean), Shift_JIS, GB18030,
/// Big5 and windows-1252. Valid UTF-8 always wins first (checked by the caller). Each East Asian
/// candidate must decode without error, then the byte pairs tell the language apart:
/// - Korean: Hangul in the KS X 1001 block (lead 0xB0–0xC8, trail 0xA1–0xFE) dominates.
/// - Japanese: kana (Shift_JIS 0x82 0x9F–0xF1, 0x83 0x40–0x96) is a large share of any text.
/// - Big5 vs GB: Big5 uses trail bytes 0x40–0x7E often, GB2312 text never does.
/// Ties go to Korean, because this is a Korean office's mailbox.
enum CharsetDetector {
    enum Guess: Equatable { case utf8, cp949, shiftJIS, gb18030, big5, windows1252 }

    static func guess(_ bytes: UnsafeBufferPointer<UInt8>) -> Guess {
        if UTF8Validator.isValid(bytes) { return .utf8 }
        var pairs = 0, koreanPairs = 0, kanaPairs = 0, lowTrailPairs = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            guard index + 1 < count else { break }
            let trail = bytes[index + 1]
            pairs += 1
            if (0xB0...0xC8).contains(lead), (0xA1...0xFE).contains(trail) { koreanPairs += 1 }
            if (lead == 0x82 && (0x9F...0xF1).contains(trail)) || (lead == 0x83 && (0x40...0x96).contains(trail)) {
                kanaPairs += 1
            }
            if (0x40...0x7E).contains(trail) { lowTrailPairs += 1 }
            index += 2
        }
        guard pairs > 0 else { return .windows1252 }
        let pool = IconvConverterPool.shared
        func clean(_ name: String) -> Bool { (pool.decode(bytes, from: name)?.errors ?? 1) == 0 }
        let korean = Double(koreanPairs) / Double(pairs)
        let kana = Double(kanaPairs) / Double(pairs)
        let lowTrail = Double(lowTrailPairs) / Double(pairs)
        if korean >= 0.6, clean("CP949") { return .cp949 }
        if kana >= 0.1, clean("CP932") { return .shiftJIS }
        if lowTrail >= 0.1, clean("BIG5-HKSCS") { return .big5 }
        if clean("GB18030"), lowTrail < 0.1, korean < 0.6 || !clean("CP949") {
            // Only call it Chinese when the text is not mostly EUC-KR-shaped Hangul.
            return .gb18030
        }
        if clean("CP949") { return .cp949 }
        if clean("CP932") { return .shiftJIS }
        if clean("BIG5-HKSCS") { return .big5 }
        return .windows1252
    }
}
