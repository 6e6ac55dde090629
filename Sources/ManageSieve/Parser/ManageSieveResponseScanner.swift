/// Reads one response from the start of a byte array (RFC 5804 section 4 grammar), throwing
/// ``NeedMoreBytes`` when the array ends before the response does.
struct ManageSieveResponseScanner {
    struct NeedMoreBytes: Error {}

    let bytes: [UInt8]
    private(set) var position: Int
    let limits: ManageSieveResponseLimits
    private let origin: Int
    private var lineStart: Int
    private var literalBytesInLine = 0
    private var responseBytes = 0

    init(bytes: [UInt8], position: Int, limits: ManageSieveResponseLimits) {
        self.bytes = bytes
        self.position = position
        self.limits = limits
        self.origin = position
        self.lineStart = position
    }

    mutating func response() throws -> ManageSieveResponse {
        var lines: [[ManageSieveToken]] = []
        while true {
            lineStart = position
            literalBytesInLine = 0
            if let status = try statusWord() {
                return try statusLine(status, lines: lines)
            }
            lines.append(try dataLine())
            if lines.count > limits.maximumLines {
                throw ManageSieveParseError.tooLarge("more than \(limits.maximumLines) lines")
            }
        }
    }

    // MARK: - Lines

    /// `OK`, `NO` or `BYE` (any case) followed by SP or CRLF; otherwise leaves the position.
    private mutating func statusWord() throws -> ManageSieveResponse.Status? {
        guard try peek() != ASCII.quote, try peek() != ASCII.openBrace else { return nil }
        let saved = position
        var word: [UInt8] = []
        while ASCII.isAtomByte(try peek()), word.count < 4 {
            word.append(bytes[position])
            position += 1
        }
        let upper = String(decoding: word, as: UTF8.self).uppercased()
        if word.count < 4, let status = ManageSieveResponse.Status(rawValue: upper) {
            return status
        }
        position = saved
        return nil
    }

    private mutating func statusLine(_ status: ManageSieveResponse.Status, lines: [[ManageSieveToken]]) throws -> ManageSieveResponse {
        var code: ManageSieveResponseCode?
        var text: String?
        if try peek() == ASCII.space {
            position += 1
            if try peek() == ASCII.openParen {
                code = try responseCode()
                if try peek() == ASCII.space {
                    position += 1
                    text = try string().text
                }
            } else {
                text = try string().text
            }
        }
        try lineEnd()
        return ManageSieveResponse(lines: lines, status: status, code: code, text: text)
    }

    private mutating func responseCode() throws -> ManageSieveResponseCode {
        position += 1   // "("
        let name = try atom().uppercased()
        var arguments: [ManageSieveToken] = []
        while try peek() == ASCII.space {
            position += 1
            arguments.append(try token())
        }
        guard try peek() == ASCII.closeParen else { throw unexpected() }
        position += 1
        return ManageSieveResponseCode(name: name, arguments: arguments)
    }

    private mutating func dataLine() throws -> [ManageSieveToken] {
        var tokens = [try token()]
        while try peek() == ASCII.space {
            position += 1
            tokens.append(try token())
        }
        try lineEnd()
        return tokens
    }

    private mutating func lineEnd() throws {
        guard try peek() == ASCII.cr else { throw unexpected() }
        position += 1
        guard try peek() == ASCII.lf else { throw unexpected() }
        position += 1
    }

    // MARK: - Tokens

    private mutating func token() throws -> ManageSieveToken {
        switch try peek() {
        case ASCII.quote, ASCII.openBrace: try string()
        default: .atom(try atom())
        }
    }

    private mutating func string() throws -> ManageSieveToken {
        switch try peek() {
        case ASCII.quote: try quoted()
        case ASCII.openBrace: try literal()
        default: throw unexpected()
        }
    }

    private mutating func quoted() throws -> ManageSieveToken {
        position += 1
        var value: [UInt8] = []
        while true {
            let byte = try peek()
            switch byte {
            case ASCII.quote:
                position += 1
                return .string(value)
            case ASCII.backslash:
                position += 1
                let escaped = try peek()
                guard escaped == ASCII.quote || escaped == ASCII.backslash else { throw unexpected() }
                value.append(escaped)
                position += 1
            case ASCII.cr, ASCII.lf, 0:
                throw unexpected()
            default:
                value.append(byte)
                position += 1
            }
        }
    }

    /// `{n}` or `{n+}`, CRLF, then exactly n bytes.
    private mutating func literal() throws -> ManageSieveToken {
        position += 1
        var size = 0
        var digits = 0
        while let digit = ASCII.digitValue(try peek()) {
            size = size * 10 + digit
            digits += 1
            position += 1
            if size > limits.maximumLiteralSize {
                throw ManageSieveParseError.tooLarge("literal over \(limits.maximumLiteralSize) bytes")
            }
        }
        guard digits > 0 else { throw unexpected() }
        if try peek() == ASCII.plus { position += 1 }
        guard try peek() == ASCII.closeBrace else { throw unexpected() }
        position += 1
        try lineEnd()
        responseBytes += size
        if responseBytes > limits.maximumResponseSize {
            throw ManageSieveParseError.tooLarge("response over \(limits.maximumResponseSize) bytes")
        }
        guard bytes.count - position >= size else { throw NeedMoreBytes() }
        let value = Array(bytes[position..<(position + size)])
        position += size
        literalBytesInLine += size
        return .string(value)
    }

    private mutating func atom() throws -> String {
        var value: [UInt8] = []
        while ASCII.isAtomByte(try peek()) {
            value.append(bytes[position])
            position += 1
        }
        guard !value.isEmpty else { throw unexpected() }
        return String(decoding: value, as: UTF8.self)
    }

    // MARK: - Bytes

    /// The byte at the position; at the end of the bytes so far, more are needed unless the
    /// line is already too long to be legitimate.
    private func peek() throws -> UInt8 {
        if position - lineStart - literalBytesInLine > limits.maximumLineLength {
            throw ManageSieveParseError.tooLarge("line over \(limits.maximumLineLength) bytes")
        }
        guard position < bytes.count else { throw NeedMoreBytes() }
        return bytes[position]
    }

    private func unexpected() -> ManageSieveParseError {
        .unexpectedByte(position < bytes.count ? bytes[position] : 0, offset: position - origin)
    }
}
