/// Writes the MIME body tree of an outgoing message (the part after the top-level header
/// fields, starting with its Content-Type):
///
///     multipart/mixed                    (only with attachments or forwarded messages)
///     ├─ multipart/alternative           (only with both text and HTML)
///     │  ├─ text/plain
///     │  └─ multipart/related            (only with inline attachments that have a Content-ID)
///     │     ├─ text/html
///     │     └─ image/png  Content-ID …
///     ├─ application/pdf …               (attachments, base64)
///     └─ message/rfc822 …                (forwarded originals)
struct BodyTreeWriter {
    let text: String?
    let html: String?
    let attachments: [MessageBuilder.Attachment]
    let forwarded: [[UInt8]]

    private struct Entity {
        var headerLines: String
        var body: [UInt8]
        var children: [Entity] = []
        var multipartSubtype: String?
    }

    func write() -> [UInt8] {
        let inline = html == nil ? [] : attachments.filter { $0.contentID != nil }
        let files = html == nil ? attachments : attachments.filter { $0.contentID == nil }

        var htmlEntity = html.map { textEntity($0, subtype: "html") }
        if let htmlPart = htmlEntity, !inline.isEmpty {
            htmlEntity = multipart("related", [htmlPart] + inline.map { attachmentEntity($0, inline: true) })
        }
        let textEntityValue = text.map { textEntity($0, subtype: "plain") }
        var main: Entity
        switch (textEntityValue, htmlEntity) {
        case let (plain?, rich?): main = multipart("alternative", [plain, rich])
        case let (plain?, nil): main = plain
        case let (nil, rich?): main = rich
        case (nil, nil): main = textEntity("", subtype: "plain")
        }
        let extra = files.map { attachmentEntity($0, inline: false) } + forwarded.map(forwardedEntity)
        if !extra.isEmpty { main = multipart("mixed", [main] + extra) }
        return serialize(main)
    }

    private func multipart(_ subtype: String, _ children: [Entity]) -> Entity {
        Entity(headerLines: "", body: [], children: children, multipartSubtype: subtype)
    }

    private func textEntity(_ content: String, subtype: String) -> Entity {
        let normalized = Self.crlf(Array(content.utf8))
        let nonASCII = normalized.reduce(0) { $0 + ($1 >= 0x80 ? 1 : 0) }
        let encoding: TransferEncoding
        let body: [UInt8]
        if nonASCII == 0, Self.longestLine(normalized) <= 998 {
            encoding = .sevenBit
            body = normalized
        } else if nonASCII * 6 < normalized.count {
            encoding = .quotedPrintable
            body = QuotedPrintableEncoder.encode(normalized)
        } else {
            encoding = .base64
            body = Base64Encoder.encode(normalized)
        }
        let header = HeaderEncoder.field("Content-Type", units: ["text/\(subtype);", "charset=utf-8"])
            + "Content-Transfer-Encoding: \(encoding.name)\r\n"
        return Entity(headerLines: header, body: body)
    }

    private func attachmentEntity(_ attachment: MessageBuilder.Attachment, inline: Bool) -> Entity {
        let type = attachment.contentType.trimmingASCIIWhitespace.lowercased()
        var header = HeaderEncoder.field("Content-Type", units: HeaderEncoder.parameterUnits(
            type, [HeaderEncoder.legacyNameParameter(attachment.filename)]))
        header += HeaderEncoder.field("Content-Disposition", units: HeaderEncoder.parameterUnits(
            inline ? "inline" : "attachment", HeaderEncoder.filenameParameters("filename", attachment.filename).map { [$0] }))
        header += "Content-Transfer-Encoding: base64\r\n"
        if let contentID = attachment.contentID {
            header += "Content-ID: <\(contentID.trimmingCharacters(in: "<> "))>\r\n"
        }
        return Entity(headerLines: header, body: Base64Encoder.encode(attachment.data))
    }

    private func forwardedEntity(_ original: [UInt8]) -> Entity {
        let normalized = Self.crlf(original)
        let subject = MIMEMessage(normalized).subject?.trimmingASCIIWhitespace ?? ""
        let name = (subject.isEmpty ? "forwarded message" : FilenameSanitizer.sanitize(subject)) + ".eml"
        let eightBit = normalized.contains { $0 >= 0x80 }
        var header = HeaderEncoder.field("Content-Type", units: ["message/rfc822"])
        header += HeaderEncoder.field("Content-Disposition", units: HeaderEncoder.parameterUnits(
            "attachment", HeaderEncoder.filenameParameters("filename", name).map { [$0] }))
        header += "Content-Transfer-Encoding: \(eightBit ? "8bit" : "7bit")\r\n"
        return Entity(headerLines: header, body: normalized)
    }

    private func serialize(_ entity: Entity) -> [UInt8] {
        guard let subtype = entity.multipartSubtype else {
            return Array(entity.headerLines.utf8) + [ASCII.cr, ASCII.lf] + entity.body
        }
        let children = entity.children.map(serialize)
        var boundary = "=_zm_" + MessageBuilder.randomToken(12)
        while children.contains(where: { Self.contains($0, Array(boundary.utf8)) }) {
            boundary = "=_zm_" + MessageBuilder.randomToken(12)
        }
        var output = Array(HeaderEncoder.field("Content-Type", units: ["multipart/\(subtype);", "boundary=\"\(boundary)\""]).utf8)
        output += Array("\r\nThis is a multi-part message in MIME format.\r\n".utf8)
        for child in children {
            output += Array("\r\n--\(boundary)\r\n".utf8)
            output += child
        }
        output += Array("\r\n--\(boundary)--\r\n".utf8)
        return output
    }

    static func crlf(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(bytes.count + bytes.count / 40)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.cr {
                output.append(ASCII.cr); output.append(ASCII.lf)
                if index + 1 < bytes.count, bytes[index + 1] == ASCII.lf { index += 1 }
            } else if byte == ASCII.lf {
                output.append(ASCII.cr); output.append(ASCII.lf)
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    private static func longestLine(_ bytes: [UInt8]) -> Int {
        var longest = 0, current = 0
        for byte in bytes {
            if byte == ASCII.lf { longest = max(longest, current); current = 0 } else { current += 1 }
        }
        return max(longest, current)
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        ByteSearch.firstIndex(of: needle, in: haystack[...], from: 0) != nil
    }
}
