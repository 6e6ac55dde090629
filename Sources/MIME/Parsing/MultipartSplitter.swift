/// Finds the body parts of a multipart body by its boundary (RFC 2046 §5.1.1), at the byte level.
///
/// A delimiter is `--boundary` at the start of a line, optionally `--` (the close delimiter),
/// then only blanks up to the line end; the line break before a delimiter belongs to it. A
/// missing close delimiter ends the last part at the end of the body. `nil` means no delimiter
/// at all (callers then treat the multipart as a single opaque part, as CPython does).
enum MultipartSplitter {
    struct Split {
        var preamble: Range<Int>
        var parts: [Range<Int>]
        var epilogue: Range<Int>?
        var closed: Bool
    }

    static func split(_ body: ArraySlice<UInt8>, boundary: String, maxParts: Int) -> Split? {
        let dashBoundary = Array("--".utf8) + Array(boundary.utf8)
        var cursor = body.startIndex
        var delimiters: [(lineStart: Int, contentStart: Int, isClose: Bool)] = []
        while let found = nextLineStarting(with: dashBoundary, in: body, from: cursor) {
            cursor = found + 1
            var index = found + dashBoundary.count
            var isClose = false
            if index + 1 < body.endIndex, body[index] == ASCII.hyphen, body[index + 1] == ASCII.hyphen {
                isClose = true
                index += 2
            }
            while index < body.endIndex, body[index] == ASCII.space || body[index] == ASCII.tab || body[index] == ASCII.cr {
                index += 1
            }
            guard index == body.endIndex || body[index] == ASCII.lf else { continue }
            let contentStart = index < body.endIndex ? index + 1 : index
            // The line break before the delimiter belongs to the delimiter.
            var lineStart = found
            if lineStart > body.startIndex, body[lineStart - 1] == ASCII.lf {
                lineStart -= 1
                if lineStart > body.startIndex, body[lineStart - 1] == ASCII.cr { lineStart -= 1 }
            }
            delimiters.append((lineStart, contentStart, isClose))
            if isClose || delimiters.count > maxParts { break }
            cursor = contentStart
        }
        guard let first = delimiters.first else { return nil }
        // A close delimiter with no opening one carries no parts.
        var parts: [Range<Int>] = []
        var epilogue: Range<Int>?
        var closed = false
        for (position, delimiter) in delimiters.enumerated() {
            if delimiter.isClose {
                closed = true
                epilogue = delimiter.contentStart..<body.endIndex
                break
            }
            let end = position + 1 < delimiters.count ? delimiters[position + 1].lineStart : body.endIndex
            parts.append(delimiter.contentStart..<max(delimiter.contentStart, end))
        }
        return Split(preamble: body.startIndex..<first.lineStart, parts: parts, epilogue: epilogue, closed: closed)
    }

    /// The next line start at or after `start` whose bytes begin with `prefix`. Delimiters only
    /// occur at line starts, so jumping from LF to LF with memchr keeps this at memory speed.
    private static func nextLineStarting(with prefix: [UInt8], in body: ArraySlice<UInt8>, from start: Int) -> Int? {
        var lineStart = start
        if lineStart != body.startIndex, lineStart <= body.endIndex, body[lineStart - 1] != ASCII.lf {
            guard let lf = ByteSearch.firstIndex(of: ASCII.lf, in: body, from: lineStart) else { return nil }
            lineStart = lf + 1
        }
        while lineStart < body.endIndex {
            if body.endIndex - lineStart >= prefix.count, ByteSearch.hasPrefix(prefix, in: body, at: lineStart) {
                return lineStart
            }
            guard let lf = ByteSearch.firstIndex(of: ASCII.lf, in: body, from: lineStart) else { return nil }
            lineStart = lf + 1
        }
        return nil
    }
}
