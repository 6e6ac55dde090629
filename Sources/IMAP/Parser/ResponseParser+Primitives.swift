/// Lexical building blocks: atoms, numbers, strings, literals, NIL, spaces and line ends.
extension ResponseParser {
    func peek(_ offset: Int = 0) -> UInt8? {
        let index = position + offset
        return index >= 0 && index < end ? bytes[index] : nil
    }

    var isAtEnd: Bool { position >= end }

    mutating func expect(_ character: Unicode.Scalar) throws {
        guard peek() == UInt8(ascii: character) else { throw error("expected '\(character)'") }
        position += 1
    }

    /// One or more spaces (a single one per the RFC; some servers double them).
    mutating func expectSpace() throws {
        guard peek() == UInt8(ascii: " ") else { throw error("expected space") }
        while peek() == UInt8(ascii: " ") { position += 1 }
    }

    /// Consumes a space if one is next.
    @discardableResult
    mutating func skipSpace() -> Bool {
        guard peek() == UInt8(ascii: " ") else { return false }
        while peek() == UInt8(ascii: " ") { position += 1 }
        return true
    }

    /// CRLF (or a bare LF, which some servers send) ending the frame.
    mutating func expectLineEnd() throws {
        if peek() == UInt8(ascii: "\r") { position += 1 }
        guard peek() == UInt8(ascii: "\n") else { throw error("expected end of line") }
        position += 1
        guard isAtEnd else { throw error("data after end of response") }
    }

