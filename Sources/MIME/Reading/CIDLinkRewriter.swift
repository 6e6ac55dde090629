/// Rewrites RFC 2392 `cid:` URLs in an HTML body to the URLs of the parts they name, in one pass
/// over the HTML whatever the number of parts: a table of the message's Content-IDs is built
/// once, every `cid:` (any case) is found by one scan, and the id after it is looked up.
///
/// A hostile message may have 10,000 parts and megabytes of HTML (`MIMELimits`); replacing each
/// id across the whole text in turn took minutes there. The work here is linear in the HTML's
/// size, and bounded besides: at most `maximumLinks` parts are put in the table, at most
/// `maximumRewrites` references are replaced, and HTML over `maximumHTMLBytes` is left as it is
/// (the reader then sees broken inline images, never a stalled server).
///
/// What counts as the id: the bytes after `cid:` up to the first byte that ends a URL in an
/// HTML attribute or a CSS `url(…)` — white space, quotes, parentheses, angle brackets, `\`,
/// `&` (an entity such as `&quot;`), or `cid:<id>` with the header's brackets — compared with the Content-IDs without their `<>` and
/// ignoring ASCII case (as this was done before). A percent-encoded id (RFC 2392 says ids in
/// URLs are percent-encoded; Korean ids often are) matches too. The whole token must match, so
/// an id that is a prefix of another never rewrites part of the longer one, and `cid:` right
/// after a letter or digit (`acid:`) is not a URL.
public struct CIDLinkRewriter: Sendable {
    /// Parts put in the table; later ones stay `cid:` links.
    public static let maximumLinks = 10_000
    /// References replaced in one document; later ones stay `cid:` links.
    public static let maximumRewrites = 20_000
    /// Larger HTML is returned unchanged.
    public static let maximumHTMLBytes = 8 * 1024 * 1024

    /// ASCII-lowercased Content-ID (without `<>`) → the URL it becomes.
    private var urls: [[UInt8]: [UInt8]] = [:]

    /// `links` are (Content-ID, URL) pairs in part order; when two parts share an id the first wins.
    public init(links: some Sequence<(contentID: String, url: String)>) {
        for (contentID, url) in links {
            guard urls.count < Self.maximumLinks else { break }
            let key = Self.key(ArraySlice(contentID.utf8))
            guard !key.isEmpty, urls[key] == nil else { continue }
            urls[key] = Array(url.utf8)
        }
    }

    /// True when no part has a usable Content-ID: `rewrite` would return its input.
    public var isEmpty: Bool { urls.isEmpty }

    public func rewrite(_ html: String) -> String {
        guard !urls.isEmpty, html.utf8.count <= Self.maximumHTMLBytes else { return html }
        var contiguous = html
        let output = contiguous.withUTF8 { rewrite($0) }
        return output.map { String(decoding: $0, as: UTF8.self) } ?? html
    }

    /// The rewritten bytes, or nil when nothing was replaced.
    private func rewrite(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        var copiedUpTo = 0
        var rewrites = 0
        var index = 0
        let end = input.count
        while index + 4 <= end, rewrites < Self.maximumRewrites {
            // `cid:` starts with c or C; the rest is compared only there.
            guard input[index] | 0x20 == UInt8(ascii: "c"), input[index + 1] | 0x20 == UInt8(ascii: "i"),
                input[index + 2] | 0x20 == UInt8(ascii: "d"), input[index + 3] == ASCII.colon,
                index == 0 || !Self.isLetterOrDigit(input[index - 1])
            else {
                index += 1
                continue
            }
            let idStart = index + 4
            // Some senders keep the header's brackets: `cid:<id>`.
            let bracketed = idStart < end && input[idStart] == ASCII.lessThan
            var idEnd = bracketed ? idStart + 1 : idStart
            while idEnd < end, !Self.endsID(input[idEnd]) { idEnd += 1 }
            let token = UnsafeBufferPointer(rebasing: input[(bracketed ? idStart + 1 : idStart)..<idEnd])
            if bracketed {
                guard idEnd < end, input[idEnd] == ASCII.greaterThan else {
                    index = idEnd
                    continue
                }
                idEnd += 1
            }
            if let url = lookUp(token) {
                if output.isEmpty { output.reserveCapacity(end + end / 8) }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: input[copiedUpTo..<index]))
                output.append(contentsOf: url)
                copiedUpTo = idEnd
                rewrites += 1
            }
            index = max(idEnd, index + 1)
        }
        guard rewrites > 0 else { return nil }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: input[copiedUpTo..<end]))
        return output
    }

    private func lookUp(_ token: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard !token.isEmpty else { return nil }
        if let url = urls[Self.key(ArraySlice(token))] { return url }
        guard token.contains(ASCII.percent), let decoded = Self.percentDecoded(token) else { return nil }
        return urls[Self.key(ArraySlice(decoded))]
    }

    /// The table's key for an id: without surrounding `<>` and white space, ASCII letters lowercased.
    private static func key(_ id: ArraySlice<UInt8>) -> [UInt8] {
        var lower = id.startIndex
        var upper = id.endIndex
        let trimmed: (UInt8) -> Bool = { ASCII.isWhitespace($0) || $0 == ASCII.lessThan || $0 == ASCII.greaterThan }
        while lower < upper, trimmed(id[lower]) { lower += 1 }
        while upper > lower, trimmed(id[upper - 1]) { upper -= 1 }
        return id[lower..<upper].map(ASCII.lowercased)
    }

    /// `%XX` escapes decoded; nil when one is malformed.
    private static func percentDecoded(_ token: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(token.count)
        var index = 0
        while index < token.count {
            let byte = token[index]
            if byte == ASCII.percent {
                guard index + 2 < token.count, let high = ASCII.hexValue(token[index + 1]), let low = ASCII.hexValue(token[index + 2])
                else { return nil }
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        return bytes
    }

    @inline(__always) private static func endsID(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x09, 0x0A, 0x0C, 0x0D, 0x20, ASCII.quote, ASCII.apostrophe, ASCII.openParen, ASCII.closeParen,
            ASCII.lessThan, ASCII.greaterThan, ASCII.backslash, UInt8(ascii: "&"):
            return true
        default:
            return false
        }
    }

    @inline(__always) private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        let folded = byte | 0x20
        return (folded >= UInt8(ascii: "a") && folded <= UInt8(ascii: "z")) || (byte >= 0x30 && byte <= 0x39)
    }
}
