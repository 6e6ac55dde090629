import IMAP
import MIME

/// A message list item written straight from the IMAP summary: the same document as
/// `MessageMapping.summary(summary)` written by `APIMessageSummary.write(to:)` (a test compares
/// the two byte for byte on tricky values), without the `APIMessageSummary` and its Strings in
/// between.
///
/// A list page maps 50–200 summaries on the event loop that reads Dovecot's answer, and what is
/// left when the last byte arrives is added to every folder view. Most header values are plain
/// ASCII: those are copied from the response's bytes into the document. Encoded words, 8-bit
/// text and line breaks go through the MIME module's decoder as before.
extension JSONWriter {
    mutating func messageListItem(_ listed: ListedSummary) {
        switch listed {
        case .scanned(let summary): messageListItem(summary)
        case .parsed(let summary): messageListItem(summary)
        }
    }

    /// The item from a summary scanned from the response's bytes (the usual case): the same
    /// document as from its ``MessageSummary`` (a test compares the two on recorded and mutated
    /// responses), with no model in between.
    mutating func messageListItem(_ summary: ScannedSummary) {
        let envelope = summary.envelope
        beginObject()
        key("uid"); integer(summary.uid ?? 0)
        key("subject"); headerText(envelope?.subject.map(summary.bytes))
        if let from = envelope?.from {
            var first: ScannedAddress?
            summary.forEachAddress(in: from) { address in
                guard Self.hasEmailAddress(address, in: summary) else { return true }
                first = address
                return false
            }
            if let first { key("from"); self.address(first, in: summary) }
        }
        key("to")
        beginArray()
        if let to = envelope?.to {
            summary.forEachAddress(in: to) { address in
                if Self.hasEmailAddress(address, in: summary) { self.address(address, in: summary) }
                return true
            }
        }
        endArray()
        if let date = envelope?.date.flatMap({ MailDate.parse(bytes: summary.bytes($0)) }) ?? summary.internalDate?.date {
            key("date"); self.date(date)
        }
        let flags = summary.flags ?? []
        key("flags")
        beginObject()
        key("seen"); bool(flags.contains(.seen))
        key("flagged"); bool(flags.contains(.flagged))
        key("answered"); bool(flags.contains(.answered))
        key("draft"); bool(flags.contains(.draft))
        endObject()
        key("size"); integer(Int(summary.size ?? 0))
        key("has_attachments"); bool(summary.hasAttachments ?? false)
        key("preview")
        if let preview = summary.preview {
            let bytes = summary.bytes(preview)
            let written = bytes.withUnsafeBufferPointer { utf8 in
                UTF8Validator.isValid(utf8) ? self.preview(utf8: utf8) : false
            }
            // Invalid UTF-8 is repaired as the model's String repairs it; a long line is cut there too.
            if !written { self.preview(String(decoding: bytes, as: UTF8.self)) }
        } else {
            string("")
        }
        endObject()
    }

    /// `MessageMapping.address` keeps an address only when `mailbox@host` is valid UTF-8.
    private static func hasEmailAddress(_ address: ScannedAddress, in summary: ScannedSummary) -> Bool {
        guard let mailbox = address.mailbox, let host = address.host else { return false }
        return summary.bytes(mailbox).withUnsafeBufferPointer(UTF8Validator.isValid)
            && summary.bytes(host).withUnsafeBufferPointer(UTF8Validator.isValid)
    }

    /// `{"name":…,"email":…}` for an address that ``hasEmailAddress(_:in:)``; the email is the
    /// valid UTF-8 `mailbox@host`, escaped.
    private mutating func address(_ address: ScannedAddress, in summary: ScannedSummary) {
        beginObject()
        key("name"); headerText(address.name.map(summary.bytes))
        key("email")
        beginString()
        if let mailbox = address.mailbox { summary.bytes(mailbox).withUnsafeBufferPointer { appendEscaped($0) } }
        appendEscaped(UInt8(ascii: "@"))
        if let host = address.host { summary.bytes(host).withUnsafeBufferPointer { appendEscaped($0) } }
        endString()
        endObject()
    }

    mutating func messageListItem(_ summary: MessageSummary) {
        let envelope = summary.envelope
        beginObject()
        key("uid"); integer(summary.uid)
        key("subject"); headerText(envelope?.subject)
        if let from = envelope?.from.first(where: Self.hasEmailAddress) {
            key("from"); address(from)
        }
        key("to")
        beginArray()
        for address in envelope?.to ?? [] where Self.hasEmailAddress(address) { self.address(address) }
        endArray()
        if let date = envelope?.date.flatMap({ MailDate.parse(bytes: $0.slice) }) ?? summary.internalDate?.date {
            key("date"); self.date(date)
        }
        key("flags")
        beginObject()
        key("seen"); bool(summary.flags.contains(.seen))
        key("flagged"); bool(summary.flags.contains(.flagged))
        key("answered"); bool(summary.flags.contains(.answered))
        key("draft"); bool(summary.flags.contains(.draft))
        endObject()
        key("size"); integer(Int(summary.size))
        key("has_attachments"); bool(summary.bodyStructure.map(MessageMapping.hasAttachments) ?? false)
        key("preview"); preview(summary.preview)
        endObject()
    }

    /// A header value as `EncodedWords.decode` reads it; `""` for NIL.
    private mutating func headerText(_ value: ByteString?) {
        headerText(value?.slice)
    }

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

    /// `MessageMapping.address` keeps an address only when `mailbox@host` is valid UTF-8.
    private static func hasEmailAddress(_ address: Address) -> Bool {
        guard let mailbox = address.mailbox, let host = address.host else { return false }
        return (mailbox.isASCII && host.isASCII) || address.emailAddress != nil
    }

    /// `{"name":…,"email":…}` for an address that ``hasEmailAddress(_:)``.
    private mutating func address(_ address: Address) {
        beginObject()
        key("name"); headerText(address.name)
        key("email")
        if let mailbox = address.mailbox, let host = address.host, mailbox.isASCII, host.isASCII {
            beginString()
            mailbox.slice.withUnsafeBufferPointer { appendEscaped($0) }
            appendEscaped(UInt8(ascii: "@"))
            host.slice.withUnsafeBufferPointer { appendEscaped($0) }
            endString()
        } else {
            string(address.emailAddress ?? "")
        }
        endObject()
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
