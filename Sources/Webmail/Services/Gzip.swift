import CNIOExtrasZlib
import NIOCore

/// One-shot gzip (RFC 1952) with the zlib that swift-nio-extras vendors, used for SPA assets.
enum Gzip {
    /// Compresses `input`; nil only if zlib refuses (out of memory), in which case the caller
    /// sends the file uncompressed.
    static func compress(_ input: ByteBuffer) -> ByteBuffer? {
        var stream = cnioextras_z_stream()
        // windowBits 15 + 16 selects the gzip wrapper instead of raw zlib.
        guard CNIOExtrasZlib_deflateInit2(&stream, 9, CNIOEXTRAS_Z_DEFLATED, 15 + 16, 8, CNIOEXTRAS_Z_DEFAULT_STRATEGY) == CNIOEXTRAS_Z_OK else { return nil }
        defer { cnioextras_z_deflateEnd(&stream) }
        let bound = Int(cnioextras_z_deflateBound(&stream, cnioextras_z_uLong(input.readableBytes))) + 32
        var output = ByteBufferAllocator().buffer(capacity: bound)
        let status: Int32 = input.withUnsafeReadableBytes { source in
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { target in
                stream.next_in = CNIOExtrasZlib_voidPtr_to_BytefPtr(UnsafeMutableRawPointer(mutating: source.baseAddress))
                stream.avail_in = cnioextras_z_uInt(source.count)
                stream.next_out = CNIOExtrasZlib_voidPtr_to_BytefPtr(target.baseAddress)
                stream.avail_out = cnioextras_z_uInt(target.count)
                let rc = cnioextras_z_deflate(&stream, CNIOEXTRAS_Z_FINISH)
                return rc == CNIOEXTRAS_Z_STREAM_END ? target.count - Int(stream.avail_out) : 0
            } > 0 ? CNIOEXTRAS_Z_STREAM_END : CNIOEXTRAS_Z_BUF_ERROR
        }
        return status == CNIOEXTRAS_Z_STREAM_END ? output : nil
    }
}
