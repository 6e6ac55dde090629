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
struct JSONWriter: ~Copyable {
    /// The document so far, in memory of its own: an item is some thirty small appends, and
    /// `Array.append(contentsOf:)` cost some two hundred instructions a call around its copy.
    /// Not copyable, so that the memory has one owner, freed with it.
    private var start: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// Whether the next member or element needs a comma before it.
    private var needsComma = false

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

    /// The bytes written so far (valid until the next write).
    private var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }

    /// The finished document.
    var buffer: ByteBuffer { ByteBuffer(bytes: written) }
    var document: [UInt8] { Array(written) }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if capacity &- count < extra { grow(extra) }
    }

    private mutating func grow(_ extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        larger.initialize(from: start, count: count)
        start.deallocate()
        start = larger
        capacity = newCapacity
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        reserve(1)
        start[count] = byte
        count &+= 1
    }

    @inline(__always)
    private mutating func append(_ source: UnsafeBufferPointer<UInt8>) {
        guard let base = source.baseAddress, !source.isEmpty else { return }
        reserve(source.count)
        (start + count).initialize(from: base, count: source.count)
        count &+= source.count
    }

    private mutating func append(_ source: [UInt8]) {
        source.withUnsafeBufferPointer { append($0) }
    }

    mutating func beginObject() { separate(); append(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { append(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separate(); append(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { append(UInt8(ascii: "]")); needsComma = true }

    /// `"key":` — keys are our own ASCII names, never user text.
    mutating func key(_ name: StaticString) {
        separate()
        append(UInt8(ascii: "\""))
        name.withUTF8Buffer { append($0) }
        append(UInt8(ascii: "\""))
        append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String) {
        var text = value
        text.withUTF8 { string(utf8: $0) }
    }

    /// A string value from bytes that are valid UTF-8 (checked ASCII, or a Swift string's own).
    mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        beginString()
        appendEscaped(utf8)
        endString()
    }

    /// A string value written in pieces: `beginString`, any number of `appendEscaped`, `endString`.
    /// The pieces must together be valid UTF-8.
    mutating func beginString() {
        separate()
        append(UInt8(ascii: "\""))
    }

    mutating func endString() {
        append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// RFC 8259 string escaping: quote, backslash and C0 controls escaped, everything else as it is.
    mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var pending = 0
        for index in 0..<utf8.count where Self.needsEscape(utf8[index]) {
            append(UnsafeBufferPointer(rebasing: utf8[pending..<index]))
            appendEscape(utf8[index])
            pending = index + 1
        }
        append(UnsafeBufferPointer(rebasing: utf8[pending...]))
    }

    /// Part of a string value that needs no escaping (the caller has checked).
    mutating func appendUnescaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        append(utf8)
    }

    mutating func appendUnescaped(_ byte: UInt8) {
        append(byte)
    }

    /// One byte of a string value, escaped when it must be.
    @inline(__always)
    mutating func appendEscaped(_ byte: UInt8) {
        if Self.needsEscape(byte) { appendEscape(byte) } else { append(byte) }
    }

    /// Where the document ends now; ``rewind(to:)`` goes back there (a value that turned out not
    /// to be writable this way is dropped and written another way).
    struct Checkpoint {
        fileprivate let count: Int
        fileprivate let needsComma: Bool
    }

    var checkpoint: Checkpoint { Checkpoint(count: count, needsComma: needsComma) }

    mutating func rewind(to checkpoint: Checkpoint) {
        count = min(count, checkpoint.count)
        needsComma = checkpoint.needsComma
    }

    /// Decimal digits (no String per number): written right to left into a buffer on the stack
    /// and copied once, not appended and reversed byte by byte.
    mutating func integer(_ value: some BinaryInteger) {
        separate()
        if value < 0 { append(UInt8(ascii: "-")) }
        var magnitude = UInt64(value.magnitude)
        // UInt64.max has 20 digits.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var first = digits.count
            repeat {
                first -= 1
                digits[first] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            append(UnsafeBufferPointer(rebasing: digits[first...]))
        }
        needsComma = true
    }

    /// Our own fixed text written as it is, in one copy: punctuation and keys with their commas
    /// already in place (`,"subject":`), where the layout of a document is known. The next value
    /// or member follows without a comma.
    mutating func raw(_ fragment: StaticString) {
        fragment.withUTF8Buffer { append($0) }
        needsComma = false
    }

    /// ``raw(_:)`` for fixed text prepared once as bytes.
    mutating func raw(_ fragment: [UInt8]) {
        append(fragment)
        needsComma = false
    }

    /// A value written earlier by another `JSONWriter`, inserted as it is.
    mutating func value(json: [UInt8]) {
        separate()
        append(json)
        needsComma = true
    }

    mutating func bool(_ value: Bool) {
        separate()
        append(value ? Self.trueBytes : Self.falseBytes)
        needsComma = true
    }

    /// ISO 8601 in UTC to the second, as Hummingbird's encoder writes dates (`2026-11-25T01:12:29Z`).
    mutating func date(_ value: Date) {
        separate()
        append(UInt8(ascii: "\""))
        MailDate.withISO8601(value) { append($0) }
        append(UInt8(ascii: "\""))
        needsComma = true
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func separate() {
        if needsComma { append(UInt8(ascii: ",")) }
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private mutating func appendEscape(_ byte: UInt8) {
        append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): append(byte)
        case 0x0A: append(UInt8(ascii: "n"))
        case 0x0D: append(UInt8(ascii: "r"))
        case 0x09: append(UInt8(ascii: "t"))
        default:
            append([UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                      Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0x0F)]])
        }
    }
}
