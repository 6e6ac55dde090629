import Foundation

/// Builds outgoing messages for send, reply, forward and drafts.
///
/// ```swift
/// var builder = MessageBuilder(from: MailAddress(name: "홍길동", email: "hong@zioinfo.co.kr"),
///                              messageIDDomain: "zioinfo.co.kr")
/// builder.to = [MailAddress(email: "kim@example.com")]
/// builder.bcc = [MailAddress(email: "audit@zioinfo.co.kr")]       // envelope only
/// builder.subject = "회의 자료"
/// builder.text = "안녕하세요"
/// builder.html = "<p>안녕하세요</p>"                              // → multipart/alternative
///                                                    (without `text`: made from the HTML, `HTMLPlainText`)
/// builder.attachments = [.init(filename: "보고서.pdf", contentType: "application/pdf", data: pdf)]
/// builder.forwarded = [originalBytes]                             // message/rfc822 parts
/// let built = try builder.build()   // bytes (CRLF, 7-bit headers), envelope, messageID
/// ```
///
/// Guarantees: a C0 control other than TAB (CR, LF, NUL, VT, ESC …) or DEL in any user header
/// value, or NUL in a body, throws `MessageBuilderError.forbiddenCharacter`
/// (never a second header); headers are 7-bit (unless `internationalizedHeaders`: RFC 6532 addresses) with non-ASCII
/// as RFC 2047 UTF-8 encoded words that never split a character; attachment names are RFC 2231
/// `filename*` plus an encoded-word `name=` (what Outlook reads); Bcc never appears in the
/// header of a message to be sent (only in a draft, see `isDraft`); header lines fold at 78 columns, body lines stay within 998 (base64 or
/// quoted-printable chosen per part).
public struct MessageBuilder: Sendable {
    /// A file to attach. A `contentID` makes it an inline resource (`cid:` in the HTML body).
    public struct Attachment: Sendable {
        public var filename: String
        public var contentType: String
        public var data: [UInt8]
        public var contentID: String?

        public init(filename: String, contentType: String = "application/octet-stream", data: [UInt8], contentID: String? = nil) {
            self.filename = filename
            self.contentType = contentType
            self.data = data
            self.contentID = contentID
        }
    }

    public var from: MailAddress
    public var replyTo: [MailAddress] = []
    public var to: [MailAddress] = []
    public var cc: [MailAddress] = []
    public var bcc: [MailAddress] = []
    /// What the writer typed that is not an address: a draft keeps it (``UnparsedRecipients``);
    /// a message to send with any is refused (`invalidAddress`, naming the first piece).
    public var unparsedRecipients = UnparsedRecipients()
    public var subject: String = ""
    public var text: String?
    public var html: String?
    /// Message-ID of the message replied to (with or without angle brackets).
    public var inReplyTo: String?
    /// References chain, oldest first (with or without angle brackets).
    public var references: [String] = []
    public var attachments: [Attachment] = []
    /// Original messages (raw bytes) attached as message/rfc822, for forwarding.
    public var forwarded: [[UInt8]] = []
    public var date: Date = Date()
    public var timeZone: TimeZone = .current
    /// Right-hand side of generated Message-IDs; defaults to the From domain.
    public var messageIDDomain: String?
    /// Builds a draft for the author's own Drafts folder, never for SMTP: Bcc is written as a
    /// header (what mail clients do, so a reopened draft still has its blind copies) and the
    /// message may have no recipient yet. A message to be sent must never carry Bcc — every
    /// recipient would see who was blind-copied — so this stays false for sending.
    public var isDraft = false
    /// The Message-ID to write (without angle brackets); nil: a new random one at each `build()`.
    /// `assignMessageID()` fixes one, so that several forms of one message share it.
    public var messageID: String?
    /// RFC 6532 (for a server that offers SMTPUTF8, or a draft): addresses may contain UTF-8
    /// and are written as they are. Off, every address must be ASCII.
    public var internationalizedHeaders = false

    public init(from: MailAddress, messageIDDomain: String? = nil) {
        self.from = from
        self.messageIDDomain = messageIDDomain
    }

    public func build() throws(MessageBuilderError) -> BuiltMessage {
        try validate()
        let messageID = self.messageID ?? newMessageID()

        var head = ""
        head += HeaderEncoder.field("Date", units: [MailDateFormatter.format(date, timeZone: timeZone)])
        head += HeaderEncoder.field("From", units: HeaderEncoder.addressUnits([from]))
        if !to.isEmpty { head += HeaderEncoder.field("To", units: HeaderEncoder.addressUnits(to)) }
        if !cc.isEmpty { head += HeaderEncoder.field("Cc", units: HeaderEncoder.addressUnits(cc)) }
        if isDraft, !bcc.isEmpty { head += HeaderEncoder.field("Bcc", units: HeaderEncoder.addressUnits(bcc)) }
        if isDraft {
            for (header, piece) in unparsedRecipients.fields { head += HeaderEncoder.field(header, units: HeaderEncoder.unstructuredUnits(piece)) }
        }
        if !replyTo.isEmpty { head += HeaderEncoder.field("Reply-To", units: HeaderEncoder.addressUnits(replyTo)) }
        head += HeaderEncoder.field("Subject", units: HeaderEncoder.unstructuredUnits(subject))
        head += HeaderEncoder.field("Message-ID", units: ["<\(messageID)>"])
        if let inReplyTo { head += HeaderEncoder.field("In-Reply-To", units: [Self.bracketed(inReplyTo)]) }
        if !references.isEmpty { head += HeaderEncoder.field("References", units: references.map(Self.bracketed)) }
        head += "MIME-Version: 1.0\r\n"

        // An HTML message always has a text alternative: readers without HTML, previews, quotes in text clients.
        let plain = text ?? html.map(HTMLPlainText.render)
        let body = BodyTreeWriter(text: plain, html: html, attachments: attachments, forwarded: forwarded).write()
        var bytes = Array(head.utf8)
        bytes.append(contentsOf: body)

        var seen = Set<String>()
        var recipients: [String] = []
        for address in to + cc + bcc where seen.insert(address.email.lowercased()).inserted {
            recipients.append(address.email)
        }
        return BuiltMessage(bytes: bytes, envelope: Envelope(sender: from.email, recipients: recipients), messageID: messageID)
    }

