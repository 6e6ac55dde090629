/// Turns the byte stream from a ManageSieve server into complete responses, however the bytes
/// are chunked. Never traps on any input: bad bytes throw ``ManageSieveParseError`` and sizes
/// are bounded by ``ManageSieveResponseLimits``.
public struct ManageSieveResponseDecoder: Sendable {
    public let limits: ManageSieveResponseLimits
    private var buffer: [UInt8] = []
    /// The first byte not yet part of a returned response.
    private var start = 0

    public init(limits: ManageSieveResponseLimits = ManageSieveResponseLimits()) {
        self.limits = limits
    }

    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        // Drop consumed bytes now and then rather than on every response (no quadratic copies).
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Whether bytes of an unfinished response are waiting.
    public var hasPartialResponse: Bool { start < buffer.count }

    /// The next complete response, or `nil` when more bytes are needed.
    public mutating func next() throws -> ManageSieveResponse? {
        guard start < buffer.count else { return nil }
        var scanner = ManageSieveResponseScanner(bytes: buffer, position: start, limits: limits)
        do {
            let response = try scanner.response()
            start = scanner.position
            return response
        } catch is ManageSieveResponseScanner.NeedMoreBytes {
            if buffer.count - start > limits.maximumResponseSize {
                throw ManageSieveParseError.tooLarge("response over \(limits.maximumResponseSize) bytes")
            }
            return nil
        }
    }
}
