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
            subject: envelope?.subject.map { EncodedWords.decode($0.slice) } ?? "",
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
                 answered: flags.contains(.answered), draft: flags.contains(.draft), forwarded: flags.contains(.forwarded))
    }

    static func address(_ address: IMAP.Address) -> APIAddress? {
        guard let email = address.emailAddress else { return nil }
        return APIAddress(name: address.name.map { EncodedWords.decode($0.slice) } ?? "", email: email)
    }

    static func address(_ address: MIME.MailAddress) -> APIAddress {
        APIAddress(name: address.name, email: address.email)
    }

    /// See `BodyStructure.hasAttachmentParts`.
    static func hasAttachments(_ structure: BodyStructure) -> Bool { structure.hasAttachmentParts }

    /// The preview line: at most `previewLength` characters of the text, whitespace collapsed
    /// and trimmed.
    static func preview(_ text: String?) -> String {
        guard var text else { return "" }
        var scalars = 0
        let line = text.withUTF8 { utf8 -> String in
            // Collapsing never lengthens the text, and `previewLength + 1` scalars take at most
            // four bytes each.
            String(unsafeUninitializedCapacity: min(utf8.count, 4 * (previewLength + 1))) { output in
                var count = 0
                scalars = collapseWhiteSpace(utf8) { run in
                    _ = UnsafeMutableBufferPointer(rebasing: output[count...]).initialize(fromContentsOf: run)
                    count += run.count
                } space: {
                    output[count] = UInt8(ascii: " ")
                    count += 1
                }
                return count
            }
        }
        guard scalars > previewLength else { return line }
        return cut(line)
    }

    /// The preview's one pass over UTF-8 bytes (a list page makes 50–200 of these): runs of
    /// Unicode White_Space become one space, leading and trailing ones are dropped, and the text
    /// between them is passed to `run` in pieces as long as possible (copied whole, not byte by
    /// byte). It stops after `previewLength + 1` scalars and returns how many it passed on: a
    /// character has at least one scalar, so a text of at most `previewLength` scalars needs no
    /// cutting, and the scalar after the cut is all grapheme breaking needs to know whether the
    /// cut splits a character.
    ///
    /// With `jsonEscapes`, the bytes a JSON string must escape (quote, backslash, C0 controls)
    /// are not part of any run but passed to `escape`, so a JSON writer copies the runs as they
    /// are instead of scanning them a second time.
    @inline(__always)
    static func collapseWhiteSpace(
        _ utf8: UnsafeBufferPointer<UInt8>, jsonEscapes: Bool = false,
        run: (UnsafeBufferPointer<UInt8>) -> Void, space: () -> Void, escape: (UInt8) -> Void = { _ in }
    ) -> Int {
        var scalars = 0
        var pendingSpace = false
        var emitted = false
        var runStart = 0
        var index = 0
        while index < utf8.count {
            // Letters and lone spaces go eight bytes at a time while the cut is not near. A word
            // can end inside a character; its remaining bytes are stepped over below.
            if !pendingSpace, utf8.count &- index >= 8, scalars &+ 8 <= previewLength {
                let plain = PreviewWordScan.plainPrefix(utf8, at: index)
                if plain.bytes > 0 {
                    scalars &+= plain.scalars
                    index &+= plain.bytes
                    continue
                }
            }
            let lead = utf8[index]
            if lead & 0xC0 == 0x80 {
                index += 1
                continue
            }
            // A lone space between two characters is what the collapse would write there, so it
            // stays in the run: a preview is then copied in a few runs, not one per word.
            if lead == UInt8(ascii: " "), !pendingSpace, runStart < index || emitted, index + 1 < utf8.count,
                !mayStartWhiteSpace(utf8[index + 1])
            {
                scalars += 1
                index += 1
                continue
            }
            let width = mayStartWhiteSpace(lead) ? whiteSpaceWidth(utf8, at: index) : 0
            if width > 0 {
                if runStart < index {
                    run(UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    emitted = true
                }
                pendingSpace = emitted
                index += width
                runStart = index
                continue
            }
            if pendingSpace {
                space()
                scalars += 1
                pendingSpace = false
            }
            if scalars > previewLength { break }
            scalars += 1
            if jsonEscapes, lead < 0x20 || lead == UInt8(ascii: "\"") || lead == UInt8(ascii: "\\") {
                if runStart < index { run(UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                escape(lead)
                emitted = true
                index += 1
                runStart = index
                continue
            }
            // The bytes are valid UTF-8 (a Swift string's), so the lead byte gives the scalar's length.
            index += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        }
        if runStart < index { run(UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
        return scalars
    }

    /// A collapsed line of more than `previewLength` scalars, cut after `previewLength` scalars
    /// and moved back while the cut would split a character (a combining mark, an emoji
    /// sequence): Korean text, all precomposed syllables, never moves. Counting characters
    /// instead would run grapheme breaking over every preview.
    static func cut(_ line: String) -> String {
        var end = line.unicodeScalars.index(line.startIndex, offsetBy: previewLength)
        while end > line.startIndex, end.samePosition(in: line) == nil {
            end = line.unicodeScalars.index(before: end)
        }
        return String(line[..<end])
    }

    /// The most characters a preview line has.
    static let previewLength = 200

    /// Only ASCII controls and space, and the lead bytes C2, E1, E2 and E3, can start a
    /// White_Space character; Hangul syllables (EA–ED) and printable ASCII never do.
    @inline(__always)
    static func mayStartWhiteSpace(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == 0xC2 || (byte >= 0xE1 && byte <= 0xE3)
    }

    /// The length of the White_Space character (Unicode's PropList.txt: U+0009–000D, 0020, 0085,
    /// 00A0, 1680, 2000–200A, 2028, 2029, 202F, 205F, 3000) starting at `index`, or 0.
    static func whiteSpaceWidth(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = utf8[index]
        if lead < 0x80 { return lead == 0x20 || (0x09...0x0D).contains(lead) ? 1 : 0 }
        guard lead == 0xC2 || lead == 0xE1 || lead == 0xE2 || lead == 0xE3, index + 1 < utf8.count else { return 0 }
        let second = utf8[index + 1]
        if lead == 0xC2 { return second == 0x85 || second == 0xA0 ? 2 : 0 }
        guard index + 2 < utf8.count else { return 0 }
        let third = utf8[index + 2]
        switch (lead, second) {
        case (0xE1, 0x9A): return third == 0x80 ? 3 : 0
        case (0xE2, 0x80): return (0x80...0x8A).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF ? 3 : 0
        case (0xE2, 0x81): return third == 0x9F ? 3 : 0
        case (0xE3, 0x80): return third == 0x80 ? 3 : 0
        default: return 0
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
        var message = APIMessage(
            summary: summary, cc: parsed.cc.map(address), replyTo: parsed.replyTo.map(address),
            messageID: parsed.messageID, inReplyTo: parsed.inReplyTo, references: parsed.references,
            text: content.text, html: content.html, attachments: attachments)
        message.unparsedRecipients = parsed.unparsedRecipients
        return message
    }
}