    /// Fixes the Message-ID that every later `build()` writes (a new one unless one is set).
    public mutating func assignMessageID() {
        if messageID == nil { messageID = newMessageID() }
    }

    private func newMessageID() -> String {
        let domain = messageIDDomain ?? from.email.split(separator: "@").last.map(String.init) ?? "localhost"
        return "\(Self.randomToken(16)).\(Int(date.timeIntervalSince1970))@\(domain)"
    }

    /// What `build()` checks first, alone: every field, without building anything.
    public func validate() throws(MessageBuilderError) {
        try Self.check(subject, "subject")
        try checkAddress(from, "from")
        for (field, list) in [("to", to), ("cc", cc), ("bcc", bcc), ("replyTo", replyTo)] {
            for (index, address) in list.enumerated() { try checkAddress(address, "\(field)[\(index)]") }
        }
        for (field, pieces) in [("to", unparsedRecipients.to), ("cc", unparsedRecipients.cc), ("bcc", unparsedRecipients.bcc)] {
            for (index, piece) in pieces.enumerated() {
                try Self.check(piece, "\(field)[\(index)]")
                if !isDraft || piece.utf8.count > UnparsedRecipients.maxPieceLength { throw .invalidAddress(field: field, address: piece) }
            }
        }
        if let messageID { try Self.checkMessageID(messageID, "messageID") }
        if to.isEmpty && cc.isEmpty && bcc.isEmpty && !isDraft { throw .noRecipients }
        if let inReplyTo { try Self.checkMessageID(inReplyTo, "inReplyTo") }
        for (index, reference) in references.enumerated() { try Self.checkMessageID(reference, "references[\(index)]") }
        if let messageIDDomain {
            try Self.check(messageIDDomain, "messageIDDomain")
            if messageIDDomain.isEmpty || messageIDDomain.utf8.count > Self.maxTokenLength || !ASCII.isAllASCII(messageIDDomain.utf8)
                || messageIDDomain.contains(where: { " <>@\"(),;:\\[]".contains($0) }) {
                throw .invalidAddress(field: "messageIDDomain", address: messageIDDomain)
            }
        }
        // Bodies may contain line breaks, but never NUL.
        if text?.utf8.contains(0) == true { throw .forbiddenCharacter(field: "text") }
        if html?.utf8.contains(0) == true { throw .forbiddenCharacter(field: "html") }
        for (index, attachment) in attachments.enumerated() {
            try Self.check(attachment.filename, "attachments[\(index)].filename")
            try Self.check(attachment.contentType, "attachments[\(index)].contentType")
            if let contentID = attachment.contentID { try Self.checkMessageID(contentID, "attachments[\(index)].contentID") }
            guard ContentType(parsing: attachment.contentType) != nil, ASCII.isAllASCII(attachment.contentType.utf8),
                  attachment.contentType.utf8.count <= 200,
                  !attachment.contentType.contains(";") else {
                throw .invalidContentType(field: "attachments[\(index)].contentType", value: attachment.contentType)
            }
        }
    }

    /// Header values given by the user: no C0 control but TAB, and no DEL. CR/LF/NUL would
    /// inject or cut a header; VT, FF, ESC and the rest go raw onto the wire (7-bit is not
    /// "control-free") and confuse the readers and terminals that show them.
    static func check(_ value: String, _ field: String) throws(MessageBuilderError) {
        if value.utf8.contains(where: ASCII.isControlOtherThanTab) {
            throw .forbiddenCharacter(field: field)
        }
    }

    /// Unfoldable tokens (addresses, message ids, domains) must fit a 998-octet line with room
    /// for the field name; RFC 5321 allows 254 octets for an address anyway.
    private static let maxTokenLength = 254

    private func checkAddress(_ address: MailAddress, _ field: String) throws(MessageBuilderError) {
        try Self.check(address.name, "\(field).name")
        try Self.check(address.email, "\(field).email")
        let email = address.email
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        // With RFC 6532 headers any UTF-8 but the C1 controls (a line break for some readers).
        let characters = internationalizedHeaders
            ? !email.unicodeScalars.contains(where: { (0x80...0x9F).contains($0.value) })
            : ASCII.isAllASCII(email.utf8)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, characters,
              email.utf8.count <= Self.maxTokenLength,
              !email.contains(where: { " <>\"(),;:\\[]\t".contains($0) }) else {
            throw .invalidAddress(field: "\(field).email", address: email)
        }
    }

    private static func checkMessageID(_ value: String, _ field: String) throws(MessageBuilderError) {
        try check(value, field)
        let bare = value.trimmingCharacters(in: "<> ")
        if bare.isEmpty || bare.utf8.count > 900 || !ASCII.isAllASCII(bare.utf8) || bare.contains(where: { " <>\t".contains($0) }) {
            throw .invalidAddress(field: field, address: value)
        }
    }

    private static func bracketed(_ id: String) -> String {
        "<" + id.trimmingCharacters(in: "<> ") + ">"
    }

    static func randomToken(_ byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef")
        return String((0..<(byteCount * 2)).map { _ in hex[Int(generator.next() % 16)] })
    }
}
