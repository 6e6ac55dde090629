import MIME

/// One fuzz input for the multipart/form-data parser (the request bodies of `/mail/send`,
/// `/mail/drafts` and `/mail/uploads`): the first byte picks a boundary and a chunk size, the
/// rest is the body. Besides crashes, traps and sanitizer reports, a finding is a parse that
/// depends on how the body was split into chunks (the server reads it as the network delivers
/// it), or a part header beyond the limits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormData(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let control = data[0]
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let boundaries = ["B", "----WebKitFormBoundary7MA4YWxkTrZu0gW", "zm-test-0", "a'()+_,-./:=? z"]
    let boundary = boundaries[Int(control & 0x03)]
    let chunkSize = Int(control >> 2) + 1
    let limits = FormDataParser.Limits(maxHeaderBytes: 512, maxHeaderFields: 4, maxParts: 16)
    let whole = parse(body, boundary: boundary, chunkSize: nil, limits: limits)
    let chunked = parse(body, boundary: boundary, chunkSize: chunkSize, limits: limits)
    precondition(whole == chunked, "chunking changed the result: \(whole) vs \(chunked) (chunk size \(chunkSize))")
    return 0
}

/// Parts (headers and whole body) and how the parse ended, or the failure.
struct Outcome: Equatable {
    var parts: [Part] = []
    var failure: FormDataParser.Failure?

    struct Part: Equatable {
        var headers: [FormDataParser.Header]
        var body: [UInt8]
    }
}

func parse(_ body: [UInt8], boundary: String, chunkSize: Int?, limits: FormDataParser.Limits) -> Outcome {
    var outcome = Outcome()
    do {
        var parser = try FormDataParser(boundary: boundary, limits: limits)
        var start = 0
        let step = chunkSize ?? max(1, body.count)
        repeat {
            let end = min(body.count, start + step)
            try parser.feed(body[start..<end]) { event in
                switch event {
                case .partBegin(let headers):
                    precondition(headers.count <= limits.maxHeaderFields)
                    precondition(headers.allSatisfy { !$0.name.isEmpty })
                    outcome.parts.append(.init(headers: headers, body: []))
                case .body(let bytes): outcome.parts[outcome.parts.count - 1].body += bytes
                case .partEnd: break
                }
            }
            start = end
        } while start < body.count
        try parser.finish()
        precondition(outcome.parts.count <= limits.maxParts)
    } catch let failure as FormDataParser.Failure {
        // Where a failure is noticed may differ with chunking; that it fails may not.
        outcome.parts = []
        outcome.failure = failure
    } catch {
        preconditionFailure("unexpected error \(error)")
    }
    return outcome
}
