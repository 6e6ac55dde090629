/// Builds the bytes of one command. It only ever emits the grammar's safe forms — atoms it has
/// validated, quoted strings, literals — and refuses CR, LF and NUL in any value.
///
/// A synchronizing literal splits the command into chunks: after each chunk but the last the
/// client waits for the server's `+` continuation. With LITERAL+ (or LITERAL- for small values)
/// the command is one chunk.
struct CommandWriter {
    struct Options: Sendable {
        var literalPlus: Bool
        var literalMinus: Bool

        init(literalPlus: Bool = false, literalMinus: Bool = false) {
            self.literalPlus = literalPlus
            self.literalMinus = literalMinus
        }
    }

    let options: Options
    private(set) var chunks: [[UInt8]] = []
    private var current: [UInt8] = []

    init(options: Options) { self.options = options }

    /// Trusted protocol text written by this library (keywords, spaces, parentheses).
    mutating func raw(_ text: String) { current.append(contentsOf: text.utf8) }

    mutating func space() { current.append(UInt8(ascii: " ")) }

    mutating func number<N: BinaryInteger>(_ value: N) { raw(String(value)) }

    /// A validated atom (flags, keywords, charset names, header field names).
    mutating func atom(_ value: String, field: String, allowBackslashPrefix: Bool = false) throws {
        try Self.rejectForbidden(Array(value.utf8), field: field)
        var bytes = Array(value.utf8)[...]
        guard !bytes.isEmpty else { throw IMAPCommandError.emptyValue(field: field) }
        if allowBackslashPrefix, bytes.first == UInt8(ascii: "\\") { bytes = bytes.dropFirst() }
        guard !bytes.isEmpty, bytes.allSatisfy({ ResponseParser.isAtomChar($0) && $0 < 0x80 }) else {
            throw IMAPCommandError.invalidAtom(field: field)
        }
        current.append(contentsOf: value.utf8)
    }

    /// A string value: quoted when it is 7-bit, otherwise a literal.
    mutating func string(_ value: [UInt8], field: String) throws {
        try Self.rejectForbidden(value, field: field)
        if value.allSatisfy({ $0 < 0x80 }) {
            current.append(UInt8(ascii: "\""))
            for byte in value {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { current.append(UInt8(ascii: "\\")) }
                current.append(byte)
            }
            current.append(UInt8(ascii: "\""))
        } else {
            literal(value)
        }
    }

    mutating func string(_ value: String, field: String) throws { try string(Array(value.utf8), field: field) }

    /// An astring: a bare atom when the value is one, else a quoted string or literal.
    mutating func astring(_ value: [UInt8], field: String) throws {
        try Self.rejectForbidden(value, field: field)
        if !value.isEmpty, value.allSatisfy({ ($0 < 0x80 && ResponseParser.isAtomChar($0)) || $0 == UInt8(ascii: "]") }) {
            current.append(contentsOf: value)
        } else {
            try string(value, field: field)
        }
    }

    /// A mailbox name. Modified UTF-7 would smuggle CR/LF/NUL through as base64, so the decoded
    /// name is checked too: such names are refused, never sent.
    mutating func mailbox(_ name: MailboxName, field: String = "mailbox name") throws {
        guard !name.wireBytes.isEmpty else { throw IMAPCommandError.emptyValue(field: field) }
        if let decoded = ModifiedUTF7.decode(name.wireBytes) {
            try Self.rejectForbidden(Array(decoded.utf8), field: field)
        }
        try astring(name.wireBytes, field: field)
    }

    /// Message data for APPEND: a literal whose content may contain line breaks (it is a message)
    /// but not NUL, which IMAP literals cannot carry.
    mutating func messageLiteral(_ data: [UInt8]) throws {
        guard !data.contains(0) else { throw IMAPCommandError.forbiddenCharacter(field: "message data (NUL)") }
        literal(data)
    }

    private mutating func literal(_ data: [UInt8]) {
        let nonSynchronizing = options.literalPlus || (options.literalMinus && data.count <= 4096)
        raw(nonSynchronizing ? "{\(data.count)+}\r\n" : "{\(data.count)}\r\n")
        if !nonSynchronizing {
            chunks.append(current)
            current = []
        }
        current.append(contentsOf: data)
    }

    /// Ends a chunk without a literal: the next bytes go out only after a `+` continuation
    /// (used by AUTHENTICATE without SASL-IR). The caller has written the line end.
    mutating func endChunk() {
        chunks.append(current)
        current = []
    }

    /// Ends the command with CRLF and returns its chunks.
    mutating func finish() -> [[UInt8]] {
        raw("\r\n")
        chunks.append(current)
        current = []
        return chunks
    }

    static func rejectForbidden(_ bytes: [UInt8], field: String) throws {
        if bytes.contains(where: { $0 == 0 || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }) {
            throw IMAPCommandError.forbiddenCharacter(field: field)
        }
    }
}
