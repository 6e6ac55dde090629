/// Incremental response decoding: feed bytes as they arrive, get ``ResponseEvent``s back.
///
/// Combines the literal-aware framer with the grammar parser. After it throws, the decoder
/// must not be used again: the stream position is unknown, so the connection has to close.
public struct ResponseDecoder: Sendable {
    private var framer: ResponseFramer

    public init(limits: ResponseLimits = ResponseLimits()) {
        self.framer = ResponseFramer(limits: limits)
    }

    /// Consumes a chunk of bytes and returns every event it completes.
    public mutating func decode(_ bytes: [UInt8]) throws -> [ResponseEvent] {
        var events: [ResponseEvent] = []
        for frame in try framer.process(bytes) {
            events.append(contentsOf: try ResponseParser.events(for: frame))
        }
        return events
    }

    /// `true` when no partial response is buffered.
    public var isAtResponseBoundary: Bool { framer.isAtFrameBoundary }
}
