import Foundation

/// Decodes an HTTP/1.1 `Transfer-Encoding: chunked` body incrementally (tests only), handing on
/// each slice of payload as it arrives, so a download can be checked byte for byte without
/// ever holding it.
struct ChunkedBodyDecoder {
    struct Malformed: Error {}

    private enum State {
        case size
        case data(remaining: Int)
        /// The CR LF that ends each chunk's data.
        case dataEnd(remaining: Int)
        case done
    }

    private var state = State.size
    private var sizeLine: [UInt8] = []

    /// True once the last (zero-size) chunk has been read; trailers are ignored.
    var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    mutating func feed(_ bytes: ArraySlice<UInt8>, payload: (ArraySlice<UInt8>) -> Void) throws {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            switch state {
            case .size:
                let byte = bytes[index]
                index += 1
                guard byte == UInt8(ascii: "\n") else {
                    sizeLine.append(byte)
                    guard sizeLine.count <= 256 else { throw Malformed() }
                    continue
                }
                // "1a2b;extension\r" → 0x1a2b
                let text = String(decoding: sizeLine, as: UTF8.self)
                sizeLine.removeAll()
                let hex = text.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                guard let size = Int(hex.replacingOccurrences(of: "\r", with: ""), radix: 16), size >= 0 else { throw Malformed() }
                state = size == 0 ? .done : .data(remaining: size)
            case .data(let remaining):
                let count = min(remaining, bytes.endIndex - index)
                payload(bytes[index..<(index + count)])
                index += count
                state = remaining == count ? .dataEnd(remaining: 2) : .data(remaining: remaining - count)
            case .dataEnd(let remaining):
                guard bytes[index] == (remaining == 2 ? UInt8(ascii: "\r") : UInt8(ascii: "\n")) else { throw Malformed() }
                index += 1
                state = remaining == 1 ? .size : .dataEnd(remaining: 1)
            case .done:
                return
            }
        }
    }
}
