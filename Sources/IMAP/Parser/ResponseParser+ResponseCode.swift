/// `resp-text = ["[" resp-text-code "]" SP] text`
extension ResponseParser {
    mutating func parseResponseText() throws -> ResponseText {
        var code: ResponseCode? = nil
        if peek() == UInt8(ascii: "[") {
            position += 1
            let start = position
            while let byte = peek(), byte != UInt8(ascii: "]"), byte != UInt8(ascii: "\r"), byte != UInt8(ascii: "\n") {
                position += 1
            }
            guard peek() == UInt8(ascii: "]") else { throw error("unterminated response code") }
            code = Self.responseCode(Array(bytes[start..<position]))
            position += 1
            skipSpace()
        }
        let start = position
        while let byte = peek(), byte != UInt8(ascii: "\r"), byte != UInt8(ascii: "\n") { position += 1 }
        return ResponseText(code: code, text: String(decoding: bytes[start..<position], as: UTF8.self))
    }

    /// Interprets the text between the brackets. A known code with a malformed argument is kept
    /// as ``ResponseCode/other(name:argument:)``: it is advisory, not worth dropping the connection.
    static func responseCode(_ content: [UInt8]) -> ResponseCode {
        let nameEnd = content.firstIndex(of: UInt8(ascii: " ")) ?? content.count
        let name = String(decoding: content[..<nameEnd], as: UTF8.self).uppercased()
        let argumentBytes = nameEnd < content.count ? Array(content[(nameEnd + 1)...]) : []
        let argument: String? = nameEnd < content.count ? String(decoding: argumentBytes, as: UTF8.self) : nil
        var parser = ResponseParser(argumentBytes)
        let parsed: ResponseCode? = try? {
            switch name {
            case "ALERT": return .alert
            case "PARSE": return .parse
            case "READ-ONLY": return .readOnly
            case "READ-WRITE": return .readWrite
            case "TRYCREATE": return .tryCreate
            case "UIDNOTSTICKY": return .uidNotSticky
            case "NOMODSEQ": return .noModSeq
            case "CLOSED": return .closed
            case "AUTHENTICATIONFAILED": return .authenticationFailed
            case "AUTHORIZATIONFAILED": return .authorizationFailed
            case "UNAVAILABLE": return .unavailable
            case "EXPIRED": return .expired
            case "PRIVACYREQUIRED": return .privacyRequired
            case "CONTACTADMIN": return .contactAdmin
            case "NOPERM": return .noPerm
            case "INUSE": return .inUse
            case "EXPUNGEISSUED": return .expungeIssued
            case "CORRUPTION": return .corruption
            case "SERVERBUG": return .serverBug
            case "CLIENTBUG": return .clientBug
            case "CANNOT": return .cannot
            case "LIMIT": return .limit
            case "OVERQUOTA": return .overQuota
            case "ALREADYEXISTS": return .alreadyExists
            case "NONEXISTENT": return .nonExistent
            case "UIDNEXT": return .uidNext(try parser.parseNumber())
            case "UIDVALIDITY": return .uidValidity(try parser.parseNumber())
            case "UNSEEN": return .unseen(try parser.parseNumber())
            case "HIGHESTMODSEQ": return .highestModSeq(try parser.parseNumber64())
            case "MODIFIED": return .modified(try parser.parseSequenceSet())
            case "CAPABILITY":
                return .capability(argument.map(Self.capabilities(in:)) ?? [])
            case "BADCHARSET":
                guard !argumentBytes.isEmpty else { return .badCharset([]) }
                try parser.expect("(")
                var charsets: [String] = []
                while parser.peek() != UInt8(ascii: ")") {
                    charsets.append(String(decoding: try parser.parseAString(), as: UTF8.self))
                    if !parser.skipSpace() { break }
                }
                try parser.expect(")")
                return .badCharset(charsets)
            case "PERMANENTFLAGS":
                let tokens = try parser.parseParenthesizedFlagTokens()
                return .permanentFlags(tokens.map { $0 == "\\*" ? .wildcard : .flag(Flag($0)) })
            case "APPENDUID":
                let validity = try parser.parseNumber()
                try parser.expectSpace()
                return .appendUID(uidValidity: validity, uids: try parser.parseSequenceSet())
            case "COPYUID":
                let validity = try parser.parseNumber()
                try parser.expectSpace()
                let source = try parser.parseSequenceSet()
                try parser.expectSpace()
                return .copyUID(uidValidity: validity, source: source, destination: try parser.parseSequenceSet())
            default:
                return nil
            }
        }()
        return parsed ?? .other(name: name, argument: argument)
    }

    static func capabilities(in text: String) -> [Capability] {
        text.split(separator: " ").map { Capability(String($0)) }
    }
}
