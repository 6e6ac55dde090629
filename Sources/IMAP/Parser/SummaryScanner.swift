/// Reads a summary FETCH response (``ScannedSummary``) in one pass over its bytes.
///
/// It accepts a subset of what ``ResponseParser`` accepts, and where it accepts a response the
/// two agree (a differential test feeds both recorded and mutated responses): anything it does
/// not know or is not sure of (another FETCH item, an item twice, a message/rfc822 part, an
/// escape where a token is compared, deeper nesting) makes it give up, and the full parser
/// reads the response instead. Every read is bounds-checked through ``peek``, which answers 0
/// past the end, a byte the grammar never expects.
struct SummaryScanner {
    struct GiveUp: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position: Int
    private var depth = 0
    /// Whether some part of the BODYSTRUCTURE read so far counts as an attachment.
    private var attachment = false

    private static let maximumDepth = 16

    init(_ bytes: UnsafeBufferPointer<UInt8>, from position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    /// The summary of a complete response frame, or `nil` when the full parser must read it.
    static func scan(_ frame: [UInt8]) -> ScannedSummary? {
        // Only `* <digit>…` can be a FETCH response; everything else leaves at once.
        guard frame.count > 12, frame[0] == UInt8(ascii: "*"), frame[1] == UInt8(ascii: " "),
            ASCII.isDigit(frame[2]), frame.count <= ScannedString.maximumFrameSize
        else { return nil }
        return frame.withUnsafeBufferPointer { buffer in
            var scanner = SummaryScanner(buffer)
            return try? scanner.response(frame)
        }
    }

    // MARK: The response

    private mutating func response(_ frame: [UInt8]) throws(GiveUp) -> ScannedSummary {
        try expect("*")
        try spaces()
        let number = try number32()
        try spaces()
        try word("FETCH")
        try spaces()
        try expect("(")
        var summary = ScannedSummary(frame: frame, sequenceNumber: number)
        var seen: UInt8 = 0
        var first = true
        while true {
            if peek() == UInt8(ascii: ")") {
                position += 1
                break
            }
            if !first { try spaces() }
            first = false
            if peek() == UInt8(ascii: ")") { continue }
            let item = try itemName()
            guard seen & item == 0 else { throw GiveUp() }
            seen |= item
            try spaces()
            switch item {
            case Item.uid: summary.uid = try number32()
            case Item.flags: summary.flags = try flagList()
            case Item.internalDate: summary.internalDate = try internalDate()
            case Item.size: summary.size = try number64()
            case Item.modSeq:
                try expect("(")
                summary.modSeq = try number64()
                try expect(")")
            case Item.preview:
                summary.preview = try nstring()
                summary.hasPreview = true
            case Item.envelope: summary.envelope = try envelope()
            default:
                attachment = false
                try body()
                summary.hasAttachments = attachment
            }
        }
        if peek() == UInt8(ascii: "\r") { position += 1 }
        try expect("\n")
        guard position == bytes.count else { throw GiveUp() }
        return summary
    }

    /// The items this scanner reads, as bits of a set (each may come once).
    private enum Item {
        static let uid: UInt8 = 1 << 0
        static let flags: UInt8 = 1 << 1
        static let internalDate: UInt8 = 1 << 2
        static let size: UInt8 = 1 << 3
        static let modSeq: UInt8 = 1 << 4
        static let preview: UInt8 = 1 << 5
        static let envelope: UInt8 = 1 << 6
        static let bodyStructure: UInt8 = 1 << 7
    }

    /// A FETCH item name, delimited as the parser delimits it; any name but the eight gives up.
    /// Picked by its first letter and compared once: every response repeats the eight names.
    private mutating func itemName() throws(GiveUp) -> UInt8 {
        let (name, item): (StaticString, UInt8) =
            switch ASCII.uppercased(peek()) {
            case UInt8(ascii: "U"): ("UID", Item.uid)
            case UInt8(ascii: "F"): ("FLAGS", Item.flags)
            case UInt8(ascii: "M"): ("MODSEQ", Item.modSeq)
            case UInt8(ascii: "P"): ("PREVIEW", Item.preview)
            case UInt8(ascii: "E"): ("ENVELOPE", Item.envelope)
            case UInt8(ascii: "R"): ("RFC822.SIZE", Item.size)
            case UInt8(ascii: "I"): ("INTERNALDATE", Item.internalDate)
            case UInt8(ascii: "B"): ("BODYSTRUCTURE", Item.bodyStructure)
            default: throw GiveUp()
            }
        let length = name.utf8CodeUnitCount
        guard bytes.count - position > length,
            Self.equals(UnsafeBufferPointer(rebasing: bytes[position..<(position + length)]), name)
        else { throw GiveUp() }
        // The parser's name goes on to the first of these; a longer name is another item.
        switch bytes[position + length] {
        case 0...0x20, 0x7F...0xFF, UInt8(ascii: "["), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"),
            UInt8(ascii: "\""):
            break
        default:
            throw GiveUp()
        }
        position += length
        return item
    }

    // MARK: Items

    /// `"(" [flag *(SP flag)] ")"`, system flags and the `$Forwarded` keyword kept.
    private mutating func flagList() throws(GiveUp) -> SystemFlags {
        try expect("(")
        var flags: SystemFlags = []
        skipSpaces()
        while peek() != UInt8(ascii: ")") {
            let start = position
            if peek() == UInt8(ascii: "\\") {
                position += 1
                if peek() == UInt8(ascii: "*") {
                    position += 1
                    if !skipSpaces() { break }
                    continue
                }
            }
            let nameStart = position
            while ResponseParser.isAtomChar(peek()) { position += 1 }
            guard position > nameStart else { throw GiveUp() }
            let token = UnsafeBufferPointer(rebasing: bytes[start..<position])
            switch token.count {
            case 5: if Self.equals(token, "\\SEEN") { flags.insert(.seen) }
            case 6: if Self.equals(token, "\\DRAFT") { flags.insert(.draft) }
            case 7: if Self.equals(token, "\\RECENT") { flags.insert(.recent) }
            case 8:
                if Self.equals(token, "\\FLAGGED") { flags.insert(.flagged) }
                if Self.equals(token, "\\DELETED") { flags.insert(.deleted) }
            case 9: if Self.equals(token, "\\ANSWERED") { flags.insert(.answered) }
            case 10: if Self.equals(token, "$FORWARDED") { flags.insert(.forwarded) }
            default: break
            }
            if !skipSpaces() { break }
        }
        try expect(")")
        return flags
    }

    /// `date-time`, read in place; a date the parser would refuse gives up (and the parser refuses it).
    private mutating func internalDate() throws(GiveUp) -> InternalDate {
        let text = try quoted()
        guard !text.isEscaped,
            let date = ResponseParser.internalDate(UnsafeBufferPointer(rebasing: bytes[text.range]))
        else { throw GiveUp() }
        return date
    }

    /// `envelope`, keeping the date, subject, From and To; the rest is checked and passed over.
    private mutating func envelope() throws(GiveUp) -> ScannedEnvelope {
        try expect("(")
        var envelope = ScannedEnvelope()
        envelope.date = try nstring()
        try spaces()
        envelope.subject = try nstring()
        try spaces()
        envelope.from = try addressList()
        try spaces()
        try addressList()  // sender
        try spaces()
        try addressList()  // reply-to
        try spaces()
        envelope.to = try addressList()
        try spaces()
        try addressList()  // cc
        try spaces()
        try addressList()  // bcc
        try spaces()
        _ = try nstring()  // in-reply-to
        try spaces()
        _ = try nstring()  // message-id
        skipSpaces()
        try expect(")")
        return envelope
    }

    /// `"(" 1*address ")" / nil`, spaces between addresses tolerated as the parser does.
    @discardableResult
    private mutating func addressList() throws(GiveUp) -> ScannedAddressList? {
        if consumeNIL() { return nil }
        let start = position
        var first: ScannedAddress?
        var count = 0
        try addresses { address in
            if count == 0 { first = address }
            count += 1
            return true
        }
        return ScannedAddressList(range: start..<position, first: first, count: count)
    }

    /// Reads an address list from `position`, calling `body` with each address until it returns
    /// `false` (then the rest is not read).
    mutating func addresses(_ body: (ScannedAddress) -> Bool) throws(GiveUp) {
        try expect("(")
        skipSpaces()
        while peek() == UInt8(ascii: "(") {
            position += 1
            var address = ScannedAddress()
            address.name = try nstring()
            try spaces()
            address.adl = try nstring()
            try spaces()
            address.mailbox = try nstring()
            try spaces()
            address.host = try nstring()
            try expect(")")
            if !body(address) { return }
            skipSpaces()
        }
        try expect(")")
    }

    // MARK: BODYSTRUCTURE

    /// `body`, noting in ``attachment`` whether a part counts as an attachment
    /// (``BodyStructure/hasAttachmentParts``).
    private mutating func body() throws(GiveUp) {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw GiveUp() }
        try expect("(")
        skipSpaces()
        if peek() == UInt8(ascii: "(") {
            try multipart()
        } else {
            try singlePart()
        }
        skipSpaces()
        try expect(")")
    }

