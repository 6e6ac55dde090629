/// An IMAP string value kept as the exact bytes the server sent.
///
/// IMAP strings (quoted strings and literals) are byte sequences, not text: header fields
/// in an ENVELOPE or BODYSTRUCTURE may carry RFC 2047 encoded words, raw 8-bit bytes in
/// an unknown charset, or plain ASCII. This module does not decode any of that (it does not
/// depend on the MIME module); it keeps the bytes and offers lossless conveniences only.
/// Decoding RFC 2047 / RFC 2231 is the consumer's job.
public struct ByteString: Hashable, Sendable, CustomStringConvertible {
    /// The raw bytes, exactly as received (quoted-string escapes already removed). A parsed
    /// value is a slice of the response it came in, not a copy: an ENVELOPE has a dozen
    /// strings, and one allocation each was most of the parser's cost on a message list.
    /// (Equality and hashing compare the bytes only.)
    public var slice: ArraySlice<UInt8>

    /// The raw bytes as an array of their own.
    public var bytes: [UInt8] {
        get { Array(slice) }
        set { slice = newValue[...] }
    }

    public init(_ bytes: [UInt8]) { self.slice = bytes[...] }
    public init(_ slice: ArraySlice<UInt8>) { self.slice = slice }
    public init(_ string: String) { self.slice = Array(string.utf8)[...] }

    /// The value as a `String` when the bytes are valid UTF-8 (which includes plain ASCII,
    /// and therefore still-encoded RFC 2047 words); `nil` otherwise, so nothing is ever
    /// silently replaced.
    public var utf8String: String? { String(validating: slice, as: UTF8.self) }

    /// The value as a `String`, replacing invalid UTF-8 with U+FFFD. For logs and debugging.
    public var lossyString: String { String(decoding: slice, as: UTF8.self) }

    public var isEmpty: Bool { slice.isEmpty }

    /// `true` when every byte is 7-bit ASCII: the value is then the same text in any
    /// ASCII-compatible charset, and already valid UTF-8.
    public var isASCII: Bool { slice.allSatisfy { $0 < 0x80 } }

    public var description: String { lossyString }
}

extension ByteString: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self.init(value) }
}
