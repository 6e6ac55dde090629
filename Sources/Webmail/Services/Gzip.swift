import CZlib
import NIOCore

/// One-shot gzip (RFC 1952) with the system's zlib, used for SPA assets.
enum Gzip {
    /// Compresses `input`; nil only if zlib refuses (out of memory), in which case the caller
    /// sends the file uncompressed.
    static func compress(_ input: ByteBuffer) -> ByteBuffer? {
        var stream = z_stream()
        // windowBits 15 + 16 selects the gzip wrapper instead of raw zlib.
        guard CZlib_deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.readableBytes))) + 32
        var output = ByteBufferAllocator().buffer(capacity: bound)
        let status: Int32 = input.withUnsafeReadableBytes { source in
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress?.assumingMemoryBound(to: Bytef.self))
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(target.count)
                let rc = deflate(&stream, Z_FINISH)
                return rc == Z_STREAM_END ? target.count - Int(stream.avail_out) : 0
            } > 0 ? Z_STREAM_END : Z_BUF_ERROR
        }
        return status == Z_STREAM_END ? output : nil
    }
}
