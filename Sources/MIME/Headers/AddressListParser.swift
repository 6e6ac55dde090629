/// Parses RFC 5322 address lists (From, To, Cc, Reply-To …) from raw header bytes into
/// `MailAddress` values, tolerating what real mail contains:
/// - groups (`Team: a@x, b@y;`) are flattened into their members;
/// - quoted display names containing commas, backslash escapes, comments;
/// - display names in RFC 2047 encoded words (also inside quotes, which Outlook does) or raw
///   8-bit bytes (UTF-8 first, else detection);
/// - `addr (Name)` style: the comment becomes the name when there is no phrase;
/// - a bare word without `@` is kept as the address (CPython does the same).
///
/// ```swift
/// AddressListParser.parse("\"Hong, Gildong\" <hong@zioinfo.co.kr>, b@c.kr")
/// ```
public enum AddressListParser {
    public static func parse<C: Collection>(_ raw: C) -> [MailAddress] where C.Element == UInt8 {
        let bytes = Array(raw)
        let tokens = tokenize(bytes[...])
        var result: [MailAddress] = []
        var current: [Token] = []
        var currentHasAngle = false
        var inGroup = false
        for token in tokens {
            switch token {
            case .special(ASCII.comma):
                flush(&current, into: &result)
                currentHasAngle = false
            case .special(ASCII.colon) where !currentHasAngle && !inGroup:
                // The group's display name is dropped; its members follow.
                current.removeAll()
                inGroup = true
            case .special(ASCII.semicolon) where inGroup:
                flush(&current, into: &result)
                currentHasAngle = false
                inGroup = false
            default:
                if token.isAngle { currentHasAngle = true }
                current.append(token)
            }
            if result.count >= 10_000 { break }
        }
        flush(&current, into: &result)
        return result
    }

    public static func parse(_ string: String) -> [MailAddress] {
        parse(Array(string.utf8))
    }

    enum Token {
        case atom(ArraySlice<UInt8>)
        case quoted([UInt8])
        case comment([UInt8])
        case angle([UInt8])
        case special(UInt8)
        case space

        var isAngle: Bool { if case .angle = self { return true } else { return false } }
    }

    static func tokenize(_ bytes: ArraySlice<UInt8>) -> [Token] {
        var tokens: [Token] = []
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            switch byte {
            case _ where ASCII.isWhitespace(byte):
                if case .space? = tokens.last {} else { tokens.append(.space) }
                index += 1
            case ASCII.quote:
                var value: [UInt8] = []
                index += 1
                while index < end, bytes[index] != ASCII.quote {
                    if bytes[index] == ASCII.backslash, index + 1 < end { index += 1 }
                    if bytes[index] != ASCII.cr && bytes[index] != ASCII.lf { value.append(bytes[index]) }
                    index += 1
                }
                index += 1
                tokens.append(.quoted(value))
            case ASCII.openParen:
                var value: [UInt8] = []
                var depth = 1
                index += 1
                while index < end {
                    let inner = bytes[index]
                    if inner == ASCII.backslash, index + 1 < end { value.append(bytes[index + 1]); index += 2; continue }
                    if inner == ASCII.openParen { depth += 1 }
                    if inner == ASCII.closeParen { depth -= 1; if depth == 0 { break } }
                    value.append(inner)
                    index += 1
                }
                index += 1
                tokens.append(.comment(value))
            case ASCII.lessThan:
                var value: [UInt8] = []
                index += 1
                while index < end, bytes[index] != ASCII.greaterThan {
                    if !ASCII.isWhitespace(bytes[index]) { value.append(bytes[index]) }
                    index += 1
                }
                index += 1
                tokens.append(.angle(value))
            case ASCII.comma, ASCII.colon, ASCII.semicolon, ASCII.at, ASCII.dot, ASCII.greaterThan:
                tokens.append(.special(byte))
                index += 1
            default:
                let start = index
                while index < end {
                    let inner = bytes[index]
                    if ASCII.isWhitespace(inner) || inner == ASCII.quote || inner == ASCII.openParen
                        || inner == ASCII.lessThan || inner == ASCII.comma || inner == ASCII.colon
                        || inner == ASCII.semicolon || inner == ASCII.at || inner == ASCII.dot || inner == ASCII.greaterThan {
                        break
                    }
                    index += 1
                }
                tokens.append(.atom(bytes[start..<index]))
            }
        }
        return tokens
    }

    private static func flush(_ tokens: inout [Token], into result: inout [MailAddress]) {
        defer { tokens.removeAll() }
        var phrase: [UInt8] = []
        var comments: [UInt8] = []
        var angle: [UInt8]?
        var spec: [UInt8] = []
        var pendingSpace = false
        for token in tokens {
            switch token {
            case .angle(let value):
                if angle == nil { angle = value }
            case .comment(let value):
                if !comments.isEmpty { comments.append(ASCII.space) }
                comments.append(contentsOf: value)
            case .space:
                pendingSpace = true
            case .atom(let value):
                if angle == nil {
                    if pendingSpace, !phrase.isEmpty { phrase.append(ASCII.space) }
                    phrase.append(contentsOf: value)
                    spec.append(contentsOf: value)
                }
                pendingSpace = false
            case .quoted(let value):
                if angle == nil {
                    if pendingSpace, !phrase.isEmpty { phrase.append(ASCII.space) }
                    phrase.append(contentsOf: value)
                    spec.append(ASCII.quote)
                    spec.append(contentsOf: value)
                    spec.append(ASCII.quote)
                }
                pendingSpace = false
            case .special(let byte):
                if angle == nil {
                    if byte == ASCII.dot { phrase.append(byte) } else if pendingSpace, !phrase.isEmpty { phrase.append(ASCII.space) }
                    if byte != ASCII.dot { phrase.append(byte) }
                    spec.append(byte)
                }
                pendingSpace = false
            }
        }
        if var address = angle {
            // Obsolete source routes: <@a,@b:user@host>.
            if address.first == ASCII.at, let colon = address.firstIndex(of: ASCII.colon) {
                address = Array(address[(colon + 1)...])
            }
            var name = EncodedWords.decode(phrase[...]).trimmingASCIIWhitespace
            if name.isEmpty, !comments.isEmpty { name = EncodedWords.decode(comments[...]).trimmingASCIIWhitespace }
            result.append(MailAddress(name: name, email: decodeAddress(address)))
            return
        }
        guard !spec.isEmpty else { return }
        let name = comments.isEmpty ? "" : EncodedWords.decode(comments[...]).trimmingASCIIWhitespace
        result.append(MailAddress(name: name, email: decodeAddress(unquoteLocalPart(spec))))
    }

    /// `"john smith"@x` keeps its quotes only when the local part needs them.
    private static func unquoteLocalPart(_ spec: [UInt8]) -> [UInt8] {
        guard spec.first == ASCII.quote else { return spec }
        return spec
    }

    private static func decodeAddress(_ bytes: [UInt8]) -> String {
        ASCII.isAllASCII(bytes) ? String(decoding: bytes, as: UTF8.self) : CharsetDecoder.decode(bytes, charset: nil)
    }
}
