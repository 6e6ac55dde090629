/// The stored form of searched text (the `search` columns of `contacts` and `contact_emails`)
/// and the `LIKE` pattern of a query, such that one `LIKE` decides exactly what
/// `KoreanInitials.matches` would, 초성 and a syllable still being typed included, so the
/// database finds and ranks the matches without the rows coming back to Swift.
///
/// The text is first normalized (NFC, full-width ASCII to ASCII, lowercase: `normalized`). Then
/// every character becomes three: a Hangul syllable its initial consonant, the syllable without
/// its final consonant, the syllable (홍 → ㅎ호홍); anything else itself three times (a → aaa).
/// A query character becomes the three-character pattern of what it may match: a consonant
/// `ㅎ__` (a syllable with that initial, or the consonant itself), a syllable `__홍`, the last
/// syllable when it has no final consonant `_호_` (홍, 혹, 호 …: it is still being composed),
/// anything else itself three times. A syllable pins the pattern to whole triples, and the other
/// slots only ever hold consonants or characters repeated, so a match never straddles triples
/// in a way `KoreanInitials.matches` would refuse.
enum KoreanSearchKey {
    /// NFC (a decomposed 홍 from a Mac is the syllable again), full-width ASCII as ASCII, lowercase.
    static func normalized(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        return String(scalars).lowercased()
    }

    /// The stored form of `text`.
    static func encoded(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in normalized(text).unicodeScalars {
            if let index = KoreanInitials.syllableIndex(scalar) {
                result.append(KoreanInitials.consonants[Int(index / KoreanInitials.perInitial)])
                result.append(Unicode.Scalar(KoreanInitials.syllableBase + index / KoreanInitials.finals * KoreanInitials.finals)!)
                result.append(scalar)
            } else {
                result.append(contentsOf: [scalar, scalar, scalar])
            }
        }
        return String(result)
    }

    /// The pattern of `query` (its `LIKE` wildcards escaped for `ESCAPE '\'`), without the
    /// surrounding `%`.
    static func pattern(_ query: String) -> String {
        let scalars = Array(normalized(query).unicodeScalars)
        var result = ""
        for (offset, scalar) in scalars.enumerated() {
            if KoreanInitials.isConsonant(scalar) {
                result += String(Character(scalar)) + "__"
            } else if let index = KoreanInitials.syllableIndex(scalar) {
                let isLast = offset == scalars.count - 1
                result += isLast && index % KoreanInitials.finals == 0 ? "_" + String(Character(scalar)) + "_" : "__" + String(Character(scalar))
            } else {
                let literal = scalar == "%" || scalar == "_" || scalar == "\\" ? "\\" + String(Character(scalar)) : String(Character(scalar))
                result += literal + literal + literal
            }
        }
        return result
    }
}
