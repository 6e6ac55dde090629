/// The DATA payload: CRLF line endings, dot-stuffing (RFC 5321 §4.5.2) and the terminating
/// `CRLF.CRLF`, computed once so its size can be checked against SIZE before upload.
struct SMTPMessageData: Sendable {
    /// The exact bytes sent after the 354 reply, terminator included.
    let bytes: [UInt8]
    /// True when some byte is ≥ 0x80 (needs `BODY=8BITMIME`).
    let containsEightBit: Bool
    /// The size declared with `SIZE=`: the message with CRLF line endings, without stuffing or terminator.
    let messageSize: Int

    init<Message: Collection<UInt8>>(message: Message) {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + message.count / 40 + 5)
        var atLineStart = true
        var previousWasCR = false
        var eightBit = false
        var stuffedDots = 0
        for byte in message {
            if byte >= 0x80 { eightBit = true }
            switch byte {
            case 0x0D:
                output.append(contentsOf: [0x0D, 0x0A])
                atLineStart = true
                previousWasCR = true
                continue
            case 0x0A:
                // The LF of a CRLF pair was already written with the CR; a bare LF becomes CRLF.
                if !previousWasCR { output.append(contentsOf: [0x0D, 0x0A]) }
                atLineStart = true
            default:
                if atLineStart && byte == UInt8(ascii: ".") {
                    output.append(UInt8(ascii: "."))
                    stuffedDots += 1
                }
                output.append(byte)
                atLineStart = false
            }
            previousWasCR = false
        }
        if !atLineStart { output.append(contentsOf: [0x0D, 0x0A]) }
        messageSize = output.count - stuffedDots
        output.append(contentsOf: Array(".\r\n".utf8))
        bytes = output
        containsEightBit = eightBit
    }
}
