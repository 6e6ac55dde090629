/// Splits an entity (message or body part) into its header block and body, at the byte level.
///
/// Follows what mail readers do with imperfect input: LF or CRLF line ends, an mbox `From `
/// line is skipped, a line that is neither a field nor a continuation starts the body (as in
/// CPython's MissingHeaderBodySeparatorDefect handling), and a header block larger than the
/// limit is cut (the caller marks the entity truncated) rather than read without bound.
enum HeaderBlockParser {
    struct Result {
        var header: MIMEHeader
        var bodyStart: Int
        var truncated: Bool
    }

    static func parse(_ bytes: ArraySlice<UInt8>, maxHeaderBytes: Int) -> Result {
        var fields: [MIMEHeaderField] = []
        var currentName: ArraySlice<UInt8>?
        var currentValue: [UInt8] = []
        var index = bytes.startIndex
        let end = bytes.endIndex
        var truncated = false

        func flush() {
            if let name = currentName {
                let value = ASCII.trimmed(currentValue[...])
                fields.append(MIMEHeaderField(name: String(decoding: name, as: UTF8.self), rawValue: Array(value)))
            }
            currentName = nil
            currentValue.removeAll(keepingCapacity: true)
        }

        var isFirstLine = true
        while index < end {
            if index - bytes.startIndex > maxHeaderBytes {
                truncated = true
                flush()
                return Result(header: MIMEHeader(fields), bodyStart: skipToBody(bytes, from: index), truncated: truncated)
            }
            let lineEnd = ByteSearch.firstIndex(of: ASCII.lf, in: bytes, from: index) ?? end
            if lineEnd - bytes.startIndex > maxHeaderBytes {
                // One enormous line: do not copy it into a field value.
                flush()
                return Result(header: MIMEHeader(fields), bodyStart: skipToBody(bytes, from: index), truncated: true)
            }
            var contentEnd = lineEnd
            if contentEnd > index, bytes[contentEnd - 1] == ASCII.cr { contentEnd -= 1 }
            let next = lineEnd < end ? lineEnd + 1 : end
            if contentEnd == index {
                // The blank line: body follows.
                flush()
                return Result(header: MIMEHeader(fields), bodyStart: next, truncated: truncated)
            }
            let first = bytes[index]
            if first == ASCII.space || first == ASCII.tab {
                if currentName != nil {
                    // Unfolding: the line break goes, the whitespace stays.
                    currentValue.append(contentsOf: bytes[index..<contentEnd])
                    index = next
                    isFirstLine = false
                    continue
                }
                if isFirstLine {
                    index = next
                    continue
                }
            }
            if isFirstLine, isMboxFromLine(bytes[index..<contentEnd]) {
                index = next
                isFirstLine = false
                continue
            }
            isFirstLine = false
            guard let colon = fieldNameEnd(bytes[index..<contentEnd]) else {
                // Not a header line: the body starts here (missing blank line).
                flush()
                return Result(header: MIMEHeader(fields), bodyStart: index, truncated: truncated)
            }
            flush()
            var nameEnd = colon
            while nameEnd > index, bytes[nameEnd - 1] == ASCII.space || bytes[nameEnd - 1] == ASCII.tab { nameEnd -= 1 }
            currentName = bytes[index..<nameEnd]
            currentValue.append(contentsOf: bytes[(colon + 1)..<contentEnd])
            index = next
        }
        flush()
        return Result(header: MIMEHeader(fields), bodyStart: end, truncated: truncated)
    }

    /// The index of the colon ending a field name, if this line is a header field.
    private static func fieldNameEnd(_ line: ArraySlice<UInt8>) -> Int? {
        var index = line.startIndex
        var sawName = false
        var sawBlank = false
        while index < line.endIndex {
            let byte = line[index]
            if byte == ASCII.colon { return sawName ? index : nil }
            if byte == ASCII.space || byte == ASCII.tab {
                sawBlank = true
            } else if byte > 0x20 && byte < 0x7F {
                // "Subject : x" is accepted; "Two words: x" is not a field.
                if sawBlank { return nil }
                sawName = true
            } else {
                return nil
            }
            index += 1
        }
        return nil
    }

    private static func isMboxFromLine(_ line: ArraySlice<UInt8>) -> Bool {
        line.starts(with: "From ".utf8)
    }

    /// After an oversized header block: the body starts after the next blank line.
    private static func skipToBody(_ bytes: ArraySlice<UInt8>, from start: Int) -> Int {
        var index = start
        while let lineEnd = ByteSearch.firstIndex(of: ASCII.lf, in: bytes, from: index) {
            let next = lineEnd + 1
            if next < bytes.endIndex, bytes[next] == ASCII.lf { return next + 1 }
            if next + 1 < bytes.endIndex, bytes[next] == ASCII.cr, bytes[next + 1] == ASCII.lf { return next + 2 }
            index = next
        }
        return bytes.endIndex
    }
}
