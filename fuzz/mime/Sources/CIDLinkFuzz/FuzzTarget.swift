import MIME

/// One fuzz input for the `cid:` rewrite (issue 23): bytes up to the first NUL are Content-IDs,
/// one a line; the rest is the HTML. Besides crashes and sanitizer reports, a finding is output
/// that breaks what the rewrite promises: unchanged input when nothing matches, and never more
/// `cid:` references than there were.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let split = bytes.firstIndex(of: 0) ?? 0
    let ids = bytes[..<split].split(separator: 0x0A).prefix(64).map { String(decoding: $0, as: UTF8.self) }
    let html = String(decoding: bytes[(split == 0 ? 0 : split + 1)...], as: UTF8.self)
    let rewriter = CIDLinkRewriter(links: ids.enumerated().map { (contentID: $0.element, url: "/p/\($0.offset)") })
    let output = rewriter.rewrite(html)
    let before = references(html)
    if before == 0 || rewriter.isEmpty { precondition(output == html, "rewritten without a cid: reference") }
    precondition(references(output) <= before, "the rewrite added cid: references")
    return 0
}

/// `cid:` in any case, counted.
private func references(_ text: String) -> Int {
    let bytes = Array(text.utf8)
    guard bytes.count >= 4 else { return 0 }
    return (0...(bytes.count - 4)).count { index in
        bytes[index] | 0x20 == 0x63 && bytes[index + 1] | 0x20 == 0x69 && bytes[index + 2] | 0x20 == 0x64 && bytes[index + 3] == 0x3A
    }
}