    private mutating func multipart() throws(GiveUp) {
        while peek() == UInt8(ascii: "(") {
            try body()
            skipSpaces()
        }
        _ = try lenientToken()  // subtype
        guard skipSpaces(), peek() != UInt8(ascii: ")") else { return }
        try parameters()
        guard skipSpaces(), peek() != UInt8(ascii: ")") else { return }
        _ = try disposition()  // a multipart's own disposition does not make an attachment
        try extensionTail()
    }

    private mutating func singlePart() throws(GiveUp) {
        let type = try lenientToken()
        try spaces()
        let subtype = try lenientToken()
        try spaces()
        try parameters()
        try spaces()
        let id = try nstring()
        try spaces()
        _ = try nstring()  // description
        try spaces()
        _ = try lenientToken()  // encoding
        try spaces()
        if !consumeNIL() { _ = try number64() }  // size

        let isText = equals(type, "TEXT")
        if equals(type, "MESSAGE"), equals(subtype, "RFC822") || equals(subtype, "GLOBAL"),
            peek() == UInt8(ascii: " ")
        {
            throw GiveUp()  // an attached message: its envelope and body go through the parser
        }
        if isText, peek() == UInt8(ascii: " "), ASCII.isDigit(peek(1)) {
            try spaces()
            _ = try number64()  // lines
        }
        var dispositionType: ScannedString?
        if skipSpaces(), peek() != UInt8(ascii: ")") {
            _ = try nstring()  // md5
            if skipSpaces(), peek() != UInt8(ascii: ")") {
                dispositionType = try disposition()
                try extensionTail()
            }
        }
        let isAttachment = dispositionType.map { equals($0, "ATTACHMENT") } ?? false
        let isInline = dispositionType.map { equals($0, "INLINE") } ?? false
        if isAttachment || (!isText && !equals(type, "MULTIPART") && id == nil && !isInline) {
            attachment = true
        }
    }

