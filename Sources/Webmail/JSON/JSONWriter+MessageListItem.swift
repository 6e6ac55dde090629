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
        guard let value else { return string("") }
        if EncodedWords.isVerbatim(value.slice) {
            value.slice.withUnsafeBufferPointer { string(utf8: $0) }
        } else {
            string(EncodedWords.decode(value.slice))
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
        let start = checkpoint
        beginString()
        let scalars = text.withUTF8 { utf8 in
            MessageMapping.collapseWhiteSpace(utf8, jsonEscapes: true) { appendUnescaped($0) } space: {
                appendUnescaped(UInt8(ascii: " "))
            } escape: { appendEscaped($0) }
        }
        if scalars > MessageMapping.previewLength {
            rewind(to: start)
            string(MessageMapping.preview(text))
        } else {
            endString()
        }
    }
}
