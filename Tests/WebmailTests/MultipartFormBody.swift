import Foundation
import NIOCore

/// A multipart/form-data body as a browser sends it, for tests.
struct MultipartFormBody {
    let boundary = "zm-test-\(UUID().uuidString)"
    private var bytes: [UInt8] = []

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    mutating func field(_ name: String, _ value: String) {
        bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }

    /// A file part; `disposition` overrides the whole Content-Disposition value (for hostile names).
    mutating func file(_ name: String, filename: String, contentType: String = "application/octet-stream", data: [UInt8],
                       disposition: String? = nil) {
        let value = disposition ?? "form-data; name=\"\(name)\"; filename=\"\(filename)\""
        bytes += Array("--\(boundary)\r\nContent-Disposition: \(value)\r\nContent-Type: \(contentType)\r\n\r\n".utf8)
        bytes += data
        bytes += Array("\r\n".utf8)
    }

    var buffer: ByteBuffer { ByteBuffer(bytes: bytes + Array("--\(boundary)--\r\n".utf8)) }
}

/// Bytes that are not text and differ at every position, so a shifted or truncated copy shows.
func testPayload(_ count: Int, seed: UInt8 = 7) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ ($0 >> 9) &+ Int(seed)) }
}
