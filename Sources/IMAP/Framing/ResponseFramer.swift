#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the framer hands to the parser: whole responses with their literals in-line, or, for a
/// FETCH value too large to hold, the pieces of a streamed response.
enum Frame: Equatable, Sendable {
    /// A complete response line including CRLF and every literal in it.
    case complete([UInt8])
    /// The start of a streamed FETCH (or, when `continuing`, the part of one between two streamed
    /// values), ending with the literal header of a body value that will be streamed.
    case streamPrefix([UInt8], continuing: Bool)
    /// Bytes of the literal being streamed.
    case streamBytes([UInt8])
    /// The streamed literal has been delivered in full.
    case streamEnd
    /// The rest of a streamed FETCH after its last streamed value, through the final CRLF.
    case streamTail([UInt8])
}

/// Limits that keep a misbehaving server from exhausting memory.
public struct ResponseLimits: Sendable, Hashable {
    /// The largest response held in memory at once (a line with its in-line literals).
    public var maximumFrameSize: Int
    /// FETCH body values (BODY[...], BINARY[...], RFC822*) at least this large are streamed
    /// in chunks instead of being collected.
    public var streamingThreshold: Int

    public init(maximumFrameSize: Int = 32 * 1024 * 1024, streamingThreshold: Int = 64 * 1024) {
        self.maximumFrameSize = maximumFrameSize
        self.streamingThreshold = streamingThreshold
    }
}

/// Splits the server's byte stream into frames, knowing where literals (`{n}`, `~{n}`) begin
/// and end so that a CRLF inside a literal never ends a response.
///
/// Bytes may arrive in any chunks; scanning is linear (each byte is looked at once).
struct ResponseFramer: Sendable {
    private enum State: Equatable, Sendable {
        case line
        case literal(remaining: Int)
        case streaming(remaining: Int)
    }

    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    let limits: ResponseLimits
    private var state = State.line
    private var current: [UInt8] = []
    /// Set while the bytes in `current` belong to a FETCH whose earlier value was streamed.
    private var inStreamedFetch = false

    init(limits: ResponseLimits = ResponseLimits()) { self.limits = limits }

    /// Consumes `input` and returns the frames it completes.
    mutating func process(_ input: [UInt8]) throws -> [Frame] {
        var frames: [Frame] = []
        var position = 0
        while position < input.count {
            switch state {
            case .line:
                guard let lineEnd = Self.firstLineFeed(in: input, from: position) else {
                    current.append(contentsOf: input[position...])
                    position = input.count
                    try checkSize(0)
                    continue
                }
                current.append(contentsOf: input[position...lineEnd])
                position = lineEnd + 1
                try checkSize(0)
                try finishLine(into: &frames)
            case .literal(let remaining):
                let count = min(remaining, input.count - position)
                current.append(contentsOf: input[position..<(position + count)])
                position += count
                state = remaining == count ? .line : .literal(remaining: remaining - count)
            case .streaming(let remaining):
                let count = min(remaining, input.count - position)
                // Most reads of a large attachment are literal bytes from end to end: handed on
                // as they are (no copy); a read that also holds response text is sliced.
                let bytes = position == 0 && count == input.count ? input : Array(input[position..<(position + count)])
                frames.append(.streamBytes(bytes))
                position += count
                if remaining == count {
                    frames.append(.streamEnd)
                    state = .line
                } else {
                    state = .streaming(remaining: remaining - count)
                }
            }
        }
        // A zero-length streamed literal cannot occur (threshold > 0), but a literal of
        // exactly the remaining bytes is already handled above.
        return frames
    }

