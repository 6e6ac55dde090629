/// The extensions a server announced in its EHLO reply (RFC 5321 §4.1.1.1).
public struct SMTPCapabilities: Sendable, Equatable {
    /// Keyword (uppercased) → its parameters, e.g. `"AUTH": ["PLAIN", "LOGIN"]`.
    public let extensions: [String: [String]]
    /// False when the server only understood HELO (no extensions at all).
    public let isExtended: Bool

    public init(extensions: [String: [String]], isExtended: Bool = true) {
        self.extensions = extensions
        self.isExtended = isExtended
    }

    /// Parses an EHLO reply: the first line is the greeting, every further line is an extension.
    init(ehloReply: SMTPReply) {
        var extensions: [String: [String]] = [:]
        for line in ehloReply.lines.dropFirst() {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let keyword = words.first else { continue }
            extensions[keyword.uppercased()] = words.dropFirst().map(String.init)
        }
        self.init(extensions: extensions)
    }

    static let helo = SMTPCapabilities(extensions: [:], isExtended: false)

    public func supports(_ keyword: String) -> Bool { extensions[keyword.uppercased()] != nil }

    public var startTLS: Bool { supports("STARTTLS") }
    public var pipelining: Bool { supports("PIPELINING") }
    public var eightBitMIME: Bool { supports("8BITMIME") }
    public var enhancedStatusCodes: Bool { supports("ENHANCEDSTATUSCODES") }
    /// RFC 6531: UTF-8 addresses in the envelope and headers.
    public var smtpUTF8: Bool { supports("SMTPUTF8") }

    /// SASL mechanisms offered with AUTH, uppercased.
    public var authMechanisms: [String] { (extensions["AUTH"] ?? []).map { $0.uppercased() } }

    /// The SIZE limit in bytes; nil when SIZE is not offered or offered without a (non-zero) limit
    /// (RFC 1870: 0 or no parameter means "no fixed maximum").
    public var sizeLimit: Int? {
        guard let parameter = extensions["SIZE"]?.first, let limit = Int(parameter), limit > 0 else { return nil }
        return limit
    }
}
