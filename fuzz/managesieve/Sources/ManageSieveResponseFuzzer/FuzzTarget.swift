import ManageSieveParserCore

/// One fuzz input: decoded whole and split in two at a point chosen by the input itself. Both
/// must either fail or yield the same responses — a difference is a framing bug and traps. Any
/// crash, hang or sanitizer report is a finding too. Small limits, so the limits are exercised.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponseDecoder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = ManageSieveResponseLimits(maximumLiteralSize: 1024, maximumLineLength: 512, maximumResponseSize: 2048, maximumLines: 64)
    let whole = decode([input], limits: limits)
    let split = Int(input[0]) % size
    let chunked = decode([Array(input[..<split]), Array(input[split...])], limits: limits)
    if let whole, let chunked, whole != chunked {
        fatalError("chunking changed the decoded responses")
    }
    return 0
}

private func decode(_ chunks: [[UInt8]], limits: ManageSieveResponseLimits) -> [ManageSieveResponse]? {
    var decoder = ManageSieveResponseDecoder(limits: limits)
    var responses: [ManageSieveResponse] = []
    do {
        for chunk in chunks {
            decoder.append(chunk)
            while let response = try decoder.next() { responses.append(response) }
        }
    } catch {
        return nil
    }
    return responses
}
