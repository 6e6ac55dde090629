/// One complete SMTP reply (RFC 5321 §4.2), possibly spread over several lines.
///
/// A multi-line reply such as
/// ```
/// 250-mail.zioinfo.co.kr
/// 250-PIPELINING
/// 250 SIZE 52428800
/// ```
/// becomes one `SMTPReply` with `code == 250` and three `lines` (the text after the code and
/// separator). When the server uses enhanced status codes (RFC 3463, announced by the
/// `ENHANCEDSTATUSCODES` extension), the `x.y.z` prefix is split off into `enhancedCode`.
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    /// The three-digit reply code, 200...599 in practice.
    public let code: Int
    /// The RFC 3463 enhanced status code of the first line, when the server sent one.
    public let enhancedCode: SMTPEnhancedStatusCode?
    /// Text of every line with the code, separator and enhanced code removed.
    public let lines: [String]

    public init(code: Int, enhancedCode: SMTPEnhancedStatusCode? = nil, lines: [String]) {
        self.code = code
        self.enhancedCode = enhancedCode
        self.lines = lines
    }

    /// 2xx: the command succeeded.
    public var isPositiveCompletion: Bool { (200..<300).contains(code) }
    /// 3xx: the server waits for more (354 after DATA, 334 during AUTH).
    public var isPositiveIntermediate: Bool { (300..<400).contains(code) }
    /// 4xx: a temporary failure; the same command may succeed later.
    public var isTransientFailure: Bool { (400..<500).contains(code) }
    /// 5xx: a permanent failure.
    public var isPermanentFailure: Bool { (500..<600).contains(code) }

    /// All lines joined with a space, the form shown to users.
    public var text: String { lines.joined(separator: " ") }

    public var description: String {
        if let enhancedCode {
            return "\(code) \(enhancedCode) \(text)"
        }
        return "\(code) \(text)"
    }
}

/// An RFC 3463 enhanced mail system status code, `class.subject.detail` (e.g. `5.7.8`).
public struct SMTPEnhancedStatusCode: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// 2 success, 4 persistent transient failure, 5 permanent failure.
    public let statusClass: Int
    public let subject: Int
    public let detail: Int

    public init(statusClass: Int, subject: Int, detail: Int) {
        self.statusClass = statusClass
        self.subject = subject
        self.detail = detail
    }

    public var description: String { "\(statusClass).\(subject).\(detail)" }

    /// Parses a leading `x.y.z` token of `text`. Returns the code and the rest of the text with
    /// the following space removed, or nil when the text does not start with a valid code.
    /// RFC 3463: class is 2, 4 or 5; subject and detail are 1-3 digits each.
    static func parsePrefix(of text: Substring) -> (SMTPEnhancedStatusCode, Substring)? {
        let token = text.prefix { $0 != " " }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCIIDigit) }),
              parts[0].count == 1,
              let statusClass = Int(parts[0]), [2, 4, 5].contains(statusClass),
              let subject = Int(parts[1]), let detail = Int(parts[2])
        else { return nil }
        let rest = text.dropFirst(token.count).drop { $0 == " " }
        return (SMTPEnhancedStatusCode(statusClass: statusClass, subject: subject, detail: detail), rest)
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { (0x30...0x39).contains($0) } ?? false }
}
