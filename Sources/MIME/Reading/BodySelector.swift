/// Chooses the bodies a mail client would show and lists the rest as attachments.
///
/// - multipart/alternative: the last text/plain and the last text/html alternative win (RFC 2046
///   orders alternatives from plainest to richest); an alternative may itself be multipart/related.
/// - multipart/related: the root (the `start` Content-ID, else the first part) is the body; the
///   other parts are inline resources.
/// - multipart/mixed and the rest (signed, report …): the first inline text/plain and the first
///   inline text/html become the bodies; later parts are attachments.
/// - message/rfc822 is never descended into: it is one attachment named after its subject.
/// - Only HTML? The text body is derived from it.
enum BodySelector {
    static func select(from root: MIMEPart) -> MessageContent {
        var chosen = Chosen()
        choose(root, into: &chosen)
        var attachments: [MIMEAttachment] = []
        collectAttachments(root, chosen: chosen, relatedResources: false, into: &attachments)
        let text = chosen.text.map(\.text) ?? chosen.html.map { HTMLToText.convert($0.text) }
        return MessageContent(text: text, html: chosen.html?.text, attachments: attachments)
    }

    struct Chosen {
        var text: MIMEPart?
        var html: MIMEPart?
        var sections: Set<String> { Set([text?.section, html?.section].compactMap { $0 }) }
    }

    private static func isBodyCandidate(_ part: MIMEPart) -> Bool {
        guard part.contentType.type == "text", part.children.isEmpty else { return false }
        if part.disposition?.isAttachment == true { return false }
        let subtype = part.contentType.subtype
        return subtype == "plain" || subtype == "html"
    }

    private static func choose(_ part: MIMEPart, into chosen: inout Chosen) {
        if part.children.isEmpty {
            guard isBodyCandidate(part) else { return }
            if part.contentType.subtype == "plain", chosen.text == nil { chosen.text = part }
            if part.contentType.subtype == "html", chosen.html == nil { chosen.html = part }
            return
        }
        switch part.contentType.subtype {
        case "alternative":
            var text: MIMEPart?
            var html: MIMEPart?
            for child in part.children {
                var inner = Chosen()
                choose(child, into: &inner)
                if let found = inner.text { text = found }
                if let found = inner.html { html = found }
            }
            if chosen.text == nil { chosen.text = text }
            if chosen.html == nil { chosen.html = html }
        case "related":
            if let root = relatedRoot(part) { choose(root, into: &chosen) }
        default:
            for child in part.children {
                // A later inline text part after the first body is shown as an attachment.
                if child.children.isEmpty, chosen.text != nil || chosen.html != nil { break }
                choose(child, into: &chosen)
            }
        }
    }

    private static func relatedRoot(_ part: MIMEPart) -> MIMEPart? {
        if let start = part.contentType.parameters["start"] {
            let wanted = start.trimmingCharacters(in: "<> ")
            if let match = part.children.first(where: { $0.contentID == wanted }) { return match }
        }
        return part.children.first
    }

    private static func collectAttachments(_ part: MIMEPart, chosen: Chosen, relatedResources: Bool,
                                           into result: inout [MIMEAttachment]) {
        if !part.children.isEmpty {
            let subtype = part.contentType.subtype
            for child in part.children {
                // Leaves directly under multipart/alternative are renderings of the same content
                // (text/enriched, a second text/plain …), never files.
                if subtype == "alternative", child.children.isEmpty, child.filename == nil { continue }
                collectAttachments(child, chosen: chosen, relatedResources: subtype == "related", into: &result)
            }
            return
        }
        if chosen.sections.contains(part.section) { return }
        result.append(attachment(for: part, relatedResource: relatedResources))
    }

    static func attachment(for part: MIMEPart, relatedResource: Bool) -> MIMEAttachment {
        var name = part.filename
        if name == nil, part.contentType.isEncapsulatedMessage {
            let subject = part.message?.subject?.trimmingASCIIWhitespace ?? ""
            name = (subject.isEmpty ? "forwarded message" : FilenameSanitizer.sanitize(subject)) + ".eml"
        }
        // Inline: declared so, or (undeclared) a Content-ID'd resource the HTML references.
        let inline = part.disposition.map(\.isInline) ?? (part.contentID != nil || relatedResource)
        return MIMEAttachment(
            section: part.section,
            filename: name ?? FilenameSanitizer.fallbackName(for: part),
            contentType: part.contentType.mimeType,
            size: part.decodedSize,
            isInline: inline,
            contentID: part.contentID,
            transferEncoding: part.transferEncoding,
            charset: part.contentType.charset)
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var view = Substring(self)
        while let first = view.first, characters.contains(first) { view = view.dropFirst() }
        while let last = view.last, characters.contains(last) { view = view.dropLast() }
        return String(view)
    }
}
