import Foundation

/// The HTML of a message about to be sent or stored, rebuilt from an allow-list (the client
/// cleaned it with DOMPurify already; the server does not rely on that).
///
/// Kept: text formatting (b, i, u, s, font, span, sub/sup …), blocks (p, div, headings,
/// blockquote, pre, hr, lists), tables with their layout attributes (width, height, border,
/// cellpadding/-spacing, bgcolor, align, valign, colspan/rowspan), links (http, https, mailto,
/// tel, `#anchor`), images (`cid:`, http, https; `data:` images become `cid:` parts), and
/// `style` attributes whose declarations are plain properties (colours, fonts, widths, borders,
/// margins, padding, alignment).
/// Dropped: `<script>`, `<style>`, `<link>`, `<meta>`, `<base>`, forms and their controls,
/// iframes, objects, embeds, media, svg/math (with their content); `on*` handlers and every
/// attribute not on the list; URLs of any other scheme (`javascript:`, `vbscript:`, `file:` …);
/// CSS declarations with `url(`, `expression(`, `@import`, escapes, `behavior`, `-moz-binding`,
/// `position` or Word's `mso-` noise; comments (Office conditional comments too).
/// The result is balanced (every open element closed) and wrapped in a UTF-8 document.
public enum OutgoingHTMLSanitizer {
    public struct Result: Sendable {
        /// The document to send as text/html.
        public var html: String
        /// Every `cid:` the images reference (as written, without `cid:`), `data:` ones included.
        public var referencedContentIDs: Set<String>
        /// Images that were `data:` URIs, now referenced by their new Content-ID.
        public var dataImages: [DataImage]
    }

    public struct DataImage: Sendable, Equatable {
        public var contentID: String
        public var contentType: String
        public var data: [UInt8]
    }

    /// Elements dropped together with everything inside them.
    static let droppedWithContent: Set<String> = [
        "script", "style", "title", "head", "template", "iframe", "object", "embed", "applet", "noscript", "noembed",
        "noframes", "frameset", "frame", "textarea", "select", "option", "optgroup", "button", "svg", "math", "audio",
        "video", "canvas", "datalist", "xmp", "plaintext",
    ]

    static let allowedElements: Set<String> = [
        "a", "abbr", "address", "article", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "center", "cite",
        "code", "col", "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "font", "footer",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
        "rp", "rt", "ruby", "s", "samp", "section", "small", "span", "strike", "strong", "sub", "sup", "table", "tbody",
        "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "wbr",
    ]

    static let voidElements: Set<String> = ["br", "hr", "img", "col", "wbr"]

    static let allowedAttributes: Set<String> = [
        "style", "title", "dir", "lang", "align", "valign", "width", "height", "bgcolor", "color", "face", "size",
        "border", "bordercolor", "cellpadding", "cellspacing", "colspan", "rowspan", "nowrap", "start", "type", "alt",
        "href", "src", "span", "datetime", "cite", "reversed", "scope", "headers", "abbr",
    ]

    /// Elements open at once; deeper ones are dropped (their text kept), so output stays bounded.
    static let maximumDepth = 256

    /// `contentIDDomain`: the right-hand side of the Content-IDs given to `data:` images.
    public static func sanitize(_ html: String, contentIDDomain: String) -> Result {
        var output = ""
        output.reserveCapacity(html.utf8.count)
        var open: [String] = []
        var skipping: String?
        var referenced = Set<String>()
        var dataImages: [DataImage] = []
        let nonce = MessageBuilder.randomToken(6)

        for token in HTMLTokenizer.tokens(html) {
            if let waiting = skipping {
                if case .endTag(let name) = token, name == waiting { skipping = nil }
                if waiting == "head", case .startTag(let tag) = token, tag.name == "body" { skipping = nil }
                continue
            }
            switch token {
            case .comment: continue
            case .text(let text): output += HTMLEntities.escape(text)
            case .startTag(let tag):
                if droppedWithContent.contains(tag.name) {
                    if !tag.selfClosing { skipping = tag.name }
                    continue
                }
                guard allowedElements.contains(tag.name), open.count < maximumDepth else { continue }
                output += "<" + tag.name
                for (name, value) in tag.attributes {
                    guard let kept = attributeValue(name, value, element: tag.name) else { continue }
                    var final = kept
                    if tag.name == "img", name == "src" {
                        if kept.lowercased().hasPrefix("data:") {
                            guard let image = dataImage(kept, number: dataImages.count + 1, nonce: nonce, domain: contentIDDomain) else { continue }
                            dataImages.append(image)
                            final = "cid:" + image.contentID
                        }
                        if final.lowercased().hasPrefix("cid:") { referenced.insert(String(final.dropFirst(4))) }
                    }
                    output += " \(name)=\"\(HTMLEntities.escape(final))\""
                }
                output += ">"
                if !voidElements.contains(tag.name) { open.append(tag.name) }
            case .endTag(let name):
                guard let index = open.lastIndex(of: name) else { continue }
                for closing in open[index...].reversed() { output += "</\(closing)>" }
                open.removeSubrange(index...)
            }
        }
        for closing in open.reversed() { output += "</\(closing)>" }
        let document = "<!DOCTYPE html>\r\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body>"
            + output + "</body></html>"
        return Result(html: document, referencedContentIDs: referenced, dataImages: dataImages)
    }

