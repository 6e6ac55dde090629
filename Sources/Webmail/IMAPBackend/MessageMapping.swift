import Foundation
import IMAP
import MIME

/// IMAP and MIME values → the API's JSON shapes. Header text (subjects, names) is decoded from
/// RFC 2047 and legacy charsets by the MIME module.
enum MessageMapping {
    static func summary(_ summary: IMAP.MessageSummary) -> APIMessageSummary {
        let envelope = summary.envelope
        let date = envelope?.date.flatMap { MailDate.parse($0.lossyString) } ?? summary.internalDate?.date
        return APIMessageSummary(
            uid: summary.uid,
            subject: envelope?.subject.map { EncodedWords.decode($0.bytes) } ?? "",
            from: envelope?.from.compactMap(address).first,
            to: envelope?.to.compactMap(address) ?? [],
            date: date,
            flags: flags(summary.flags),
            size: Int(summary.size),
            hasAttachments: summary.bodyStructure.map(hasAttachments) ?? false,
            // The server's RFC 8970 preview comes with the page FETCH (no extra round trip).
            preview: preview(summary.preview))
    }

    static func flags(_ flags: [Flag]) -> APIFlags {
        APIFlags(seen: flags.contains(.seen), flagged: flags.contains(.flagged),
                 answered: flags.contains(.answered), draft: flags.contains(.draft))
    }

    static func address(_ address: IMAP.Address) -> APIAddress? {
        guard let email = address.emailAddress else { return nil }
        return APIAddress(name: address.name.map { EncodedWords.decode($0.bytes) } ?? "", email: email)
    }

    static func address(_ address: MIME.MailAddress) -> APIAddress {
        APIAddress(name: address.name, email: address.email)
    }

    /// A part counts as an attachment when it says so, or when it is neither text nor multipart
    /// nor a related inline resource.
    static func hasAttachments(_ structure: BodyStructure) -> Bool {
        structure.parts().contains { _, part in
            if part.disposition?.type.lowercased() == "attachment" { return true }
            let type = part.type.lowercased()
            return type != "text" && type != "multipart" && part.id == nil && part.disposition?.type.lowercased() != "inline"
        }
    }

    /// The preview line: at most 200 characters of the text, whitespace collapsed and trimmed.
    static func preview(_ text: String?) -> String {
        guard let text else { return "" }
        // One pass over the scalars into UTF-8 bytes (no array of words, no per-scalar property
        // lookup: Unicode's White_Space set is small and fixed). A list page makes 50–200 of these.
        var collapsed: [UInt8] = []
        collapsed.reserveCapacity(min(text.utf8.count, 1024))
        var pendingSpace = false
        var scalars = 0
        for scalar in text.unicodeScalars {
            if isWhiteSpace(scalar) {
                pendingSpace = !collapsed.isEmpty
                continue
            }
            if pendingSpace { collapsed.append(UInt8(ascii: " ")); scalars += 1 }
            pendingSpace = false
            UTF8.encode(scalar) { collapsed.append($0) }
            scalars += 1
            // A character may be several scalars: 800 leaves room, the cut below is by character.
            if scalars > 800 { break }
        }
        let line = String(decoding: collapsed, as: UTF8.self)
        return scalars <= 200 ? line : String(line.prefix(200))
    }

    /// Unicode's White_Space property (PropList.txt), without the general property lookup.
    static func isWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    static func message(_ listItem: APIMessageSummary, _ parsed: MIMEMessage) -> APIMessage {
        let content = parsed.content
        var summary = listItem
        summary.preview = preview(content.text)
        if summary.subject.isEmpty, let subject = parsed.subject { summary.subject = subject }
        let attachments = content.attachments.map { attachment in
            APIAttachment(part: attachment.section, filename: attachment.filename, contentType: attachment.contentType,
                          size: attachment.size, inline: attachment.isInline, contentID: attachment.contentID)
        }
        return APIMessage(
            summary: summary, cc: parsed.cc.map(address), replyTo: parsed.replyTo.map(address),
            messageID: parsed.messageID, inReplyTo: parsed.inReplyTo, references: parsed.references,
            text: content.text, html: content.html, attachments: attachments)
    }
}
