import IMAP
import Testing

/// Runs the response decoder over a byte string delivered in different chunkings and checks
/// that every chunking yields the same events — in particular every literal split at every
/// possible boundary.
enum DecoderHarness {
    /// Decodes `input` in the given chunks; consecutive streamed-body bytes are merged so that
    /// results of different chunkings compare equal.
    static func decode(_ input: [UInt8], chunks sizes: [Int], limits: ResponseLimits = ResponseLimits()) throws -> [ResponseEvent] {
        var decoder = ResponseDecoder(limits: limits)
        var events: [ResponseEvent] = []
        var offset = 0
        var sizeIndex = 0
        while offset < input.count {
            let size = max(1, sizes.isEmpty ? input.count : sizes[sizeIndex % sizes.count])
            sizeIndex += 1
            let end = min(input.count, offset + size)
            events.append(contentsOf: try decoder.decode(Array(input[offset..<end])))
            offset = end
        }
        return merged(events)
    }

    static func merged(_ events: [ResponseEvent]) -> [ResponseEvent] {
        var result: [ResponseEvent] = []
        for event in events {
            if case .streamingBodyBytes(let more) = event, case .streamingBodyBytes(let previous)? = result.last {
                result[result.count - 1] = .streamingBodyBytes(previous + more)
            } else {
                result.append(event)
            }
        }
        return result
    }

    /// Inputs up to this size are also cut at every pair of positions (three chunks): a literal's
    /// header, its bytes and the rest of the line each split, as swift-nio-imap's fixture tests do.
    static let pairsUpTo = 64

    /// All chunkings: whole, split at every index into two, at every pair of indices into three
    /// (inputs up to `pairsUpTo` bytes), and byte by byte.
    static func allChunkings(_ input: [UInt8], limits: ResponseLimits = ResponseLimits()) -> [(String, () throws -> [ResponseEvent])] {
        var runs: [(String, () throws -> [ResponseEvent])] = [("whole", { try decode(input, chunks: [], limits: limits) })]
        for split in 1..<max(1, input.count) {
            runs.append(("split at \(split)", { try decodeSplit(input, at: [split], limits: limits) }))
        }
        if input.count <= pairsUpTo {
            for first in 1..<max(1, input.count) {
                for second in (first + 1)..<max(first + 1, input.count) {
                    runs.append(("split at \(first) and \(second)", { try decodeSplit(input, at: [first, second], limits: limits) }))
                }
            }
        }
        runs.append(("byte by byte", { try decode(input, chunks: [1], limits: limits) }))
        return runs
    }

    /// Decodes `input` cut at `cuts` (ascending indices inside it).
    static func decodeSplit(_ input: [UInt8], at cuts: [Int], limits: ResponseLimits) throws -> [ResponseEvent] {
        var decoder = ResponseDecoder(limits: limits)
        var events: [ResponseEvent] = []
        var start = 0
        for end in cuts + [input.count] {
            events += try decoder.decode(Array(input[start..<end]))
            start = end
        }
        return merged(events)
    }

    /// The bytes of each response in a server stream (a transcript), as the decoder frames them:
    /// the stream fed byte by byte, cut wherever a response has just been completed.
    static func responses(in stream: [UInt8], limits: ResponseLimits = ResponseLimits()) throws -> [[UInt8]] {
        var decoder = ResponseDecoder(limits: limits)
        var pieces: [[UInt8]] = []
        var start = 0
        for index in stream.indices {
            let events = try decoder.decode([stream[index]])
            if !events.isEmpty, decoder.isAtResponseBoundary {
                pieces.append(Array(stream[start...index]))
                start = index + 1
            }
        }
        if start < stream.count { pieces.append(Array(stream[start...])) }
        return pieces
    }

    /// Asserts every chunking of `input` decodes to `expected`.
    static func expect(
        _ input: [UInt8], _ expected: [ResponseEvent], limits: ResponseLimits = ResponseLimits(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (name, run) in allChunkings(input, limits: limits) {
            do {
                let events = try run()
                if events != expected {
                    Issue.record("\(name): got \(events), expected \(expected)", sourceLocation: sourceLocation)
                    return
                }
            } catch {
                Issue.record("\(name): threw \(error)", sourceLocation: sourceLocation)
                return
            }
        }
    }

    /// Asserts every chunking of `input` throws (and never crashes or loops).
    static func expectFailure(
        _ input: [UInt8], limits: ResponseLimits = ResponseLimits(), sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (name, run) in allChunkings(input, limits: limits) {
            do {
                let events = try run()
                Issue.record("\(name): expected an error, got \(events)", sourceLocation: sourceLocation)
                return
            } catch {
                continue
            }
        }
    }
}

extension Array where Element == UInt8 {
    /// Test inputs are written with `\r\n` spelled out.
    init(wire text: String) { self = Array(text.utf8) }
}