    /// The value to keep, or nil to drop the attribute.
    static func attributeValue(_ name: String, _ value: String, element: String) -> String? {
        guard allowedAttributes.contains(name) else { return nil }
        switch name {
        case "href": return element == "a" && isAllowedLink(value) ? value.trimmingCharacters(in: .whitespacesAndNewlines) : nil
        case "src": return element == "img" && isAllowedImageSource(value) ? value.trimmingCharacters(in: .whitespacesAndNewlines) : nil
        case "cite": return isAllowedLink(value) ? value : nil
        case "style":
            let style = sanitizedStyle(value)
            return style.isEmpty ? nil : style
        case "alt", "title", "abbr": return value
        default:
            // Layout attributes are short words and numbers; anything with markup or a URL is not one.
            return value.utf8.count <= 200 && !value.contains("(") ? value : nil
        }
    }

    /// What a browser would read as the scheme: control characters and whitespace removed
    /// (`java\tscript:` is `javascript:` to it), lowercased.
    static func normalizedScheme(_ url: String) -> String {
        String(String.UnicodeScalarView(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }).prefix(16)).lowercased()
    }

    static func isAllowedLink(_ url: String) -> Bool {
        let start = normalizedScheme(url)
        if start.hasPrefix("#") { return true }
        return ["http://", "https://", "mailto:", "tel:"].contains { start.hasPrefix($0) }
    }

    static func isAllowedImageSource(_ url: String) -> Bool {
        let start = normalizedScheme(url)
        return ["cid:", "http://", "https://", "data:image/"].contains { start.hasPrefix($0) }
    }

    /// CSS properties never kept: script bindings, overlays (a fake login box drawn over the mail), Word noise.
    static let forbiddenProperties: Set<String> = ["behavior", "-moz-binding", "position", "z-index", "content", "cursor"]

    /// The declarations of a `style` attribute that are plain properties with harmless values.
    static func sanitizedStyle(_ style: String) -> String {
        var kept: [String] = []
        for declaration in style.split(separator: ";") {
            guard let colon = declaration.firstIndex(of: ":") else { continue }
            let property = declaration[..<colon].trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            let value = declaration[declaration.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            guard !property.isEmpty, property.utf8.allSatisfy({ ASCII.isAlphanumeric($0) || $0 == UInt8(ascii: "-") }),
                  !forbiddenProperties.contains(property), !property.hasPrefix("mso-"), !value.isEmpty else { continue }
            let squeezed = String(value.lowercased().unicodeScalars.filter { $0.value > 0x20 })
            if ["url(", "expression", "javascript:", "vbscript:", "@import", "\\", "<", ">", "image-set(", "image("].contains(where: squeezed.contains) { continue }
            kept.append("\(property): \(value)")
        }
        return kept.joined(separator: "; ")
    }

    /// A `data:image/…;base64,…` URI as an inline part, or nil when it is not a decodable image.
    static func dataImage(_ uri: String, number: Int, nonce: String, domain: String) -> DataImage? {
        guard let comma = uri.firstIndex(of: ",") else { return nil }
        let header = uri[uri.index(uri.startIndex, offsetBy: 5)..<comma].lowercased()
        let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let type = parts.first, type.hasPrefix("image/"), parts.contains("base64"),
              type.utf8.allSatisfy({ ASCII.isAlphanumeric($0) || "/+.-".utf8.contains($0) }),
              let data = Data(base64Encoded: String(uri[uri.index(after: comma)...]), options: .ignoreUnknownCharacters), !data.isEmpty else {
            return nil
        }
        return DataImage(contentID: "image\(number).\(nonce)@\(domain)", contentType: type, data: Array(data))
    }
}
