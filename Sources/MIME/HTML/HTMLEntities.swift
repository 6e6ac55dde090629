/// HTML character references (`&amp;`, `&#54620;`, `&#xD55C;`): the named ones mail HTML uses
/// (Outlook, Word, newsletters) and every numeric one but NUL and surrogates.
enum HTMLEntities {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}", "copy": "©",
        "reg": "®", "middot": "·", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘",
        "rsquo": "’", "ldquo": "“", "rdquo": "”", "bull": "•", "trade": "™", "euro": "€",
        "laquo": "«", "raquo": "»", "times": "×", "divide": "÷", "deg": "°", "plusmn": "±",
        "para": "¶", "sect": "§", "yen": "¥", "pound": "£", "cent": "¢", "larr": "←", "rarr": "→",
        "uarr": "↑", "darr": "↓", "hearts": "♥", "check": "✓", "shy": "\u{00AD}", "zwnj": "\u{200C}",
        "zwj": "\u{200D}", "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}",
    ]

    /// The text of one reference, without `&` and `;` (`amp`, `#54620`, `#xD55C`); nil when unknown.
    static func decode(_ entity: Substring) -> String? {
        if let known = named[entity.lowercased()] { return known }
        guard entity.hasPrefix("#") else { return nil }
        let digits = entity.dropFirst()
        let value: UInt32?
        if digits.first == "x" || digits.first == "X" {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits)
        }
        guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return nil }
        return String(Character(scalar))
    }

    /// `text` with every known reference decoded (attribute values, text runs); linear.
    static func decodeAll(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "&" {
                var end = text.index(after: index)
                var length = 0
                while end < text.endIndex, length < 12, text[end] != ";", text[end] != "&", text[end] != "<" {
                    end = text.index(after: end); length += 1
                }
                if end < text.endIndex, text[end] == ";", let decoded = decode(text[text.index(after: index)..<end]) {
                    output += decoded
                    index = text.index(after: end)
                    continue
                }
            }
            output.append(character)
            index = text.index(after: index)
        }
        return output
    }

    /// Text made safe to put between tags or in a double-quoted attribute.
    static func escape(_ text: String) -> String {
        // Most runs of mail text have nothing to escape: no copy, no walk by Character.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") }) {
            return text
        }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            default: output.append(character)
            }
        }
        return output
    }
}
