import Foundation

/// The DATA payload: CRLF line endings, dot-stuffing (RFC 5321 §4.5.2) and the terminating
/// `CRLF.CRLF`, computed once so its size can be checked against SIZE before upload.
///
/// Bare LF and bare CR both become CRLF; a missing final line break is added. Lines are found
/// with `memchr` and copied as whole runs, so a 10 MB attachment costs milliseconds, not a
/// per-byte loop.
struct SMTPMessageData: Sendable {
    /// The exact bytes sent after the 354 reply, terminator included.
    let bytes: [UInt8]
    /// True when some byte is ≥ 0x80 (needs `BODY=8BITMIME`).
    let containsEightBit: Bool
    /// The size declared with `SIZE=`: the message with CRLF line endings, without stuffing or terminator.
    let messageSize: Int

    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A
    private static let dot = UInt8(ascii: ".")

    init<Message: Collection<UInt8>>(message: Message) {
        let input = Array(message)
        var output: [UInt8] = []
        output.reserveCapacity(input.count + input.count / 32 + 5)
        var stuffedDots = 0
        input.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let end = buffer.count
            var lineStart = 0
            while lineStart < end {
                let lineEnd = Self.lineEnd(base, from: lineStart, end: end)
                if lineStart < lineEnd && buffer[lineStart] == Self.dot {
                    output.append(Self.dot)
                    stuffedDots += 1
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[lineStart..<lineEnd]))
                output.append(contentsOf: [Self.cr, Self.lf])
                guard lineEnd < end else { break }
                // Skip the line's terminator: CRLF, a bare CR or a bare LF.
                var next = lineEnd + 1
                if buffer[lineEnd] == Self.cr && next < end && buffer[next] == Self.lf { next += 1 }
                lineStart = next
            }
        }
        messageSize = output.count - stuffedDots
        output.append(contentsOf: [Self.dot, Self.cr, Self.lf])
        bytes = output
        containsEightBit = Self.containsEightBit(input)
    }

    /// Offset of the first CR or LF at or after `start`, or `end`.
    private static func lineEnd(_ base: UnsafePointer<UInt8>, from start: Int, end: Int) -> Int {
        let origin = UnsafeRawPointer(base)
        let lfOffset = memchr(base + start, Int32(lf), end - start).map { UnsafeRawPointer($0) - origin } ?? end
        let crOffset = memchr(base + start, Int32(cr), lfOffset - start).map { UnsafeRawPointer($0) - origin }
        return crOffset ?? lfOffset
    }

    /// Any byte ≥ 0x80, tested eight bytes at a time.
    private static func containsEightBit(_ input: [UInt8]) -> Bool {
        input.withUnsafeBytes { raw in
            let highBits: UInt64 = 0x8080_8080_8080_8080
            var offset = 0
            while offset + 8 <= raw.count {
                if raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & highBits != 0 { return true }
                offset += 8
            }
            while offset < raw.count {
                if raw[offset] >= 0x80 { return true }
                offset += 1
            }
            return false
        }
    }
}
