/// Quoted-printable for outgoing text (RFC 2045 §6.7): lines of at most 76 characters with
/// soft breaks that never split an `=XX` escape, `=` and 8-bit bytes escaped, trailing blanks
/// escaped, hard line breaks written as CRLF.
enum QuotedPrintableEncoder {
    private static let hex = Array("0123456789ABCDEF".utf8)

    /// `text` must already use CRLF or LF line ends; both become CRLF.
    static func encode(_ text: [UInt8]) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(text.count + text.count / 8)
        var lineLength = 0
        var index = 0
        func append(_ token: [UInt8]) {
            if lineLength + token.count > 75 {
                output.append(contentsOf: [ASCII.equals, ASCII.cr, ASCII.lf])
                lineLength = 0
            }
            output.append(contentsOf: token)
            lineLength += token.count
        }
        while index < text.count {
            let byte = text[index]
            if byte == ASCII.cr, index + 1 < text.count, text[index + 1] == ASCII.lf { index += 1; continue }
            if byte == ASCII.lf {
                output.append(ASCII.cr); output.append(ASCII.lf)
                lineLength = 0
                index += 1
                continue
            }
            let atLineEnd = index + 1 >= text.count || text[index + 1] == ASCII.lf
                || (text[index + 1] == ASCII.cr && index + 2 < text.count && text[index + 2] == ASCII.lf)
            let isBlank = byte == ASCII.space || byte == ASCII.tab
            let literal = (byte >= 0x21 && byte <= 0x7E && byte != ASCII.equals) || (isBlank && !atLineEnd)
            // A dot at the start of a line is escaped too, so no transport can mangle it.
            if literal, !(byte == ASCII.dot && lineLength == 0) {
                append([byte])
            } else {
                append([ASCII.equals, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
            index += 1
        }
        return output
    }
}