    /// `[SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]` after a disposition.
    private mutating func extensionTail() throws(GiveUp) {
        guard skipSpaces(), peek() != UInt8(ascii: ")") else { return }
        try language()
        guard skipSpaces(), peek() != UInt8(ascii: ")") else { return }
        _ = try nstring()  // location
        while skipSpaces() {
            if peek() == UInt8(ascii: ")") { return }
            try extensionValue()
        }
    }

    /// `body-fld-param = "(" string SP string *(SP string SP string) ")" / nil`
    private mutating func parameters() throws(GiveUp) {
        if consumeNIL() { return }
        try expect("(")
        skipSpaces()
        while peek() != UInt8(ascii: ")") {
            _ = try astring()
            try spaces()
            _ = try nstring()
            if !skipSpaces() { break }
        }
        try expect(")")
    }

    /// `body-fld-dsp`: its type (unescaped), or `nil` for NIL.
    private mutating func disposition() throws(GiveUp) -> ScannedString? {
        if consumeNIL() { return nil }
        if peek() != UInt8(ascii: "(") { return try dispositionType() }
        position += 1
        let type = try dispositionType()
        if skipSpaces(), peek() != UInt8(ascii: ")") { try parameters() }
        skipSpaces()
        try expect(")")
        return type
    }

    /// A disposition's type, compared as ASCII: an escaped one gives up.
    private mutating func dispositionType() throws(GiveUp) -> ScannedString {
        let type = try astring()
        guard !type.isEscaped else { throw GiveUp() }
        return type
    }

