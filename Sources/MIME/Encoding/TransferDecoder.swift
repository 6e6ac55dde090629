/// Incremental Content-Transfer-Encoding decoder for streamed parts: IMAP sends an attachment in
/// chunks, the API decodes each chunk as it arrives and forwards the bytes, so memory stays flat.
///
/// ```swift
/// var decoder = TransferDecoder(.base64)
/// for try await chunk in imapChunks { try await write(decoder.decode(chunk)) }
/// try await write(decoder.finish())
/// ```
/// 7bit, 8bit, binary and unknown encodings pass bytes through unchanged.
public struct TransferDecoder: Sendable {
    private enum State: Sendable {
        case base64(Base64StreamDecoder)
        case quotedPrintable(QuotedPrintableStreamDecoder)
        case identity
    }

    private var state: State

    public init(_ encoding: TransferEncoding) {
        switch encoding {
        case .base64: state = .base64(Base64StreamDecoder())
        case .quotedPrintable: state = .quotedPrintable(QuotedPrintableStreamDecoder())
        default: state = .identity
        }
    }

    /// Decodes the next chunk (any split point is fine).
    public mutating func decode<C: Collection>(_ chunk: C) -> [UInt8] where C.Element == UInt8 {
        var output = [UInt8]()
        decode(chunk, into: &output)
        return output
    }

    /// Decodes the next chunk, appending to `output`.
    public mutating func decode<C: Collection>(_ chunk: C, into output: inout [UInt8]) where C.Element == UInt8 {
        switch state {
        case .base64(var decoder):
            decoder.decode(chunk, into: &output)
            state = .base64(decoder)
        case .quotedPrintable(var decoder):
            decoder.decode(chunk, into: &output)
            state = .quotedPrintable(decoder)
        case .identity:
            output.append(contentsOf: chunk)
        }
    }

    /// Ends the stream and returns any bytes still held back.
    public mutating func finish() -> [UInt8] {
        switch state {
        case .base64(var decoder):
            defer { state = .base64(decoder) }
            return decoder.finish()
        case .quotedPrintable(var decoder):
            defer { state = .quotedPrintable(decoder) }
            return decoder.finish()
        case .identity:
            return []
        }
    }

    /// Decodes a whole body at once.
    public static func decode<C: Collection>(_ body: C, encoding: TransferEncoding) -> [UInt8] where C.Element == UInt8 {
        var decoder = TransferDecoder(encoding)
        var output = [UInt8]()
        output.reserveCapacity(body.count)
        decoder.decode(body, into: &output)
        output.append(contentsOf: decoder.finish())
        return output
    }
}
