import IMAPParserCore

/// One fuzz input: decoded whole and split in two at a point chosen by the input itself. Both
/// must either fail or yield the same events (after merging streamed bytes) — a difference is a
/// framing bug and traps. Any crash, hang or sanitizer report is a finding too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponseDecoder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    // A small streaming threshold so streamed FETCH values are exercised too.
    let limits = ResponseLimits(maximumFrameSize: 1 << 16, streamingThreshold: 16)
    let whole = decode([input], limits: limits)
    let split = Int(input[0]) % size
    let pieces = [Array(input[..<split]), Array(input[split...])]
    let chunked = decode(pieces, limits: limits)
    if let whole, let chunked, whole != chunked {
        fatalError("chunking changed the decoded events")
    }
    return 0
}

private func decode(_ chunks: [[UInt8]], limits: ResponseLimits) -> [ResponseEvent]? {
    var decoder = ResponseDecoder(limits: limits)
    var events: [ResponseEvent] = []
    do {
        for chunk in chunks { events += try decoder.decode(chunk) }
    } catch {
        return nil
    }
    var merged: [ResponseEvent] = []
    for event in events {
        if case .streamingBodyBytes(let more) = event, case .streamingBodyBytes(let previous)? = merged.last {
            merged[merged.count - 1] = .streamingBodyBytes(previous + more)
        } else {
            merged.append(event)
        }
    }
    return merged
}
