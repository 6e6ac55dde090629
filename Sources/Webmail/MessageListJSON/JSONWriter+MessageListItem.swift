import IMAP
import MIME

/// A message list item written straight from the IMAP summary the scanner read: the same
/// document as `MessageMapping.summary(summary)` written by `APIMessageSummary.write(to:)` (a
/// test compares the two byte for byte on tricky values), without the `APIMessageSummary` and
/// its Strings in between. A summary the scanner could not read (rare) takes the general way.
///
/// A list page maps 50–200 summaries on the event loop that reads Dovecot's answer, and what is
/// left when the last byte arrives is added to every folder view. Most header values are plain
/// ASCII: those are copied from the response's bytes into the document. Encoded words, 8-bit
/// text and line breaks go through the MIME module's decoder as before.
extension JSONWriter {
    mutating func messageListItem(_ listed: ListedSummary) {
        switch listed {
        case .scanned(let summary): messageListItem(summary)
        case .parsed(let summary): MessageMapping.summary(summary).write(to: &self)
        }
    }

    /// The item from a summary scanned from the response's bytes (the usual case): the same
    /// document as from its ``MessageSummary`` (a test compares the two on recorded and mutated
    /// responses), with no model in between.
    ///
    /// Its layout is fixed, so keys and punctuation go in as whole fragments (`,"subject":`)
    /// rather than piece by piece, and the four flags as one of sixteen prepared blocks: with
    /// 50–200 items per page, each append saved is worth it.
    mutating func messageListItem(_ summary: ScannedSummary) {
        let envelope = summary.envelope
        raw("{\"uid\":")
        integer(summary.uid ?? 0)
        raw(",\"subject\":")
        if let subject = envelope?.subject { headerText(summary.bytes(subject)) } else { string("") }
        if let from = envelope?.from {
            var first: ScannedAddress?
            summary.forEachAddress(in: from) { address in
                guard Self.hasEmailAddress(address, in: summary) else { return true }
                first = address
                return false
            }
            if let first {
                raw(",\"from\":")
                self.address(first, in: summary)
            }
        }
        raw(",\"to\":[")
        if let to = envelope?.to {
            summary.forEachAddress(in: to) { address in
                if Self.hasEmailAddress(address, in: summary) { self.address(address, in: summary) }
                return true
            }
        }
        raw("]")
        var date = summary.internalDate?.date
        if let envelopeDate = envelope?.date, let parsed = MailDate.parse(bytes: summary.bytes(envelopeDate)) {
            date = parsed
        }
        if let date {
            raw(",\"date\":")
            self.date(date)
        }
        let flags = summary.flags ?? []
        var flagBits = 0
        if flags.contains(.seen) { flagBits |= 1 }
        if flags.contains(.flagged) { flagBits |= 2 }
        if flags.contains(.answered) { flagBits |= 4 }
        if flags.contains(.draft) { flagBits |= 8 }
        if flags.contains(.forwarded) { flagBits |= 16 }
        raw(Self.flagMembers[flagBits])
        raw(",\"size\":")
        integer(Int(summary.size ?? 0))
        raw(summary.hasAttachments == true ? ",\"has_attachments\":true" : ",\"has_attachments\":false")
        raw(",\"preview\":")
        if let preview = summary.preview {
            let written = summary.withBytes(preview) { utf8 in
                UTF8Validator.isValid(utf8) ? self.preview(utf8: utf8) : false
            }
            // Invalid UTF-8 is repaired as the model's String repairs it; a long line is cut there too.
            if !written { self.preview(String(decoding: summary.bytes(preview), as: UTF8.self)) }
        } else {
            string("")
        }
        endObject()
    }

    /// `,"flags":{…}` for each combination of seen (bit 0), flagged (1), answered (2), draft (3)
    /// and forwarded (4), in the order and form `APIMessageSummary.write(to:)` writes them.
    private static let flagMembers: [[UInt8]] = (0..<32).map { bits in
        func value(_ bit: Int) -> String { bits & (1 << bit) != 0 ? "true" : "false" }
        return Array(",\"flags\":{\"seen\":\(value(0)),\"flagged\":\(value(1)),\"answered\":\(value(2)),\"draft\":\(value(3)),\"forwarded\":\(value(4))}".utf8)
    }

    /// `MessageMapping.address` keeps an address only when `mailbox@host` is valid UTF-8.
    private static func hasEmailAddress(_ address: ScannedAddress, in summary: ScannedSummary) -> Bool {
        guard let mailbox = address.mailbox, let host = address.host else { return false }
        return summary.withBytes(mailbox, UTF8Validator.isValid) && summary.withBytes(host, UTF8Validator.isValid)
    }

    /// `{"name":…,"email":…}` for an address that ``hasEmailAddress(_:in:)``; the email is the
    /// valid UTF-8 `mailbox@host`, escaped.
    private mutating func address(_ address: ScannedAddress, in summary: ScannedSummary) {
        beginObject()
        raw("\"name\":")
        if let name = address.name { headerText(summary.bytes(name)) } else { string("") }
        raw(",\"email\":")
        beginString()
        if let mailbox = address.mailbox { summary.withBytes(mailbox) { appendEscaped($0) } }
        appendEscaped(UInt8(ascii: "@"))
        if let host = address.host { summary.withBytes(host) { appendEscaped($0) } }
        endString()
        endObject()
    }

    /// A header value as `EncodedWords.decode` reads it; `""` for NIL.
    private mutating func headerText(_ value: ArraySlice<UInt8>?) {
        guard let value else { return string("") }
        if EncodedWords.isVerbatim(value) {
            value.withUnsafeBufferPointer { string(utf8: $0) }
        } else if let decoded = EncodedWords.decodedUTF8(ifSimple: value) {
            decoded.withUnsafeBufferPointer { string(utf8: $0) }
        } else {
            string(EncodedWords.decode(value))
        }
    }

    /// `MessageMapping.preview(text)`, collapsed straight into the document; a line long enough
    /// to need cutting (rare: servers send at most about 200 characters) is cut as a String.
    private mutating func preview(_ text: String?) {
        guard var text else { return string("") }
        let written = text.withUTF8 { preview(utf8: $0) }
        if !written { string(MessageMapping.preview(text)) }
    }

    /// The preview collapsed from valid UTF-8; `false` (nothing written) when it needs cutting.
    private mutating func preview(utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = checkpoint
        beginString()
        let scalars = MessageMapping.collapseWhiteSpace(utf8, jsonEscapes: true) { appendUnescaped($0) } space: {
            appendUnescaped(UInt8(ascii: " "))
        } escape: { appendEscaped($0) }
        guard scalars <= MessageMapping.previewLength else {
            rewind(to: start)
            return false
        }
        endString()
        return true
    }
}
