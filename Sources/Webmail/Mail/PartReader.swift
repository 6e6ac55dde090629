import NIOCore

/// Reads a part's byte stream in steps: its first bytes (to check them) and then the rest, or
/// all of it up to a bound. Holds the stream's iterator for the one task that reads it.
/// A response body reads it after the handler has: one reader at a time, never concurrently,
/// which is why this unchecked Sendable is sound.
final class PartReader: @unchecked Sendable {
    private var iterator: AsyncThrowingStream<ByteBuffer, any Error>.Iterator

    init(_ stream: AsyncThrowingStream<ByteBuffer, any Error>) {
        iterator = stream.makeAsyncIterator()
    }

    func next() async throws -> ByteBuffer? {
        try await iterator.next()
    }

    /// At least `count` bytes from the start (fewer only if the part is shorter): whole chunks.
    func head(_ count: Int) async throws -> ByteBuffer {
        var head = ByteBuffer()
        while head.readableBytes < count, var chunk = try await iterator.next() {
            head.writeBuffer(&chunk)
        }
        return head
    }

    /// The first `limit` bytes, and whether that is every byte (reading stops just past `limit`).
    func prefix(_ limit: Int) async throws -> (bytes: [UInt8], complete: Bool) {
        var bytes: [UInt8] = []
        while let chunk = try await iterator.next() {
            bytes += chunk.readableBytesView
            if bytes.count > limit { return (Array(bytes.prefix(limit)), false) }
        }
        return (bytes, true)
    }
}
