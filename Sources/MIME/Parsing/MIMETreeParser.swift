/// Builds the `MIMEPart` tree of a message from bytes, within `MIMELimits`.
///
/// Section numbers follow IMAP (RFC 3501 §6.4.5): children of the top-level multipart are
/// "1", "2" …; a non-multipart top-level body is "1"; the parts of a message/rfc822 at "2" are
/// "2.1", "2.2" … (a non-multipart nested body is "2.1"); a multipart at "3" has "3.1" ….
final class MIMETreeParser {
    private let bytes: [UInt8]
    private let limits: MIMELimits
    /// Entities below the top-level message parsed so far (the message itself does not count).
    private var partCount = -1
    private(set) var truncated = false

    init(bytes: [UInt8], limits: MIMELimits) {
        self.bytes = bytes
        self.limits = limits
    }

    func parseMessage() -> MIMEMessage {
        let root = parseEntity(bytes.startIndex..<bytes.endIndex, leafSection: "1", multipartSection: "TEXT",
                               childPrefix: "", depth: 0, defaultType: .textPlain)
        return MIMEMessage(root: root, isTruncated: truncated)
    }

    private func childSection(_ prefix: String, _ number: Int) -> String {
        prefix.isEmpty ? "\(number)" : "\(prefix).\(number)"
    }

    private func parseEntity(_ range: Range<Int>, leafSection: String, multipartSection: String,
                             childPrefix: String, depth: Int, defaultType: ContentType) -> MIMEPart {
        partCount += 1
        let slice = bytes[range]
        let headerBlock = HeaderBlockParser.parse(slice, maxHeaderBytes: limits.maxHeaderBytes)
        var partTruncated = headerBlock.truncated
        let header = headerBlock.header
        let contentType = header.rawValue("Content-Type").flatMap { ContentType(parsing: $0) } ?? defaultType
        let bodyRange = min(headerBlock.bodyStart, range.upperBound)..<range.upperBound
        let body = bytes[bodyRange]

        if contentType.isMultipart, let boundary = contentType.boundary, !boundary.isEmpty {
            if depth >= limits.maxDepth || partCount >= limits.maxParts {
                truncated = true
                return MIMEPart(section: multipartSection, header: header, contentType: contentType, body: body,
                                isTruncated: true)
            }
            if let split = MultipartSplitter.split(body, boundary: boundary, maxParts: limits.maxParts) {
                let childDefault: ContentType = contentType.subtype == "digest" ? .messageRFC822 : .textPlain
                var children: [MIMEPart] = []
                children.reserveCapacity(split.parts.count)
                for (offset, partRange) in split.parts.enumerated() {
                    if partCount >= limits.maxParts {
                        partTruncated = true
                        truncated = true
                        break
                    }
                    let section = childSection(childPrefix, offset + 1)
                    children.append(parseEntity(partRange, leafSection: section, multipartSection: section,
                                                childPrefix: section, depth: depth + 1, defaultType: childDefault))
                }
                if partTruncated { truncated = true }
                return MIMEPart(section: multipartSection, header: header, contentType: contentType, body: body,
                                children: children, preamble: bytes[split.preamble],
                                epilogue: split.epilogue.map { bytes[$0] }, isTruncated: partTruncated)
            }
        }

        var nested: MIMEMessage?
        let encoding = TransferEncoding(header.first("Content-Transfer-Encoding").map { String(decoding: $0.rawValue, as: UTF8.self) })
        if contentType.isEncapsulatedMessage, encoding != .base64, encoding != .quotedPrintable {
            if depth >= limits.maxDepth || partCount >= limits.maxParts {
                partTruncated = true
            } else {
                let section = leafSection
                let root = parseEntity(bodyRange, leafSection: childSection(section, 1),
                                       multipartSection: "\(section).TEXT", childPrefix: section,
                                       depth: depth + 1, defaultType: .textPlain)
                nested = MIMEMessage(root: root, isTruncated: false)
            }
        }
        if partTruncated { truncated = true }
        // A multipart without usable delimiters is still a multipart to an IMAP server: its
        // body is fetched as TEXT (top level), not as part 1.
        let section = contentType.isMultipart ? multipartSection : leafSection
        return MIMEPart(section: section, header: header, contentType: contentType, body: body,
                        message: nested, isTruncated: partTruncated)
    }
}
