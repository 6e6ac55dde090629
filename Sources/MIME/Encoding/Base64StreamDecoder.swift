/// Streaming, tolerant base64 decoder: feed chunks of any size (split anywhere), get bytes back.
///
/// Tolerant as real mail needs: line breaks, stray whitespace and junk characters are skipped,
/// line lengths do not matter, missing padding is accepted, and data after padding is read on
/// (some mailers concatenate base64 blocks). Memory use is constant.
public struct Base64StreamDecoder: Sendable {
    private var accumulator: UInt32 = 0
    private var pending = 0

    public init() {}

    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        // URL-safe variants appear in the wild too.
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Decodes one chunk, appending the bytes to `output`.
    public mutating func decode<C: Collection>(_ chunk: C, into output: inout [UInt8]) where C.Element == UInt8 {
        let done: Void? = chunk.withContiguousStorageIfAvailable { decode(buffer: $0, into: &output) }
        if done == nil { Array(chunk).withUnsafeBufferPointer { decode(buffer: $0, into: &output) } }
    }

    /// The loop over contiguous bytes (fast even in debug builds, where generic iteration is not).
    private mutating func decode(buffer: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        Self.table.withUnsafeBufferPointer { table in
            decode(buffer: buffer, table: table, into: &output)
        }
    }

    private mutating func decode(buffer: UnsafeBufferPointer<UInt8>, table: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        for character in buffer {
            if character == ASCII.equals {
                // Padding ends a quantum: flush what we have, then start fresh.
                flushPartial(into: &output)
                continue
            }
            let value = table[Int(character)]
            if value == 0xFF { continue }
            accumulator = (accumulator << 6) | UInt32(value)
            pending += 1
            if pending == 4 {
                output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                output.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                output.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator = 0
                pending = 0
            }
        }
    }

    /// Decodes one chunk and returns its bytes.
    public mutating func decode<C: Collection>(_ chunk: C) -> [UInt8] where C.Element == UInt8 {
        var output = [UInt8]()
        output.reserveCapacity(chunk.count * 3 / 4 + 3)
        decode(chunk, into: &output)
        return output
    }

    /// Ends the stream: returns the bytes of a final quantum with missing padding.
    public mutating func finish() -> [UInt8] {
        var output = [UInt8]()
        flushPartial(into: &output)
        return output
    }

    private mutating func flushPartial(into output: inout [UInt8]) {
        switch pending {
        case 2:
            output.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        case 3:
            output.append(UInt8(truncatingIfNeeded: accumulator >> 10))
            output.append(UInt8(truncatingIfNeeded: accumulator >> 2))
        default:
            break
        }
        accumulator = 0
        pending = 0
    }
}
