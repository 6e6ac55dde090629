import Foundation

/// Writes 7-bit header fields for outgoing mail: RFC 2047 encoded words for non-ASCII text
/// (UTF-8, B encoding, never splitting a character), quoted strings for ASCII display names with
/// specials, RFC 2231 `filename*` values, and folding at 78 columns between whole tokens.
enum HeaderEncoder {
    /// Bytes of UTF-8 per encoded word: 36 bytes → 48 base64 characters → a 60-character word,
    /// which fits on a folded line even after "Subject: ".
    private static let bytesPerWord = 36

    /// Encoded words for `text`, each one a fold unit.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append("=?UTF-8?B?" + String(decoding: Base64Encoder.encode(chunk, lineLength: nil), as: UTF8.self) + "?=")
            chunk.removeAll()
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > bytesPerWord {
                flush()
            }
            if bytes.count > bytesPerWord {
                // An extremely long grapheme cluster: split between its scalars instead.
                for scalar in String(character).unicodeScalars {
                    let scalarBytes = Array(String(scalar).utf8)
                    if chunk.count + scalarBytes.count > bytesPerWord { flush() }
                    chunk.append(contentsOf: scalarBytes)
                }
                continue
            }
            chunk.append(contentsOf: bytes)
        }
        flush()
        return words
    }

    /// Fold units for unstructured text (Subject): ASCII words as they are, else encoded words.
    static func unstructuredUnits(_ text: String) -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let plain = ASCII.isAllASCII(text.utf8) && !text.contains("=?") && !text.contains("\t")
            && words.allSatisfy { $0.utf8.count <= 70 } && !text.hasPrefix(" ") && !text.contains("  ")
        if plain { return words.filter { !$0.isEmpty } }
        return encodedWords(text)
    }

    /// A display name as fold units: atoms, a quoted string, or encoded words.
    static func displayNameUnits(_ name: String) -> [String] {
        if name.isEmpty { return [] }
        if ASCII.isAllASCII(name.utf8), !name.contains("=?"), name.utf8.count <= 60 {
            let atomSafe = name.unicodeScalars.allSatisfy { scalar in
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || " !#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
            }
            if atomSafe, !name.hasPrefix(" "), !name.hasSuffix(" "), !name.contains("  ") {
                return name.split(separator: " ").map(String.init)
            }
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return ["\"" + escaped + "\""]
        }
        return encodedWords(name)
    }

    /// One header field, folded at 78 columns between units: `Name: unit unit…` with
    /// `separator` (" " or ", "-style) between units.
    static func field(_ name: String, units: [String]) -> String {
        var output = name + ":"
        var lineLength = output.utf8.count
        for unit in units {
            let length = unit.utf8.count
            if lineLength + 1 + length > 78, lineLength > name.utf8.count + 1 {
                output += "\r\n "
                lineLength = 1
            } else {
                output += " "
                lineLength += 1
            }
            output += unit
            lineLength += length
        }
        return output + "\r\n"
    }

    /// Address list units: each address's units, a comma attached to the last unit of all but
    /// the last address.
    static func addressUnits(_ addresses: [MailAddress]) -> [String] {
        var units: [String] = []
        for (position, address) in addresses.enumerated() {
            var mine = displayNameUnits(address.name)
            mine.append(address.name.isEmpty ? address.email : "<\(address.email)>")
            if position < addresses.count - 1 { mine[mine.count - 1] += "," }
            units.append(contentsOf: mine)
        }
        return units
    }

    /// Parameters for a filename: RFC 2231 `filename*` (continued when long) for non-ASCII
    /// names, plus what Outlook reads. Returns the `;`-separated parameter units.
    static func filenameParameters(_ key: String, _ filename: String) -> [String] {
        if ASCII.isAllASCII(filename.utf8), filename.utf8.count <= 60, !filename.contains("=?") {
            let escaped = filename.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return ["\(key)=\"\(escaped)\""]
        }
        var encoded: [String] = []
        var current = ""
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8)
        for character in filename {
            var piece = ""
            for byte in String(character).utf8 {
                piece += safe.contains(byte) ? String(UnicodeScalar(byte)) : percentEscape(byte)
            }
            if current.utf8.count + piece.utf8.count > 48 { encoded.append(current); current = "" }
            current += piece
        }
        if !current.isEmpty { encoded.append(current) }
        if encoded.count == 1 { return ["\(key)*=UTF-8''\(encoded[0])"] }
        return encoded.enumerated().map { index, piece in
            index == 0 ? "\(key)*0*=UTF-8''\(piece)" : "\(key)*\(index)*=\(piece)"
        }
    }

    /// `name="=?UTF-8?B?…?="` for Outlook, which ignores RFC 2231.
    static func legacyNameParameter(_ filename: String) -> [String] {
        if ASCII.isAllASCII(filename.utf8), filename.utf8.count <= 60, !filename.contains("=?") {
            return filenameParameters("name", filename)
        }
        let words = encodedWords(filename)
        guard !words.isEmpty else { return [] }
        // One quoted value, folded between encoded words as Outlook itself writes it.
        var units = words
        units[0] = "name=\"" + units[0]
        units[units.count - 1] += "\""
        return units
    }

    private static func percentEscape(_ byte: UInt8) -> String {
        let hex = Array("0123456789ABCDEF")
        return "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
    }

    /// Units of `value; p1; p2`: a ";" closes every parameter but the last.
    static func parameterUnits(_ value: String, _ parameters: [[String]]) -> [String] {
        var units = [value]
        for parameter in parameters where !parameter.isEmpty {
            units[units.count - 1] += ";"
            units.append(contentsOf: parameter)
        }
        return units
    }
}