    /// `body-fld-lang = nstring / "(" string *(SP string) ")"`
    private mutating func language() throws(GiveUp) {
        guard peek() == UInt8(ascii: "(") else {
            _ = try nstring()
            return
        }
        position += 1
        skipSpaces()
        while peek() != UInt8(ascii: ")") {
            _ = try astring()
            if !skipSpaces() { break }
        }
        try expect(")")
    }

    /// `body-extension`: a string, a number, NIL or a list of them.
    private mutating func extensionValue() throws(GiveUp) {
        if peek() == UInt8(ascii: "(") {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else { throw GiveUp() }
            position += 1
            skipSpaces()
            while peek() != UInt8(ascii: ")") {
                try extensionValue()
                if !skipSpaces() { break }
            }
            try expect(")")
            return
        }
        if peek() == UInt8(ascii: "\"") || peek() == UInt8(ascii: "{")
            || (peek() == UInt8(ascii: "~") && peek(1) == UInt8(ascii: "{"))
        {
            _ = try string()
            return
        }
        let start = position
        while ResponseParser.isAtomChar(peek()) { position += 1 }
        guard position > start else { throw GiveUp() }
    }

    /// A media type, subtype or encoding: a string, an atom or NIL (read as empty), as the parser
    /// tolerates. Compared as ASCII, so an escaped or 8-bit one gives up (the parser lower-cases
    /// those by Unicode's rules).
    private mutating func lenientToken() throws(GiveUp) -> ScannedString {
        if consumeNIL() { return ScannedString(range: position..<position, isEscaped: false) }
        let token = try astring()
        guard !token.isEscaped, bytes[token.range].allSatisfy({ $0 < 0x80 }) else { throw GiveUp() }
        return token
    }

    // MARK: Strings

    /// `astring = 1*ASTRING-CHAR / string`
    private mutating func astring() throws(GiveUp) -> ScannedString {
        if peek() == UInt8(ascii: "\"") || peek() == UInt8(ascii: "{")
            || (peek() == UInt8(ascii: "~") && peek(1) == UInt8(ascii: "{"))
        {
            return try string()
        }
        let start = position
        while ResponseParser.isAtomChar(peek()) || peek() == UInt8(ascii: "]") { position += 1 }
        guard position > start else { throw GiveUp() }
        return ScannedString(range: start..<position, isEscaped: false)
    }

    /// `nstring = string / NIL`
    @inline(__always)
    private mutating func nstring() throws(GiveUp) -> ScannedString? {
        if consumeNIL() { return nil }
        return try string()
    }

    /// `string = quoted / literal`
    private mutating func string() throws(GiveUp) -> ScannedString {
        if peek() == UInt8(ascii: "\"") { return try quoted() }
        return try literal()
    }

    /// `quoted`, with `\"` and `\\`-style escapes (a backslash keeps the byte after it).
    private mutating func quoted() throws(GiveUp) -> ScannedString {
        try expect("\"")
        let start = position
        var escaped = false
        let raw = UnsafeRawBufferPointer(bytes)
        while true {
            position = QuotedStringScan.firstSpecial(in: raw, from: position, to: bytes.count)
            switch peek() {
            case UInt8(ascii: "\""):
                position += 1
                return ScannedString(range: start..<(position - 1), isEscaped: escaped)
            case UInt8(ascii: "\\"):
                // The parser keeps any byte after a backslash; a line break there is left to it.
                let next = peek(1)
                guard position + 1 < bytes.count, next != UInt8(ascii: "\r"), next != UInt8(ascii: "\n")
                else { throw GiveUp() }
                escaped = true
                position += 2
            default:
                throw GiveUp()  // a line break, or the end
            }
        }
    }