    var isAtLineEnd: Bool {
        peek() == UInt8(ascii: "\n") || (peek() == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n"))
    }

    /// The bytes up to (not including) the line end, which is consumed.
    mutating func readToLineEnd() throws -> [UInt8] {
        let start = position
        while let byte = peek(), byte != UInt8(ascii: "\r"), byte != UInt8(ascii: "\n") { position += 1 }
        let text = Array(bytes[start..<position])
        try expectLineEnd()
        return text
    }

    /// A case-insensitive keyword.
    mutating func expectWord(_ word: String) throws {
        let length = word.utf8.count
        guard position + length <= end, ASCII.equalsIgnoringCase(bytes[position..<(position + length)], word) else {
            throw error("expected \(word)")
        }
        position += length
    }

    /// Consumes `word` if it is next and not followed by more atom characters.
    mutating func consumeWord(_ word: String) -> Bool {
        let length = word.utf8.count
        guard position + length <= end, ASCII.equalsIgnoringCase(bytes[position..<(position + length)], word) else {
            return false
        }
        if let after = peek(length), Self.isAtomChar(after) { return false }
        position += length
        return true
    }

    /// `ATOM-CHAR`: any CHAR except atom-specials. 8-bit bytes are tolerated (lenient).
    static func isAtomChar(_ byte: UInt8) -> Bool {
        switch byte {
        case 0...0x20, 0x7F: return false
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "%"), UInt8(ascii: "*"),
            UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "]"):
            return false
        default: return true
        }
    }

    /// `atom`
    mutating func parseAtom() throws -> String {
        let start = position
        while let byte = peek(), Self.isAtomChar(byte) { position += 1 }
        guard position > start else { throw error("atom expected") }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// A 32-bit unsigned `number`.
    mutating func parseNumber() throws -> UInt32 {
        let value = try parseNumber64()
        guard value <= UInt64(UInt32.max) else { throw error("number too large") }
        return UInt32(value)
    }

    /// A 63-bit `number64` (mod-sequences, sizes).
    mutating func parseNumber64() throws -> UInt64 {
        let start = position
        var value: UInt64 = 0
        while let byte = peek(), ASCII.isDigit(byte) {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2, sum <= UInt64(Int64.max) else { throw error("number too large") }
            value = sum
            position += 1
        }
        guard position > start else { throw error("number expected") }
        return value
    }

    /// `NIL`, consumed when present.
    mutating func consumeNIL() -> Bool {
        // Asked before every nstring (a dozen times per ENVELOPE), so checked byte by byte.
        guard position + 3 <= end, bytes[position] | 0x20 == UInt8(ascii: "n"), bytes[position + 1] | 0x20 == UInt8(ascii: "i"),
            bytes[position + 2] | 0x20 == UInt8(ascii: "l")
        else { return false }
        if let after = peek(3), Self.isAtomChar(after) { return false }
        position += 3
        return true
    }

    /// `quoted`: DQUOTE *QUOTED-CHAR DQUOTE, with `\"` and `\\` escapes.
    mutating func parseQuoted() throws -> [UInt8] {
        Array(try parseQuotedSlice())
    }

    /// `quoted` as a slice of the response when it has no escapes (most have none), so
    /// nothing is copied; an escaped one is unescaped into new storage.
    mutating func parseQuotedSlice() throws -> ArraySlice<UInt8> {
        try expect("\"")
        let stop = QuotedStringScan.firstSpecial(in: bytes, from: position, to: end)
        if stop < end, bytes[stop] == UInt8(ascii: "\"") {
            let result = bytes[position..<stop]
            position = stop + 1
            return result
        }
        // An escape (or an error): the string is read again byte by byte. Escapes are rare, and
        // starting from an empty array keeps `Array(slice)` out of this mutating method, whose
        // result `skipValue` discards in a loop (fuzz/swift-miscompile).
        var result: [UInt8] = []
        while true {
            guard let byte = peek() else { throw error("unterminated quoted string") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return result[...]
            case UInt8(ascii: "\\"):
                guard let escaped = peek() else { throw error("unterminated quoted string") }
                position += 1
                result.append(escaped)
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                throw error("line break in quoted string")
            default:
                result.append(byte)
            }
        }
    }

    /// `literal` / `literal8` (`{n}` or `~{n}` CRLF and n bytes) as a slice of the response.
    mutating func parseLiteralSlice() throws -> ArraySlice<UInt8> {
        let length = try parseLiteralHeader()
        guard length <= end - position else { throw error("literal runs past the end of the response") }
        let data = bytes[position..<(position + length)]
        position += length
        return data
    }

    /// `{n}` / `{n+}` / `~{n}` and the CRLF after it; returns n.
    mutating func parseLiteralHeader() throws -> Int {
        if peek() == UInt8(ascii: "~") { position += 1 }
        try expect("{")
        let length = try parseNumber64()
        guard length <= UInt64(Int32.max) else { throw error("literal too large") }
        if peek() == UInt8(ascii: "+") { position += 1 }
        try expect("}")
        if peek() == UInt8(ascii: "\r") { position += 1 }
        try expect("\n")
        return Int(length)
    }

    var isAtLiteral: Bool {
        peek() == UInt8(ascii: "{") || (peek() == UInt8(ascii: "~") && peek(1) == UInt8(ascii: "{"))
    }

    /// `string = quoted / literal`
    mutating func parseString() throws -> [UInt8] {
        Array(try parseStringSlice())
    }

    /// `string` as a slice of the response (see `parseQuotedSlice`).
    mutating func parseStringSlice() throws -> ArraySlice<UInt8> {
        if peek() == UInt8(ascii: "\"") { return try parseQuotedSlice() }
        if isAtLiteral { return try parseLiteralSlice() }
        throw error("string expected")
    }

    /// `nstring = string / NIL`
    mutating func parseNString() throws -> [UInt8]? {
        if consumeNIL() { return nil }
        return try parseString()
    }

    /// `nstring` kept as a slice of the response (ENVELOPE and BODYSTRUCTURE values).
    mutating func parseNByteString() throws -> ByteString? {
        if consumeNIL() { return nil }
        return ByteString(try parseStringSlice())
    }

    /// `astring = 1*ASTRING-CHAR / string`
    mutating func parseAString() throws -> [UInt8] {
        Array(try parseAStringSlice())
    }

    /// `astring` as a slice of the response (see `parseQuotedSlice`).
    mutating func parseAStringSlice() throws -> ArraySlice<UInt8> {
        if peek() == UInt8(ascii: "\"") || isAtLiteral { return try parseStringSlice() }
        let start = position
        while let byte = peek(), Self.isAtomChar(byte) || byte == UInt8(ascii: "]") { position += 1 }
        guard position > start else { throw error("astring expected") }
        return bytes[start..<position]
    }

    /// `astring` as text, for names and tokens (parameter names, disposition types).
    mutating func parseAStringText() throws -> String {
        String(decoding: try parseAStringSlice(), as: UTF8.self)
    }

    /// A string where servers sometimes send an atom or NIL instead (lenient), as lower-cased text.
    mutating func parseLenientLowercasedString() throws -> String {
        if consumeNIL() { return "" }
        let value = try parseAStringSlice()
        // Media types and encodings are ASCII: lower-cased byte by byte (a BODYSTRUCTURE has a
        // few per part, on every message of a list page). Anything else gets Unicode's rules.
        guard value.allSatisfy({ $0 < 0x80 }) else { return String(decoding: value, as: UTF8.self).lowercased() }
        return String(unsafeUninitializedCapacity: value.count) { output in
            for (offset, byte) in value.enumerated() { output[offset] = ASCII.lowercased(byte) }
            return value.count
        }
    }

    /// Skips any one value: atom, number, string, NIL or a parenthesized list of values.
    /// Used for extension data and items this client does not model.
    mutating func skipValue() throws {
        if peek() == UInt8(ascii: "(") {
            try nested { parser in
                try parser.expect("(")
                parser.skipSpace()
                while parser.peek() != UInt8(ascii: ")") {
                    try parser.skipValue()
                    if !parser.skipSpace() { break }
                }
                try parser.expect(")")
            }
            return
        }
        if peek() == UInt8(ascii: "\"") || isAtLiteral {
            _ = try parseStringSlice()
            return
        }
        // Atoms here may carry brackets and a backslash (flags, BODY[...] names).
        let start = position
        while let byte = peek(), byte > 0x20, byte != 0x7F, byte != UInt8(ascii: "("), byte != UInt8(ascii: ")"),
            byte != UInt8(ascii: "\"")
        {
            if byte == UInt8(ascii: "[") {
                while let inner = peek(), inner != UInt8(ascii: "]"), inner != UInt8(ascii: "\n") { position += 1 }
            }
            position += 1
        }
        guard position > start else { throw error("value expected") }
    }

    /// `flag-list` items and PERMANENTFLAGS entries: `\Seen`, `$Label`, `\*`.
    mutating func parseFlagToken() throws -> String {
        let start = position
        if peek() == UInt8(ascii: "\\") {
            position += 1
            if peek() == UInt8(ascii: "*") {
                position += 1
                return "\\*"
            }
        }
        let nameStart = position
        while let byte = peek(), Self.isAtomChar(byte) { position += 1 }
        guard position > nameStart else { throw error("flag expected") }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// `"(" [flag *(SP flag)] ")"`
    mutating func parseFlagList() throws -> [Flag] {
        try parseParenthesizedFlagTokens().map(Flag.init)
    }

    mutating func parseParenthesizedFlagTokens() throws -> [String] {
        try expect("(")
        var tokens: [String] = []
        skipSpace()
        while peek() != UInt8(ascii: ")") {
            tokens.append(try parseFlagToken())
            if !skipSpace() { break }
        }
        try expect(")")
        return tokens
    }

    /// `sequence-set`, including `*`.
    mutating func parseSequenceSet() throws -> SequenceSet {
        var ranges: [SequenceRange] = []
        repeat {
            let first = try parseSequenceBound()
            var last = first
            if peek() == UInt8(ascii: ":") {
                position += 1
                last = try parseSequenceBound()
            }
            ranges.append(SequenceRange(first, last))
        } while peek() == UInt8(ascii: ",") && { position += 1; return true }()
        return SequenceSet(ranges)
    }

    private mutating func parseSequenceBound() throws -> SequenceBound {
        if peek() == UInt8(ascii: "*") {
            position += 1
            return .last
        }
        return .number(try parseNumber())
    }

    /// A list of space-separated numbers until the line end or `(`.
    mutating func parseNumberList() throws -> [UInt32] {
        var numbers: [UInt32] = []
        while peek() == UInt8(ascii: " "), let next = peek(1), ASCII.isDigit(next) {
            position += 1
            numbers.append(try parseNumber())
        }
        return numbers
    }
}
