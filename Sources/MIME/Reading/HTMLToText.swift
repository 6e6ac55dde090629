/// A plain-text rendering of an HTML body, for messages that only have HTML (list previews,
/// the `text` field of the API). Not a renderer: tags are dropped, block elements become line
/// breaks, `<script>`/`<style>`/`<head>` content is skipped, common entities are decoded.
enum HTMLToText {
    static func convert(_ html: String) -> String {
        var output = ""
        output.reserveCapacity(html.utf8.count / 2)
        let scalars = Array(html.unicodeScalars)
        var index = 0
        var skipUntil: String?
        var pendingSpace = false
        var unclosedTagSeen = false
        func emit(_ text: String) {
            if pendingSpace, !output.isEmpty, output.last != "\n", output.last != " " { output.append(" ") }
            pendingSpace = false
            output.append(text)
        }
        func newline() {
            while output.last == " " { output.removeLast() }
            if !output.hasSuffix("\n\n") { output.append("\n") }
            pendingSpace = false
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<", !unclosedTagSeen {
                var end = index + 1
                while end < scalars.count, scalars[end] != ">" { end += 1 }
                if end >= scalars.count {
                    // No ">" anywhere after: this and every later "<" is plain text (and we
                    // must not rescan to the end for each of them).
                    unclosedTagSeen = true
                    continue
                }
                var tag = String(String.UnicodeScalarView(scalars[(index + 1)..<min(end, scalars.count)])).lowercased()
                index = end + 1
                if tag.hasPrefix("!--") {
                    // Comments may contain ">": skip to "-->".
                    var close = index
                    while close + 2 < scalars.count, !(scalars[close] == "-" && scalars[close + 1] == "-" && scalars[close + 2] == ">") {
                        close += 1
                    }
                    if !tag.hasSuffix("--") { index = close + 3 }
                    continue
                }
                let isClosing = tag.hasPrefix("/")
                if isClosing { tag.removeFirst() }
                let name = String(tag.prefix { $0.isLetter || $0.isNumber })
                if let waiting = skipUntil {
                    if isClosing, name == waiting { skipUntil = nil }
                    continue
                }
                if !isClosing, ["script", "style", "head", "title"].contains(name) { skipUntil = name; continue }
                if ["br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "hr"].contains(name) {
                    newline()
                } else if ["td", "th"].contains(name) {
                    pendingSpace = true
                }
                continue
            }
            if skipUntil != nil { index += 1; continue }
            if scalar == "&" {
                var end = index + 1
                while end < scalars.count, end - index < 12, scalars[end] != ";", scalars[end] != "&", scalars[end] != "<" { end += 1 }
                if end < scalars.count, scalars[end] == ";" {
                    let entity = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
                    if let decoded = decodeEntity(entity) {
                        emit(decoded)
                        index = end + 1
                        continue
                    }
                }
                emit("&")
                index += 1
                continue
            }
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                pendingSpace = true
                index += 1
                continue
            }
            emit(String(Character(scalar)))
            index += 1
        }
        return output.trimmingASCIIWhitespace
    }

    /// The reader's preview keeps a no-break space as a plain one.
    private static func decodeEntity(_ entity: String) -> String? {
        HTMLEntities.decode(entity[...]).map { $0 == "\u{00A0}" ? " " : $0 }
    }
}