    /// `literal = "{" number ["+"] "}" CRLF *CHAR8` (and literal8's `~`), as the parser reads it.
    private mutating func literal() throws(GiveUp) -> ScannedString {
        if peek() == UInt8(ascii: "~") { position += 1 }
        try expect("{")
        let length = try number64()
        guard length <= UInt64(Int32.max) else { throw GiveUp() }
        if peek() == UInt8(ascii: "+") { position += 1 }
        try expect("}")
        if peek() == UInt8(ascii: "\r") { position += 1 }
        try expect("\n")
        guard Int(length) <= bytes.count - position else { throw GiveUp() }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return ScannedString(range: range, isEscaped: false)
    }

    // MARK: Lexical

    /// The byte at `position + offset`, or 0 outside the response.
    @inline(__always)
    private func peek(_ offset: Int = 0) -> UInt8 {
        let index = position + offset
        return index < bytes.count ? bytes[index] : 0
    }

    @inline(__always)
    private mutating func expect(_ character: Unicode.Scalar) throws(GiveUp) {
        guard peek() == UInt8(ascii: character) else { throw GiveUp() }
        position += 1
    }

    /// One or more spaces, as the parser's `expectSpace`.
    @inline(__always)
    private mutating func spaces() throws(GiveUp) {
        guard skipSpaces() else { throw GiveUp() }
    }

    @discardableResult
    @inline(__always)
    private mutating func skipSpaces() -> Bool {
        guard peek() == UInt8(ascii: " ") else { return false }
        repeat { position += 1 } while peek() == UInt8(ascii: " ")
        return true
    }

    /// An atom that must be `capitals` (ignoring case), as the parser reads the response's keyword.
    private mutating func word(_ capitals: StaticString) throws(GiveUp) {
        let start = position
        while ResponseParser.isAtomChar(peek()) { position += 1 }
        guard Self.equals(UnsafeBufferPointer(rebasing: bytes[start..<position]), capitals) else { throw GiveUp() }
    }

    /// `NIL` not followed by more of an atom, consumed when present.
    @inline(__always)
    private mutating func consumeNIL() -> Bool {
        guard peek() | 0x20 == UInt8(ascii: "n"), peek(1) | 0x20 == UInt8(ascii: "i"), peek(2) | 0x20 == UInt8(ascii: "l"),
            !ResponseParser.isAtomChar(peek(3))
        else { return false }
        position += 3
        return true
    }

    private mutating func number32() throws(GiveUp) -> UInt32 {
        let value = try number64()
        guard value <= UInt64(UInt32.max) else { throw GiveUp() }
        return UInt32(value)
    }

    /// `number64`: at most 18 digits here (always below 2^63), so no overflow check per digit.
    private mutating func number64() throws(GiveUp) -> UInt64 {
        let start = position
        var value: UInt64 = 0
        while ASCII.isDigit(peek()) {
            value = value &* 10 &+ UInt64(peek() &- UInt8(ascii: "0"))
            position += 1
        }
        guard position > start, position - start <= 18 else { throw GiveUp() }
        return value
    }

    /// Whether a string of this response (unescaped) is `capitals`, ignoring ASCII case.
    private func equals(_ string: ScannedString, _ capitals: StaticString) -> Bool {
        !string.isEscaped && Self.equals(UnsafeBufferPointer(rebasing: bytes[string.range]), capitals)
    }

    /// Servers send the names in capitals, so a byte is first compared as it is; a letter may
    /// also be in lower case (`x | 0x20` is a capital's lower case, and no other byte's).
    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ capitals: StaticString) -> Bool {
        capitals.withUTF8Buffer { word in
            guard word.count == bytes.count else { return false }
            var index = 0
            while index < word.count {
                let expected = word[index], byte = bytes[index]
                if byte != expected, !(expected &- UInt8(ascii: "A") < 26 && byte | 0x20 == expected | 0x20) { return false }
                index &+= 1
            }
            return true
        }
    }
}
