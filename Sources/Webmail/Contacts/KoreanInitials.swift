/// Korean initial-consonant (초성) search: `ㅎㅇㅌ` finds 홍영태, mixed input (`홍ㅇ`) works, and a
/// syllable still being composed as the last character (`호` on the way to `홍`) matches every
/// syllable it can become. Everything else compares case-insensitively, character by character.
///
/// `folded(_:)` maps each Hangul syllable to its initial consonant: a text matches a query only if
/// the query's fold is a substring of the text's fold, so the store narrows candidates with one
/// `LIKE` on a stored fold and this matcher decides on the few left.
enum KoreanInitials {
    /// The 19 initial consonants as compatibility jamo (what a keyboard types alone), in Unicode's order.
    static let consonants: [Unicode.Scalar] = [
        "ㄱ", "ㄲ", "ㄴ", "ㄷ", "ㄸ", "ㄹ", "ㅁ", "ㅂ", "ㅃ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅉ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ",
    ]
    static let syllableBase: UInt32 = 0xAC00, syllableCount: UInt32 = 11_172
    static let perInitial: UInt32 = 588, finals: UInt32 = 28

    /// The syllable's index (0 ..< 11,172), or nil for anything that is not a Hangul syllable.
    static func syllableIndex(_ scalar: Unicode.Scalar) -> UInt32? {
        let value = scalar.value
        guard value >= syllableBase, value < syllableBase + syllableCount else { return nil }
        return value - syllableBase
    }

    static func isConsonant(_ scalar: Unicode.Scalar) -> Bool { consonants.contains(scalar) }

    /// The text with every syllable replaced by its initial consonant, lowercased otherwise.
    static func folded(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if let index = syllableIndex(scalar) { result.append(consonants[Int(index / perInitial)]) } else { result.append(scalar) }
        }
        return String(result)
    }

    /// True when the stored fold alone decides a match: a query with no Hangul syllable (initial
    /// consonants, Latin, digits …) matches a text exactly when its fold is a substring of the
    /// text's fold, so the `LIKE` on the folded column needs no second look at the text. Only a
    /// syllable in the query (홍 must match 홍, not every ㅎ) needs `matches`.
    static func foldDecides(_ query: String) -> Bool {
        !query.unicodeScalars.contains { syllableIndex($0) != nil }
    }

    /// Whether `query` occurs in `text` under the rules above (an empty query matches everything).
    static func matches(_ query: String, in text: String) -> Bool {
        matchPosition(query, in: text) != nil
    }

    /// Where the first match starts (in scalars), for ranking: a match at the start counts more.
    static func matchPosition(_ query: String, in text: String) -> Int? {
        let needle = Array(query.lowercased().unicodeScalars), haystack = Array(text.lowercased().unicodeScalars)
        guard !needle.isEmpty else { return 0 }
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { matches(needle, in: haystack, at: $0) }
    }

    /// Whether the match is at the very start (what ranks a suggestion higher), without looking further.
    static func matchesAtStart(_ query: String, in text: String) -> Bool {
        let needle = Array(query.lowercased().unicodeScalars)
        var haystack: [Unicode.Scalar] = []
        for scalar in text.lowercased().unicodeScalars.prefix(needle.count) { haystack.append(scalar) }
        return needle.count <= haystack.count && matches(needle, in: haystack, at: 0)
    }

    private static func matches(_ needle: [Unicode.Scalar], in haystack: [Unicode.Scalar], at start: Int) -> Bool {
        for offset in needle.indices where !character(needle[offset], matches: haystack[start + offset], isLast: offset == needle.count - 1) {
            return false
        }
        return true
    }

    private static func character(_ query: Unicode.Scalar, matches text: Unicode.Scalar, isLast: Bool) -> Bool {
        if query == text { return true }
        guard let textIndex = syllableIndex(text) else { return false }
        if let consonant = consonants.firstIndex(of: query) { return Int(textIndex / perInitial) == consonant }
        // A syllable without a final consonant, as the last character, is one still being typed:
        // 호 matches 홍 (same initial and vowel).
        if isLast, let queryIndex = syllableIndex(query), queryIndex % finals == 0 {
            return textIndex / finals == queryIndex / finals
        }
        return false
    }
}
