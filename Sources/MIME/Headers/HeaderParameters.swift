/// Parses `value; name=value; name*=charset'lang'%XX; name*0*=…` header values (Content-Type,
/// Content-Disposition) from bytes, decoding parameters the way real mail needs:
/// - RFC 2231: charset/language, percent-encoding, continuations (`filename*0*=`, `filename*1=`),
///   pieces joined as bytes before the charset decode (so a split CP949 character survives);
/// - RFC 2047 encoded words inside quoted `name=`/`filename=` (what Outlook sends);
/// - raw UTF-8 or raw EUC-KR bytes inside quoted values (UTF-8 first, else detection).
/// The RFC 2231 form wins over a plain value of the same name; otherwise the first one wins.
public struct HeaderParameters: Sendable, Hashable {
    /// The part before the first `;`, lowercased and trimmed (e.g. `text/plain`, `attachment`).
    public let value: String
    /// Decoded parameters; names lowercased.
    public let parameters: [String: String]

    public init(value: String, parameters: [String: String]) {
        self.value = value
        self.parameters = parameters
    }

    public subscript(name: String) -> String? { parameters[name.lowercased()] }

    /// Parses raw header bytes.
    public init<C: Collection>(parsing raw: C) where C.Element == UInt8 {
        let bytes = Array(raw)
        var scanner = Scanner(bytes: bytes[...])
        var mainValue = scanner.readUntilSemicolon()
        // "text/html (comment)": the comment is not part of the value.
        if let comment = mainValue.firstIndex(of: ASCII.openParen) { mainValue = mainValue[..<comment] }
        value = ASCII.lowercasedToken(ASCII.trimmed(mainValue))
        var plain: [String: String] = [:]
        var extended: [String: [Int: Piece]] = [:]
        while scanner.skipSemicolon() {
            guard let (name, rawValue, _) = scanner.readParameter() else { continue }
            let lowered = ASCII.lowercasedToken(name)
            if let star = lowered.firstIndex(of: "*") {
                let base = String(lowered[..<star])
                let suffix = lowered[lowered.index(after: star)...]
                // name*  |  name*N  |  name*N*
                let encoded = suffix.hasSuffix("*") || suffix.isEmpty
                let numberText = suffix.hasSuffix("*") ? suffix.dropLast() : suffix
                let number = numberText.isEmpty ? 0 : (Int(numberText) ?? -1)
                guard number >= 0, number < 1000, !base.isEmpty else { continue }
                if extended[base]?[number] == nil {
                    extended[base, default: [:]][number] = Piece(bytes: rawValue, encoded: encoded)
                }
            } else if plain[lowered] == nil, !lowered.isEmpty {
                plain[lowered] = Self.decodePlain(rawValue)
            }
        }
        for (name, pieces) in extended {
            plain[name] = Self.assemble(pieces)
        }
        parameters = plain
    }

    public init(parsing string: String) {
        self.init(parsing: Array(string.utf8))
    }

    struct Piece {
        var bytes: [UInt8]
        var encoded: Bool
    }

    /// Joins RFC 2231 pieces in order (stopping at the first gap) and decodes them.
    private static func assemble(_ pieces: [Int: Piece]) -> String {
        var charset: String?
        var joined: [UInt8] = []
        var number = 0
        while let piece = pieces[number] {
            var content = piece.bytes[...]
            if number == 0, piece.encoded {
                // charset'language'value
                if let first = content.firstIndex(of: ASCII.apostrophe),
                   let second = content[(first + 1)...].firstIndex(of: ASCII.apostrophe) {
                    let label = String(decoding: content[content.startIndex..<first], as: UTF8.self)
                    charset = label.isEmpty ? nil : label
                    content = content[(second + 1)...]
                }
            }
            if piece.encoded {
                joined.append(contentsOf: percentDecode(content))
            } else {
                joined.append(contentsOf: content)
            }
            number += 1
        }
        if charset == nil, EncodedWords.containsEncodedWordStart(joined[...]) {
            return EncodedWords.decode(joined[...])
        }
        return CharsetDecoder.decode(joined, charset: charset)
    }

    private static func percentDecode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == ASCII.percent, index + 2 < bytes.endIndex,
               let high = ASCII.hexValue(bytes[index + 1]), let low = ASCII.hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    /// A plain value: encoded words decoded (Outlook), raw 8-bit by UTF-8 or detection.
    private static func decodePlain(_ bytes: [UInt8]) -> String {
        EncodedWords.decode(bytes[...])
    }

    /// A small cursor over the header value.
    private struct Scanner {
        let bytes: ArraySlice<UInt8>
        var index: Int

        init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            self.index = bytes.startIndex
        }

        mutating func readUntilSemicolon() -> ArraySlice<UInt8> {
            let start = index
            while index < bytes.endIndex, bytes[index] != ASCII.semicolon {
                if bytes[index] == ASCII.openParen { skipComment(); continue }
                index += 1
            }
            return bytes[start..<index]
        }

        mutating func skipSemicolon() -> Bool {
            while index < bytes.endIndex, ASCII.isWhitespace(bytes[index]) || bytes[index] == ASCII.semicolon {
                index += 1
            }
            return index < bytes.endIndex
        }

        mutating func skipBlanks() {
            while index < bytes.endIndex, ASCII.isWhitespace(bytes[index]) { index += 1 }
        }

        mutating func skipComment() {
            var depth = 0
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == ASCII.backslash { index += 2; continue }
                if byte == ASCII.openParen { depth += 1 }
                if byte == ASCII.closeParen { depth -= 1; if depth <= 0 { index += 1; return } }
                index += 1
            }
            index = bytes.endIndex
        }

        /// Reads `name = value`; returns the value bytes (unquoted) and whether it was quoted.
        mutating func readParameter() -> (ArraySlice<UInt8>, [UInt8], Bool)? {
            skipBlanks()
            let nameStart = index
            while index < bytes.endIndex, bytes[index] != ASCII.equals, bytes[index] != ASCII.semicolon {
                index += 1
            }
            let name = ASCII.trimmed(bytes[nameStart..<index])
            guard index < bytes.endIndex, bytes[index] == ASCII.equals else { return nil }
            index += 1
            skipBlanks()
            if index < bytes.endIndex, bytes[index] == ASCII.quote {
                index += 1
                var value: [UInt8] = []
                while index < bytes.endIndex, bytes[index] != ASCII.quote {
                    // A backslash escapes the next byte, except before the closing quote of a
                    // Windows path ("C:\dir\") where mailers forget to escape it.
                    if bytes[index] == ASCII.backslash, index + 1 < bytes.endIndex {
                        let next = bytes[index + 1]
                        if next == ASCII.quote || next == ASCII.backslash {
                            value.append(next); index += 2; continue
                        }
                    }
                    value.append(bytes[index])
                    index += 1
                }
                if index < bytes.endIndex { index += 1 }
                // Anything after the closing quote up to ';' is junk; skip it.
                _ = readUntilSemicolon()
                return (name, value, true)
            }
            let valueStart = index
            // A token ends at ';' or at a comment, which is skipped.
            while index < bytes.endIndex, bytes[index] != ASCII.semicolon, bytes[index] != ASCII.openParen { index += 1 }
            let value = ASCII.trimmed(bytes[valueStart..<index])
            _ = readUntilSemicolon()
            return (name, Array(value), false)
        }
    }
}
