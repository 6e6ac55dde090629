import MIME

/// The bodies of an outgoing message as they will be built: the HTML sanitized again
/// (`OutgoingHTMLSanitizer`), its `data:` images turned into inline parts, the text/plain
/// alternative made from it when the client sent none (`HTMLPlainText`), and each inline image
/// kept inline only when the HTML references its Content-ID (else it goes as an ordinary
/// attachment: nothing is lost, and no reader shows an image nobody placed).
/// The work is linear but may be megabytes: it runs on the blocking pool (`OffLoopWork`).
struct OutgoingHTMLBody: Sendable {
    var html: String?
    var text: String?
    var attachments: [MessageBuilder.Attachment]

    static func prepare(html: String?, text: String?, attachments: [MessageBuilder.Attachment],
                        contentIDDomain: String) async throws(MailStoreError) -> OutgoingHTMLBody {
        guard let html else {
            return OutgoingHTMLBody(html: nil, text: text, attachments: attachments.map(Self.asAttachment))
        }
        return try await OffLoopWork.run {
            make(html: html, text: text, attachments: attachments, contentIDDomain: contentIDDomain)
        }
    }

    static func make(html: String, text: String?, attachments: [MessageBuilder.Attachment], contentIDDomain: String) -> OutgoingHTMLBody {
        let sanitized = OutgoingHTMLSanitizer.sanitize(html, contentIDDomain: contentIDDomain)
        var parts = attachments.map { attachment in
            attachment.contentID.map { sanitized.referencedContentIDs.contains($0) } == true ? attachment : asAttachment(attachment)
        }
        for (index, image) in sanitized.dataImages.enumerated() {
            let subtype = image.contentType.split(separator: "/").last.map(String.init) ?? "png"
            let ext = subtype == "jpeg" ? "jpg" : subtype.split(separator: "+").first.map(String.init) ?? subtype
            parts.append(.init(filename: "image\(index + 1).\(ext)", contentType: image.contentType, data: image.data, contentID: image.contentID))
        }
        return OutgoingHTMLBody(html: sanitized.html, text: text ?? HTMLPlainText.render(sanitized.html), attachments: parts)
    }

    private static func asAttachment(_ attachment: MessageBuilder.Attachment) -> MessageBuilder.Attachment {
        var plain = attachment
        plain.contentID = nil
        return plain
    }
}
