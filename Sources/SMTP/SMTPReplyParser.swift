/// Accumulates reply lines into complete `SMTPReply` values.
///
/// Fed one line at a time (without its CRLF). A line is `code` + `-` (more lines follow) or
/// `code` + ` ` / end of line (the last line). The parser never traps on input: anything that is
/// not a well-formed reply line becomes `SMTPReplyParser.Failure`, which the connection turns into
/// a protocol error.
struct SMTPReplyParser {
    enum Failure: Error, Equatable {
        /// The line does not start with three digits followed by `-`, ` ` or the end of the line.
        case malformedLine(String)
        /// A continuation line carried another code than the first line of the reply.
        case inconsistentCode(expected: Int, found: Int)
        /// The reply has more lines than a sane server would send (guards memory).
        case tooManyLines
    }

    /// Bound on the number of lines in one reply; EHLO replies have a few dozen at most.
    static let maximumLines = 512

    private var pendingCode: Int?
    private var pendingLines: [String] = []

    /// Consumes one line; returns the finished reply when this line was the last one.
    mutating func consume(line: String) throws(Failure) -> SMTPReply? {
        let characters = Substring(line)
        let codeDigits = characters.prefix(3)
        guard codeDigits.count == 3, codeDigits.allSatisfy(\.isASCIIDigit), let code = Int(codeDigits) else {
            throw .malformedLine(line)
        }
        let afterCode = characters.dropFirst(3)
        let isLast: Bool
        switch afterCode.first {
        case nil, " ": isLast = true
        case "-": isLast = false
        default: throw .malformedLine(line)
        }
        if let pendingCode, pendingCode != code {
            throw .inconsistentCode(expected: pendingCode, found: code)
        }
        pendingCode = code
        guard pendingLines.count < Self.maximumLines else { throw .tooManyLines }
        pendingLines.append(String(afterCode.dropFirst()))
        guard isLast else { return nil }
        defer {
            pendingCode = nil
            pendingLines = []
        }
        return Self.makeReply(code: code, lines: pendingLines)
    }

    /// Splits off an enhanced status code when the first line carries one. The same prefix is
    /// removed from later lines that repeat it (Postfix repeats it on every line).
    private static func makeReply(code: Int, lines: [String]) -> SMTPReply {
        guard let first = lines.first,
              let (enhanced, _) = SMTPEnhancedStatusCode.parsePrefix(of: Substring(first)),
              enhanced.statusClass == code / 100
        else { return SMTPReply(code: code, lines: lines) }
        let stripped = lines.map { line -> String in
            if let (lineCode, rest) = SMTPEnhancedStatusCode.parsePrefix(of: Substring(line)), lineCode == enhanced {
                return String(rest)
            }
            return line
        }
        return SMTPReply(code: code, enhancedCode: enhanced, lines: stripped)
    }
}
