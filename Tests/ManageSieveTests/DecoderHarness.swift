import ManageSieve

/// Feeds bytes to a fresh decoder in the given chunk sizes (cycled; `[]` = all at once) and
/// returns every response, or the first error.
enum DecoderHarness {
    static func decode(_ bytes: [UInt8], chunks: [Int], limits: ManageSieveResponseLimits = ManageSieveResponseLimits()) throws -> [ManageSieveResponse] {
        var decoder = ManageSieveResponseDecoder(limits: limits)
        var responses: [ManageSieveResponse] = []
        var offset = 0
        var index = 0
        while offset < bytes.count {
            let size = chunks.isEmpty ? bytes.count : max(1, chunks[index % chunks.count])
            index += 1
            let end = min(bytes.count, offset + size)
            decoder.append(bytes[offset..<end])
            offset = end
            while let response = try decoder.next() { responses.append(response) }
        }
        return responses
    }
}
