import MIME
import Foundation

/// Reads vCard 2.1 (RFC-less, as old Outlook and Korean phones write it), 3.0 (RFC 2426) and 4.0
/// (RFC 6350) into `ImportedContact`s: folded lines joined, `\,` `\;` `\n` `\\` unescaped,
/// N/FN, every EMAIL and TEL, ORG (company;department), TITLE, NOTE, CATEGORIES (groups);
/// QUOTED-PRINTABLE values decoded in their CHARSET. PHOTO, and anything else, is skipped. Never
/// fails: what is not a card is ignored, a card without END still counts.
enum VCardReader {
    /// Whether the text looks like vCard (its first non-blank line opens a card).
    static func recognizes(_ text: String) -> Bool {
        let start = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        return start.prefix(11).uppercased() == "BEGIN:VCARD"
    }

    static func read(_ text: String) -> [ImportedContact] {
        var cards: [ImportedContact] = [], current: ImportedContact?, formattedName = "", structuredName = ""
        func close() {
            guard var card = current else { return }
            card.name = formattedName.isEmpty ? structuredName : formattedName
            cards.append(card)
            current = nil
        }
        for property in properties(text) {
            switch property.name {
            case "BEGIN" where property.rawValue.uppercased() == "VCARD":
                close()
                current = ImportedContact(line: property.line)
                formattedName = ""; structuredName = ""
            case "END" where property.rawValue.uppercased() == "VCARD":
                close()
            default:
                guard current != nil else { continue }
                let value = property.value
                switch property.name {
                case "FN": formattedName = unescape(value)
                case "N":
                    let parts = components(value, separator: ";").map(unescape) + ["", "", ""]
                    structuredName = ImportedContact.fullName(given: parts[1], family: parts[0], middle: parts[2])
                case "EMAIL": current?.emails.append(unescape(value))
                case "TEL":
                    // vCard 4.0 may write the number as a URI (`tel:+82-10-…`).
                    let number = unescape(value)
                    current?.phones.append(number.lowercased().hasPrefix("tel:") ? String(number.dropFirst(4)) : number)
                case "ORG":
                    let parts = components(value, separator: ";").map(unescape) + [""]
                    current?.company = parts[0]
                    current?.department = parts[1...].filter { !$0.isEmpty }.joined(separator: " ")
                case "TITLE": current?.title = unescape(value)
                case "NOTE": current?.memo = unescape(value)
                case "CATEGORIES": current?.groups += components(value, separator: ",").map(unescape)
                default: continue
                }
            }
        }
        close()
        return cards
    }

    struct Property {
        var line: Int
        /// Upper-cased, without its group (`item1.EMAIL` is `EMAIL`).
        var name: String
        var parameters: [(name: String, value: String)]
        /// The value as written, still escaped and encoded.
        var rawValue: String

        /// The value with its transfer encoding (QUOTED-PRINTABLE, in CHARSET) undone.
        var value: String {
            let encoding = parameters.first { $0.name == "ENCODING" }?.value.uppercased()
            let bare = parameters.contains { $0.value.isEmpty && $0.name == "QUOTED-PRINTABLE" }
            guard encoding == "QUOTED-PRINTABLE" || bare else { return rawValue }
            let bytes = TransferDecoder.decode(Array(rawValue.utf8), encoding: .quotedPrintable)
            let charset = parameters.first { $0.name == "CHARSET" }?.value
            return CharsetDecoder.decode(bytes, charset: charset)
        }
    }

    /// The logical lines of the text as properties: continuation lines (a leading space or tab)
    /// joined, and a QUOTED-PRINTABLE value's soft line breaks (`=` at the end) too.
    static func properties(_ text: String) -> [Property] {
        var logical: [(line: Int, text: String)] = []
        var quotedPrintableOpen = false
        for (number, scalars) in ImportFileText.lines(text) {
            if let first = scalars.first, first == " " || first == "\t", !logical.isEmpty {
                logical[logical.count - 1].text.unicodeScalars.append(contentsOf: scalars.dropFirst())
                continue
            }
            if quotedPrintableOpen, !logical.isEmpty {
                logical[logical.count - 1].text.unicodeScalars.append(contentsOf: scalars)
            } else {
                logical.append((number, String(String.UnicodeScalarView(scalars))))
            }
            let current = logical[logical.count - 1].text
            quotedPrintableOpen = current.uppercased().contains("QUOTED-PRINTABLE") && current.hasSuffix("=")
            if quotedPrintableOpen { logical[logical.count - 1].text.removeLast() }
        }
        return logical.compactMap { parse($0.text, line: $0.line) }
    }

    /// `group.NAME;PARAM=value;BARE:value` (a `:` inside a quoted parameter value does not end the name).
    static func parse(_ text: String, line: Int) -> Property? {
        var quoted = false, colon: String.Index?
        for index in text.indices {
            if text[index] == "\"" { quoted.toggle() } else if text[index] == ":" && !quoted { colon = index; break }
        }
        guard let colon else { return nil }
        let head = components(String(text[..<colon]), separator: ";", escapes: false)
        guard var name = head.first?.uppercased(), !name.isEmpty else { return nil }
        if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }
        let parameters = head.dropFirst().map { parameter -> (name: String, value: String) in
            let pair = parameter.split(separator: "=", maxSplits: 1)
            let key = pair.first.map { $0.trimmingCharacters(in: .whitespaces).uppercased() } ?? ""
            let value = pair.count > 1 ? pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) : ""
            return (key, value)
        }
        return Property(line: line, name: name, parameters: parameters, rawValue: String(text[text.index(after: colon)...]))
    }

    /// Splits at `separator` where it is not escaped with a backslash (escapes kept for `unescape`).
    static func components(_ text: String, separator: Character, escapes: Bool = true) -> [String] {
        var parts: [String] = [], current = "", escaped = false
        for character in text {
            if escaped { current.append(character); escaped = false; continue }
            if escapes && character == "\\" { current.append(character); escaped = true; continue }
            if character == separator { parts.append(current); current = ""; continue }
            current.append(character)
        }
        parts.append(current)
        return parts
    }

    /// `\n` `\N` → line feed, `\,` `\;` `\\` `\:` → the character itself.
    static func unescape(_ text: String) -> String {
        var result = "", escaped = false
        for character in text {
            if escaped {
                result.append(character == "n" || character == "N" ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        if escaped { result.append("\\") }
        return result.trimmingCharacters(in: .whitespaces)
    }
}