    /// The index of the next LF at or after `start`: memchr, which reads a word at a time (the
    /// framer looks at every byte of every response).
    private static func firstLineFeed(in input: [UInt8], from start: Int) -> Int? {
        input.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, start < buffer.count,
                let found = memchr(base + start, Int32(lf), buffer.count - start)
            else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// `true` when no partial response is buffered (used to tell a clean EOF from a cut one).
    var isAtFrameBoundary: Bool { state == .line && current.isEmpty && !inStreamedFetch }

    private func checkSize(_ extra: Int) throws {
        if current.count + extra > limits.maximumFrameSize {
            throw IMAPParseError("response larger than \(limits.maximumFrameSize) bytes", offset: current.count)
        }
    }

    /// `current` ends with LF: either a literal follows, or the response is complete.
    private mutating func finishLine(into frames: inout [Frame]) throws {
        guard let header = Self.literalHeader(atEndOf: current) else {
            frames.append(inStreamedFetch ? .streamTail(current) : .complete(current))
            current.removeAll(keepingCapacity: current.count < 4096)
            inStreamedFetch = false
            return
        }
        if header.length >= limits.streamingThreshold, isStreamableValue(literalStart: header.start) {
            frames.append(.streamPrefix(current, continuing: inStreamedFetch))
            current.removeAll()
            inStreamedFetch = true
            state = .streaming(remaining: header.length)
            return
        }
        try checkSize(header.length)
        if header.length > 0 { state = .literal(remaining: header.length) }
    }

    /// Parses `{n}`, `{n+}` or `~{n}` right before the final (CR)LF.
    /// Returns the literal length and the index of `{` (or `~`).
    static func literalHeader(atEndOf line: [UInt8]) -> (length: Int, start: Int)? {
        var index = line.count - 1  // the LF
        guard index >= 0, line[index] == lf else { return nil }
        index -= 1
        if index >= 0, line[index] == cr { index -= 1 }
        guard index >= 0, line[index] == UInt8(ascii: "}") else { return nil }
        index -= 1
        if index >= 0, line[index] == UInt8(ascii: "+") { index -= 1 }
        var length = 0
        var multiplier = 1
        var digits = 0
        while index >= 0, let digit = asciiDigit(line[index]) {
            guard digits < 15 else { return nil }
            length += digit * multiplier
            multiplier *= 10
            digits += 1
            index -= 1
        }
        guard digits > 0, index >= 0, line[index] == UInt8(ascii: "{") else { return nil }
        if index >= 1, line[index - 1] == UInt8(ascii: "~") { index -= 1 }
        return (length, index)
    }

    private static func asciiDigit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    /// Whether the literal starting at `literalStart` is the value of a FETCH body item:
    /// the response is `* n FETCH (` and the literal follows `]`, `<origin>` or an RFC822 item name.
    private func isStreamableValue(literalStart: Int) -> Bool {
        if !inStreamedFetch && !Self.startsWithFetch(current) { return false }
        var index = literalStart - 1
        guard index >= 0, current[index] == UInt8(ascii: " ") else { return false }
        index -= 1
        guard index >= 0 else { return false }
        let last = current[index]
        if last == UInt8(ascii: "]") || last == UInt8(ascii: ">") { return true }
        for name in ["RFC822", "RFC822.TEXT", "RFC822.HEADER"] {
            let start = index - name.utf8.count + 1
            guard start >= 1 else { continue }
            let before = current[start - 1]
            if ASCII.equalsIgnoringCase(current[start...index], name)
                && (before == UInt8(ascii: " ") || before == UInt8(ascii: "("))
            {
                return true
            }
        }
        return false
    }

    /// `* <digits> FETCH ` at the start, case-insensitively.
    private static func startsWithFetch(_ line: [UInt8]) -> Bool {
        guard line.count > 10, line[0] == UInt8(ascii: "*"), line[1] == UInt8(ascii: " ") else { return false }
        var index = 2
        while index < line.count, asciiDigit(line[index]) != nil { index += 1 }
        guard index > 2, index + 7 <= line.count else { return false }
        return ASCII.equalsIgnoringCase(line[index..<(index + 7)], " FETCH ")
    }
}
