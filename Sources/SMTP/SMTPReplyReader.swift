import NIOCore

/// The server's byte stream, in whatever chunks the socket delivers it, split into lines (LF,
/// with an optional CR before it) and assembled into replies by `SMTPReplyParser`. Kept apart
/// from the channel handler so the framing can be tested under every chunking of its input.
struct SMTPReplyReader {
    /// Longest reply line accepted (RFC 5321 allows 512 octets; be lenient but bounded).
    static let maximumLineLength = 8192

    private var pendingBytes = ByteBuffer()
    private var parser = SMTPReplyParser()

    /// True when no partial line is buffered.
    var isDrained: Bool { pendingBytes.readableBytes == 0 }

    /// Consumes `incoming` and calls `deliver` with each reply it completes, in order. After it
    /// throws the reader must not be used again (the stream is out of step).
    mutating func consume(_ incoming: inout ByteBuffer, deliver: (SMTPReply) -> Void) throws(SMTPTransportFailure) {
        pendingBytes.writeBuffer(&incoming)
        while let newline = pendingBytes.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - pendingBytes.readerIndex
            guard var lineBytes = pendingBytes.readSlice(length: length + 1) else { break }
            var line = lineBytes.readString(length: lineBytes.readableBytes) ?? ""
            line.removeLast()  // the LF
            if line.hasSuffix("\r") { line.removeLast() }
            do {
                if let reply = try parser.consume(line: line) { deliver(reply) }
            } catch {
                throw .protocolViolation("\(error)")
            }
        }
        if pendingBytes.readableBytes > Self.maximumLineLength {
            throw .protocolViolation("reply line longer than \(Self.maximumLineLength) bytes")
        }
        pendingBytes.discardReadBytes()
    }
}
