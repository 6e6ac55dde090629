/// One piece of an HTML text, as `HTMLTokenizer` reads it.
enum HTMLToken: Equatable, Sendable {
    /// Text between tags, character references decoded (in `<script>`/`<style>`/`<textarea>`/
    /// `<title>`: their raw content).
    case text(String)
    case startTag(HTMLTag)
    /// A closing tag's lowercased name.
    case endTag(String)
    /// A comment, a doctype, an Office conditional comment (`<![if !supportLists]>`): no content.
    case comment
}

/// A start tag: its lowercased name and attributes (lowercased names, decoded values, in order;
/// a repeated attribute keeps its first value, as browsers do).
struct HTMLTag: Equatable, Sendable {
    var name: String
    var attributes: [(name: String, value: String)]
    var selfClosing: Bool

    func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }

    static func == (lhs: HTMLTag, rhs: HTMLTag) -> Bool {
        lhs.name == rhs.name && lhs.selfClosing == rhs.selfClosing
            && lhs.attributes.map(\.name) == rhs.attributes.map(\.name) && lhs.attributes.map(\.value) == rhs.attributes.map(\.value)
    }
}

/// A forgiving HTML tokenizer for mail: one pass over the UTF-8 bytes, linear in the input
/// whatever it holds (an unclosed `<`, comment or quote ends at the end of the text instead of
/// being searched for again at each later byte). Not a tree builder: the sanitizer and the
/// plain-text renderer keep their own small stacks.
struct HTMLTokenizer {
    /// Elements whose content is raw text up to their closing tag.
    static let rawTextElements: Set<String> = ["script", "style", "textarea", "title", "xmp", "noscript", "iframe", "noembed", "noframes"]

    static func tokens(_ html: String) -> [HTMLToken] {
        let bytes = Array(html.utf8)
        var tokens: [HTMLToken] = []
        var index = 0
        var textStart = 0
        let count = bytes.count

        func flushText(_ end: Int) {
            if end > textStart {
                let raw = String(decoding: bytes[textStart..<end], as: UTF8.self)
                tokens.append(.text(HTMLEntities.decodeAll(raw[...])))
            }
        }

        while index < count {
            guard let open = ByteSearch.firstIndex(of: UInt8(ascii: "<"), in: bytes[...], from: index), open + 1 < count else { break }
            index = open
            let next = bytes[index + 1]
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                flushText(index)
                if index + 3 < count, bytes[index + 2] == UInt8(ascii: "-"), bytes[index + 3] == UInt8(ascii: "-") {
                    index = Self.find(Array("-->".utf8), in: bytes, from: index + 4).map { $0 + 3 } ?? count
                } else {
                    index = Self.find([UInt8(ascii: ">")], in: bytes, from: index + 2).map { $0 + 1 } ?? count
                }
                tokens.append(.comment)
                textStart = index
                continue
            }
            let closing = next == UInt8(ascii: "/")
            let nameStart = index + (closing ? 2 : 1)
            guard nameStart < count, ASCII.isAlphanumeric(bytes[nameStart]), bytes[nameStart] > UInt8(ascii: "9") else { index += 1; continue }
            flushText(index)
            var cursor = nameStart
            while cursor < count, !Self.endsName(bytes[cursor]) { cursor += 1 }
            let name = String(decoding: bytes[nameStart..<cursor], as: UTF8.self).lowercased()
            if closing {
                cursor = Self.find([UInt8(ascii: ">")], in: bytes, from: cursor).map { $0 + 1 } ?? count
                tokens.append(.endTag(name))
                index = cursor
                textStart = index
                continue
            }
            var tag = HTMLTag(name: name, attributes: [], selfClosing: false)
            cursor = Self.readAttributes(bytes, from: cursor, into: &tag)
            tokens.append(.startTag(tag))
            index = cursor
            textStart = index
            if Self.rawTextElements.contains(name), !tag.selfClosing {
                let closeTag = Array("</\(name)".utf8)
                let end = Self.findCaseInsensitive(closeTag, in: bytes, from: index) ?? count
                if end > index { tokens.append(.text(String(decoding: bytes[index..<end], as: UTF8.self))) }
                index = end < count ? (Self.find([UInt8(ascii: ">")], in: bytes, from: end).map { $0 + 1 } ?? count) : count
                tokens.append(.endTag(name))
                textStart = index
            }
        }
        flushText(count)
        return tokens
    }

    private static func endsName(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || ASCII.isWhitespace(byte)
    }

    /// Reads attributes up to and past the tag's `>`; returns the index after it.
    private static func readAttributes(_ bytes: [UInt8], from start: Int, into tag: inout HTMLTag) -> Int {
        var cursor = start
        let count = bytes.count
        while cursor < count {
            let byte = bytes[cursor]
            if ASCII.isWhitespace(byte) { cursor += 1; continue }
            if byte == UInt8(ascii: ">") { return cursor + 1 }
            if byte == UInt8(ascii: "/") {
                if cursor + 1 < count, bytes[cursor + 1] == UInt8(ascii: ">") { tag.selfClosing = true; return cursor + 2 }
                cursor += 1
                continue
            }
            let nameStart = cursor
            while cursor < count, !ASCII.isWhitespace(bytes[cursor]), bytes[cursor] != UInt8(ascii: "="),
                  bytes[cursor] != UInt8(ascii: ">"), !(bytes[cursor] == UInt8(ascii: "/") && cursor > nameStart) {
                cursor += 1
            }
            let name = String(decoding: bytes[nameStart..<cursor], as: UTF8.self).lowercased()
            while cursor < count, ASCII.isWhitespace(bytes[cursor]) { cursor += 1 }
            var value = ""
            if cursor < count, bytes[cursor] == UInt8(ascii: "=") {
                cursor += 1
                while cursor < count, ASCII.isWhitespace(bytes[cursor]) { cursor += 1 }
                if cursor < count, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") {
                    let quote = bytes[cursor]
                    let valueEnd = find([quote], in: bytes, from: cursor + 1) ?? count
                    value = String(decoding: bytes[(cursor + 1)..<valueEnd], as: UTF8.self)
                    cursor = min(valueEnd + 1, count)
                } else {
                    let valueStart = cursor
                    while cursor < count, !ASCII.isWhitespace(bytes[cursor]), bytes[cursor] != UInt8(ascii: ">") { cursor += 1 }
                    value = String(decoding: bytes[valueStart..<cursor], as: UTF8.self)
                }
            }
            if !name.isEmpty, tag.attribute(name) == nil {
                tag.attributes.append((name, HTMLEntities.decodeAll(value[...])))
            }
        }
        return count
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        return ByteSearch.firstIndex(of: needle, in: bytes[...], from: start)
    }

    private static func findCaseInsensitive(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var cursor = start
        while let candidate = find([needle[0], needle[1]], in: bytes, from: cursor) {
            guard candidate + needle.count <= bytes.count else { return nil }
            if zip(bytes[candidate..<(candidate + needle.count)], needle).allSatisfy({ ASCII.lowercased($0) == $1 }) { return candidate }
            cursor = candidate + 1
        }
        return nil
    }
}
