/// Streaming quoted-printable decoder (RFC 2045 §6.7): feed chunks split anywhere — inside an
/// `=XX` escape or a soft line break — and get bytes back. Memory use is constant.
///
/// Lenient like mail clients: an `=` not followed by two hex digits or a line break is kept
/// literally; soft breaks (`=` CRLF, `=` LF, `=` followed by trailing blanks then a break) are
/// removed; line breaks are normalized to CRLF only if they were CRLF (bytes are passed through).
/// A soft break inside a multibyte character is harmless because we decode to bytes first.
public struct QuotedPrintableStreamDecoder: Sendable {
    /// Bytes after an `=` not yet resolved (at most: hex digit, or blanks before a line end).
    private var held: [UInt8] = []
    private var inEscape = false

    public init() {}

    public mutating func decode<C: Collection>(_ chunk: C) -> [UInt8] where C.Element == UInt8 {
        var output = [UInt8]()
        output.reserveCapacity(chunk.count)
        decode(chunk, into: &output)
        return output
    }

    public mutating func decode<C: Collection>(_ chunk: C, into output: inout [UInt8]) where C.Element == UInt8 {
        for byte in chunk {
            if !inEscape {
                if byte == ASCII.equals { inEscape = true; held.removeAll(keepingCapacity: true) } else { output.append(byte) }
                continue
            }
            feedEscape(byte, into: &output)
        }
    }

    /// Ends the stream; an unfinished escape is kept literally, a final "=" is a soft break.
    public mutating func finish() -> [UInt8] {
        var output = [UInt8]()
        if inEscape, !held.allSatisfy(Self.isBlank) {
            output.append(ASCII.equals)
            output.append(contentsOf: held)
        }
        inEscape = false
        held.removeAll()
        return output
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == ASCII.space || byte == ASCII.tab || byte == ASCII.cr
    }

    private mutating func feedEscape(_ byte: UInt8, into output: inout [UInt8]) {
        if let first = held.first, let high = ASCII.hexValue(first) {
            if let low = ASCII.hexValue(byte) {
                output.append(high << 4 | low)
                endEscape()
                return
            }
        } else if held.isEmpty, ASCII.hexValue(byte) != nil {
            held.append(byte)
            return
        } else if byte == ASCII.lf {
            // Soft line break: "=" [blanks] [CR] LF.
            endEscape()
            return
        } else if Self.isBlank(byte), held.count < 64 {
            held.append(byte)
            return
        }
        // Not an escape after all: keep "=" and what followed literally, then re-read this byte.
        output.append(ASCII.equals)
        output.append(contentsOf: held)
        endEscape()
        if byte == ASCII.equals { inEscape = true } else { output.append(byte) }
    }

    private mutating func endEscape() {
        inEscape = false
        held.removeAll(keepingCapacity: true)
    }
}
