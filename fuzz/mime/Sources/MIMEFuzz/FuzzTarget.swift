import MIME

/// One fuzz input: the bytes go through every public parsing entry point, and everything a
/// consumer would read is read. Any crash, trap or sanitizer report is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let message = MIMEMessage(bytes, limits: MIMELimits(maxDepth: 32, maxParts: 2_000))
    _ = message.subject
    _ = message.from + message.to + message.cc + message.replyTo
    _ = message.date
    _ = (message.messageID, message.inReplyTo, message.references)
    let content = message.content
    _ = (content.text?.count, content.html?.count, content.attachments.count)
    for part in message.root.allParts.prefix(200) {
        _ = part.text
        _ = part.filename
        _ = part.contentID
        _ = part.decodedSize
    }
    _ = EncodedWords.decode(bytes)
    _ = AddressListParser.parse(bytes)
    _ = HeaderParameters(parsing: bytes)
    _ = ContentType(parsing: bytes)
    _ = MailDate.parse(String(decoding: bytes, as: UTF8.self))
    _ = CharsetDecoder.decode(bytes)
    for label in ["iso-2022-jp", "iso-2022-kr", "euc-kr", "utf-7", "us-ascii"] {
        _ = CharsetDecoder.decode(bytes, charset: label)
    }
    var base64 = TransferDecoder(.base64)
    var quotedPrintable = TransferDecoder(.quotedPrintable)
    let middle = bytes.count / 2
    _ = base64.decode(bytes[..<middle]) + base64.decode(bytes[middle...]) + base64.finish()
    _ = quotedPrintable.decode(bytes[..<middle]) + quotedPrintable.decode(bytes[middle...]) + quotedPrintable.finish()
    return 0
}
