/// RFC 2047 encoded words (`=?charset?B|Q?text?=`) in header values, decoded the way Korean and
/// CJK mail needs:
/// - whitespace between two adjacent encoded words is dropped (RFC 2047 §6.2);
/// - adjacent words of the same charset are joined as **bytes** before decoding, so a character
///   that a mailer split across two words (common with CP949 and UTF-8 subjects) comes out whole;
/// - a malformed word is left as literal text;
/// - raw 8-bit bytes outside encoded words (old Korean mailers put EUC-KR straight into headers)
///   are read as UTF-8 when valid, else through charset detection.
///
/// ```swift
/// EncodedWords.decode(Array("=?ks_c_5601-1987?B?vsiz58fPvLy/5A==?=".utf8))   // "안녕하세요"
/// ```
public enum EncodedWords {
    /// Decodes a header value (already unfolded or not: folding whitespace is treated as space).
    public static func decode<C: Collection>(_ value: C) -> String where C.Element == UInt8 {
        let bytes = Array(value)
        return decode(bytes[...])
    }

    /// The same for bytes already in an array: no copy.
    public static func decode(_ value: [UInt8]) -> String {
        decode(value[...])
    }

    /// Decodes a header value given as a String (e.g. already 7-bit).
    public static func decode(_ value: String) -> String {
        decode(Array(value.utf8)[...])
    }

    private enum Segment {
        case text(ArraySlice<UInt8>)
        case encoded(charset: String, bytes: [UInt8])
    }

