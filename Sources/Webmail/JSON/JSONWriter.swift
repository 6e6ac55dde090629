import Foundation
import MIME
import NIOCore

/// Writes JSON bytes directly, for the one response that is big and frequent: the
/// message list page (50–200 items, each with names, subject, preview and date).
///
/// Foundation's JSONEncoder builds a tree of boxed values, sorts nothing but allocates for
/// every key and formats each date through ISO8601FormatStyle; on a page of 50 summaries that
/// was 16% of the server's CPU per request. The output here is the same JSON document (same
/// keys, same values, nil optionals left out, dates as ISO 8601 UTC seconds); a test compares
/// the two on tricky strings.
struct JSONWriter {
    /// The document so far. A plain byte array: many tiny appends are cheaper here than on a
    /// ByteBuffer, which is made once at the end.
    private var bytes: [UInt8] = []
    /// Whether the next member or element needs a comma before it.
    private var needsComma = false

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// The finished document.
    var buffer: ByteBuffer { ByteBuffer(bytes: bytes) }
    var document: [UInt8] { bytes }

    mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// `"key":` — keys are our own ASCII names, never user text.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String) {
        separate()
        writeEscaped(value)
        needsComma = true
    }

    /// Decimal digits written in place (no String per number).
    mutating func integer(_ value: some BinaryInteger) {
        separate()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = UInt64(value.magnitude)
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
        needsComma = true
    }

    /// A value written earlier by another `JSONWriter`, inserted as it is.
    mutating func value(json: [UInt8]) {
        separate()
        bytes += json
        needsComma = true
    }

    mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
        needsComma = true
    }

    /// ISO 8601 in UTC to the second, as Hummingbird's encoder writes dates (`2026-11-25T01:12:29Z`).
    mutating func date(_ value: Date) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        MailDate.appendISO8601(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// RFC 8259 string escaping: quote, backslash and C0 controls escaped, everything else as UTF-8.
    private mutating func writeEscaped(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = value
        text.withUTF8 { utf8 in
            var pending = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[pending..<index]))
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                              Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0x0F)]])
                }
                pending = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[pending...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
