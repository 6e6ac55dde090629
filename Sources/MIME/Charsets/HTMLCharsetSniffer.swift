/// Finds the charset an HTML document declares for itself (`<meta charset="…">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=…">`), used when the MIME
/// header names no charset. Only the first 4 KiB are looked at, as browsers do (1 KiB there).
enum HTMLCharsetSniffer {
    static func charset(in html: [UInt8]) -> String? {
        let prefix = html.prefix(4096).map(ASCII.lowercased)
        var cursor = 0
        let meta = Array("<meta".utf8)
        let key = Array("charset".utf8)
        while let start = ByteSearch.firstIndex(of: meta, in: prefix[...], from: cursor) {
            let tagEnd = prefix[start...].firstIndex(of: ASCII.greaterThan) ?? prefix.endIndex
            let tag = prefix[start..<tagEnd]
            if let keyStart = ByteSearch.firstIndex(of: key, in: tag, from: tag.startIndex) {
                var index = keyStart + key.count
                while index < tagEnd, prefix[index] == ASCII.space { index += 1 }
                if index < tagEnd, prefix[index] == ASCII.equals {
                    index += 1
                    while index < tagEnd, prefix[index] == ASCII.space || prefix[index] == ASCII.quote || prefix[index] == ASCII.apostrophe {
                        index += 1
                    }
                    let valueStart = index
                    while index < tagEnd, isLabelByte(prefix[index]) { index += 1 }
                    if index > valueStart { return String(decoding: prefix[valueStart..<index], as: UTF8.self) }
                }
            }
            cursor = start + meta.count
        }
        return nil
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) || byte == ASCII.hyphen
            || byte == ASCII.underscore || byte == ASCII.dot || byte == ASCII.colon
    }
}