    /// The same for a slice (an IMAP ENVELOPE value): no copy.
    public static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        // Fast path: nothing to decode.
        if !containsEncodedWordStart(bytes) {
            return decodeText(bytes)
        }
        var segments: [Segment] = []
        var textStart = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == ASCII.equals, index + 1 < bytes.endIndex, bytes[index + 1] == ASCII.question,
               let (word, end) = parseWord(bytes, at: index) {
                let between = bytes[textStart..<index]
                let onlyWhitespace = between.allSatisfy(ASCII.isWhitespace)
                if case .encoded = segments.last, onlyWhitespace {
                    // Dropped: whitespace separating two encoded words.
                } else if !between.isEmpty {
                    segments.append(.text(between))
                }
                if case .encoded(let charset, var previous) = segments.last,
                   CharsetLabel.normalized(charset) == CharsetLabel.normalized(word.charset) {
                    // Join as bytes (a character may be split across the words). Take the
                    // array out of the enum first so the append is not a quadratic copy.
                    segments[segments.count - 1] = .text([])
                    previous.append(contentsOf: word.bytes)
                    segments[segments.count - 1] = .encoded(charset: charset, bytes: previous)
                } else {
                    segments.append(.encoded(charset: word.charset, bytes: word.bytes))
                }
                index = end
                textStart = end
                continue
            }
            index += 1
        }
        if textStart < bytes.endIndex { segments.append(.text(bytes[textStart..<bytes.endIndex])) }
        var result = ""
        for segment in segments {
            switch segment {
            case .text(let text): result += decodeText(text)
            case .encoded(let charset, let decoded): result += CharsetDecoder.decode(decoded, charset: charset)
            }
        }
        return result
    }

    /// What ``decode(_:)-(ArraySlice<UInt8>)`` returns, as UTF-8 bytes, for the usual shape of a
    /// non-ASCII subject or display name: ASCII text without line breaks around encoded words in
    /// UTF-8 that decode to valid UTF-8. `nil` for anything else (other charsets, 8-bit text, a
    /// malformed word, ...), which `decode` reads. A message list decodes one or two such values
    /// per message, and skipping the charset lookup and the String is most of their cost there.
    public static func decodedUTF8(ifSimple bytes: ArraySlice<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var textStart = bytes.startIndex
        var index = bytes.startIndex
        // Where in `output` the current run of joined words starts: `decode` joins adjacent
        // words of one charset as bytes and decodes the run as a whole.
        var runStart: Int?
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte < 0x80, byte != ASCII.cr, byte != ASCII.lf else { return nil }
            guard byte == ASCII.equals, index + 1 < bytes.endIndex, bytes[index + 1] == ASCII.question else {
                index += 1
                continue
            }
            guard let (word, end) = parseWord(bytes, at: index), isUTF8Label(word.charset) else { return nil }
            let between = bytes[textStart..<index]
            if runStart == nil || !between.allSatisfy(ASCII.isWhitespace) {
                if let start = runStart, !isValidUTF8(output[start...]) { return nil }
                output.append(contentsOf: between)
                runStart = output.count
            }
            output.append(contentsOf: word.bytes)
            index = end
            textStart = end
        }
        if let start = runStart, !isValidUTF8(output[start...]) { return nil }
        output.append(contentsOf: bytes[textStart..<bytes.endIndex])
        return output
    }

    /// `UTF-8` in any case. Byte by byte: a list page asks this of every encoded word, and
    /// zipping two UTF-8 views cost a hundred instructions a time. (`x | 0x20` is a letter's
    /// lower case, and equals it for no other byte.)
    private static func isUTF8Label(_ charset: String) -> Bool {
        var label = charset
        return label.withUTF8 { utf8 in
            utf8.count == 5 && utf8[0] | 0x20 == UInt8(ascii: "u") && utf8[1] | 0x20 == UInt8(ascii: "t")
                && utf8[2] | 0x20 == UInt8(ascii: "f") && utf8[3] == UInt8(ascii: "-") && utf8[4] == UInt8(ascii: "8")
        }
    }

    private static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer(UTF8Validator.isValid)
    }

    /// `true` when ``decode(_:)-(ArraySlice<UInt8>)`` would return exactly these bytes as text:
    /// ASCII with no line break (unfolding removes those) and no `=?` (an encoded word may start
    /// there). A caller that only copies the text somewhere, such as a JSON writer, may then skip
    /// building the String.
    public static func isVerbatim(_ bytes: ArraySlice<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            guard byte < 0x80, byte != ASCII.cr, byte != ASCII.lf else { return false }
            if byte == ASCII.question, previous == ASCII.equals { return false }
            previous = byte
        }
        return true
    }

    static func containsEncodedWordStart(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            if bytes[index] == ASCII.equals, bytes[index + 1] == ASCII.question { return true }
            index += 1
        }
        return false
    }

    /// Unencoded header text: folding line breaks become nothing (unfolding), then UTF-8 or detection.
    private static func decodeText(_ bytes: ArraySlice<UInt8>) -> String {
        let unfolded = bytes.contains(ASCII.lf) || bytes.contains(ASCII.cr)
            ? ArraySlice(bytes.filter { $0 != ASCII.cr && $0 != ASCII.lf }) : bytes
        if ASCII.isAllASCII(unfolded) { return String(decoding: unfolded, as: UTF8.self) }
        return CharsetDecoder.decode(unfolded, charset: nil)
    }

    private struct Word {
        var charset: String
        var bytes: [UInt8]
    }

    /// Parses `=?charset?X?text?=` starting at `start`; nil when malformed.
    private static func parseWord(_ bytes: ArraySlice<UInt8>, at start: Int) -> (Word, Int)? {
        var index = start + 2
        let charsetStart = index
        while index < bytes.endIndex, bytes[index] != ASCII.question {
            let byte = bytes[index]
            if ASCII.isWhitespace(byte) || byte >= 0x80 || index - charsetStart > 64 { return nil }
            index += 1
        }
        guard index > charsetStart, index + 2 < bytes.endIndex else { return nil }
        let charset = String(decoding: bytes[charsetStart..<index], as: UTF8.self)
        let encoding = ASCII.lowercased(bytes[index + 1])
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q"), bytes[index + 2] == ASCII.question else {
            return nil
        }
        index += 3
        let textStart = index
        while index + 1 < bytes.endIndex {
            if bytes[index] == ASCII.question, bytes[index + 1] == ASCII.equals { break }
            // Encoded text never contains whitespace; a space means this is not a word.
            if ASCII.isWhitespace(bytes[index]) { return nil }
            index += 1
        }
        guard index + 1 < bytes.endIndex else { return nil }
        let text = bytes[textStart..<index]
        let decoded: [UInt8]
        if encoding == UInt8(ascii: "b") {
            decoded = TransferDecoder.decode(text, encoding: .base64)
        } else {
            decoded = decodeQ(text)
        }
        return (Word(charset: charset, bytes: decoded), index + 2)
    }

    /// The "Q" encoding: quoted-printable with `_` for space.
    private static func decodeQ(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == ASCII.underscore {
                output.append(ASCII.space)
            } else if byte == ASCII.equals, index + 2 < text.endIndex,
                      let high = ASCII.hexValue(text[index + 1]), let low = ASCII.hexValue(text[index + 2]) {
                output.append(high << 4 | low)
                index += 3
                continue
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }
}
