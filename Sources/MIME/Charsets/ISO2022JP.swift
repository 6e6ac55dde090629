/// ISO-2022-JP, transcoded to Shift_JIS bytes and decoded as CP932.
///
/// Why not iconv's ISO-2022-JP: Japanese mailers (Outlook, old Windows clients) put the Microsoft
/// extensions (NEC row 13 such as ①, IBM extensions) into ISO-2022-JP; glibc's strict decoder
/// rejects them, CP932 has them all. JIS X 0208 pairs map arithmetically to Shift_JIS.
enum ISO2022JP {
    private enum Mode { case ascii, jis0208, katakana }

    static func toShiftJIS<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        let input = Array(bytes)
        var output = [UInt8]()
        output.reserveCapacity(input.count)
        var mode = Mode.ascii
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == 0x1B, index + 2 < input.count {
                let first = input[index + 1], second = input[index + 2]
                if first == 0x28, second == 0x42 || second == 0x4A { mode = .ascii; index += 3; continue }
                if first == 0x28, second == 0x49 { mode = .katakana; index += 3; continue }
                if first == 0x24, second == 0x40 || second == 0x42 { mode = .jis0208; index += 3; continue }
                if first == 0x24, second == 0x28, index + 3 < input.count { mode = .jis0208; index += 4; continue }
            }
            if byte == ASCII.cr || byte == ASCII.lf {
                // A line end always returns to ASCII in practice (RFC 1468 requires it).
                output.append(byte); index += 1; mode = .ascii; continue
            }
            switch mode {
            case .ascii:
                output.append(byte); index += 1
            case .katakana:
                output.append(byte < 0x80 ? byte | 0x80 : byte); index += 1
            case .jis0208:
                guard index + 1 < input.count else { output.append(byte); index += 1; continue }
                let high = input[index] & 0x7F, low = input[index + 1] & 0x7F
                index += 2
                guard (0x21...0x7E).contains(high), (0x21...0x7E).contains(low) else {
                    output.append(0x3F); continue
                }
                let lead = ((high + 1) >> 1) + (high <= 0x5E ? 0x70 : 0xB0)
                let trail: UInt8
                if high & 1 == 1 {
                    trail = low + (low <= 0x5F ? 0x1F : 0x20)
                } else {
                    trail = low + 0x7E
                }
                output.append(lead); output.append(trail)
            }
        }
        return output
    }
}
