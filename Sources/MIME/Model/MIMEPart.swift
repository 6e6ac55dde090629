/// One entity of the MIME tree: a leaf body, a multipart container, or a message/rfc822 part
/// holding a nested `MIMEMessage`.
///
/// `section` is the part's IMAP section number (RFC 3501 §6.4.5): `"1"`, `"2.1"` … for parts,
/// `"TEXT"` / `"2.TEXT"` for the multipart body of a (nested) message. `BODY[<section>]` fetches
/// exactly this part's encoded body, which `TransferDecoder` turns into bytes while streaming.
///
/// The body is a slice of the parsed message's buffer: parsing copies no part bodies.
public struct MIMEPart: Sendable {
    public let section: String
    public let header: MIMEHeader
    public let contentType: ContentType
    public let disposition: ContentDisposition?
    public let transferEncoding: TransferEncoding
    /// The encoded body bytes as they appear in the message (for a multipart: everything
    /// between the header block and the end of the part).
    public let body: ArraySlice<UInt8>
    public let children: [MIMEPart]
    public let preamble: ArraySlice<UInt8>?
    public let epilogue: ArraySlice<UInt8>?
    /// True when a limit (depth, part count, header size) cut this part or a multipart had no
    /// close delimiter is *not* a truncation; see `MIMELimits`.
    public let isTruncated: Bool
    private let nested: NestedMessage?

    init(section: String, header: MIMEHeader, contentType: ContentType, body: ArraySlice<UInt8>,
         children: [MIMEPart] = [], preamble: ArraySlice<UInt8>? = nil, epilogue: ArraySlice<UInt8>? = nil,
         message: MIMEMessage? = nil, isTruncated: Bool = false) {
        self.section = section
        self.header = header
        self.contentType = contentType
        self.disposition = header.rawValue("Content-Disposition").map { ContentDisposition(parsing: $0) }
        self.transferEncoding = TransferEncoding(header.first("Content-Transfer-Encoding").map {
            String(decoding: $0.rawValue, as: UTF8.self)
        })
        self.body = body
        self.children = children
        self.preamble = preamble
        self.epilogue = epilogue
        self.nested = message.map(NestedMessage.init)
        self.isTruncated = isTruncated
    }

    /// The nested message of a message/rfc822 part.
    public var message: MIMEMessage? { nested?.message }

    public var isMultipart: Bool { contentType.isMultipart && !children.isEmpty }

    /// The body with its Content-Transfer-Encoding removed.
    public var decodedBody: [UInt8] { TransferDecoder.decode(body, encoding: transferEncoding) }

    /// Size of the decoded body, computed without keeping the decoded bytes.
    public var decodedSize: Int {
        switch transferEncoding {
        case .base64:
            var decoder = Base64StreamDecoder()
            var total = 0
            var scratch = [UInt8]()
            scratch.reserveCapacity(48 * 1024)
            var start = body.startIndex
            while start < body.endIndex {
                let end = min(start + 64 * 1024, body.endIndex)
                scratch.removeAll(keepingCapacity: true)
                decoder.decode(body[start..<end], into: &scratch)
                total += scratch.count
                start = end
            }
            return total + decoder.finish().count
        case .quotedPrintable:
            return decodedBody.count
        default:
            return body.count
        }
    }

    /// The decoded body as text: the declared charset (with the aliases of `CharsetDecoder`),
    /// an HTML `<meta charset>` when the header names none, else detection.
    public var text: String {
        let bytes = decodedBody
        var charset = contentType.charset
        if charset == nil, contentType.subtype == "html" {
            charset = HTMLCharsetSniffer.charset(in: bytes)
        }
        return CharsetDecoder.decode(bytes, charset: charset)
    }

    /// The decoded filename: Content-Disposition `filename` (RFC 2231 or encoded words), else
    /// the Content-Type `name` parameter.
    public var filename: String? {
        let candidates = [disposition?.filename, contentType.name]
        for case let name? in candidates {
            let trimmed = name.trimmingASCIIWhitespace
            if !trimmed.isEmpty { return trimmed }
        }
        return nil
    }

    /// Content-ID without angle brackets (what `cid:` URLs reference).
    public var contentID: String? {
        guard let raw = header["Content-ID"]?.trimmingASCIIWhitespace, !raw.isEmpty else { return nil }
        var value = Substring(raw)
        if value.hasPrefix("<") { value = value.dropFirst() }
        if value.hasSuffix(">") { value = value.dropLast() }
        return String(value)
    }

    /// This part and every part below it, depth first, descending into nested messages.
    public var allParts: [MIMEPart] {
        var result: [MIMEPart] = []
        collect(into: &result)
        return result
    }

    private func collect(into result: inout [MIMEPart]) {
        result.append(self)
        for child in children { child.collect(into: &result) }
        if let message { message.root.collect(into: &result) }
    }
}

/// Indirection so a part can hold a message that holds parts.
final class NestedMessage: Sendable {
    let message: MIMEMessage
    init(_ message: MIMEMessage) { self.message = message }
}
