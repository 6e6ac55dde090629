/// Turns bytes in a named (or unnamed) charset into a Swift `String`. Never throws, never fails:
/// undecodable bytes become U+FFFD.
///
/// - A known label decodes with its real-world superset (see `CharsetLabel`): every EUC-KR label
///   as CP949, `iso-8859-1`/`us-ascii` as windows-1252, Shift_JIS as CP932, GB2312 as GB18030.
/// - No label, or an unknown one: valid UTF-8 wins, else `CharsetDetector` picks CP949,
///   Shift_JIS, GB18030, Big5 or windows-1252 from byte statistics.
///
/// ```swift
/// let subject = CharsetDecoder.decode(bytes, charset: "ks_c_5601-1987")
/// let guessed = CharsetDecoder.decode(rawHeaderBytes)   // detection
/// ```
public enum CharsetDecoder {
    /// Decodes `bytes` in `charset`; nil or unknown charset → detection.
    public static func decode<C: Collection>(_ bytes: C, charset: String? = nil) -> String where C.Element == UInt8 {
        if let result = bytes.withContiguousStorageIfAvailable({ decode(buffer: $0, charset: charset) }) {
            return result
        }
        return Array(bytes).withUnsafeBufferPointer { decode(buffer: $0, charset: charset) }
    }

    /// Whether the label names a charset we can decode (aliases included).
    public static func isKnown(_ charset: String) -> Bool {
        guard let decoding = CharsetLabel.decoding(for: charset) else { return false }
        if case .iconv(let name) = decoding { return IconvConverterPool.shared.supports(name) }
        return true
    }

    /// The label detection would pick for undeclared bytes: "utf-8", "cp949", "shift_jis",
    /// "gb18030", "big5" or "windows-1252".
    public static func detectCharset<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let guess = Array(bytes).withUnsafeBufferPointer { CharsetDetector.guess($0) }
        switch guess {
        case .utf8: return "utf-8"
        case .cp949: return "cp949"
        case .shiftJIS: return "shift_jis"
        case .gb18030: return "gb18030"
        case .big5: return "big5"
        case .windows1252: return "windows-1252"
        }
    }

    static func decode(buffer: UnsafeBufferPointer<UInt8>, charset: String?) -> String {
        if buffer.isEmpty { return "" }
        // Pure ASCII reads the same in every charset we accept except the 7-bit stateful ones.
        if let charset, let decoding = CharsetLabel.decoding(for: charset) {
            return decode(buffer: buffer, decoding: decoding) ?? detectAndDecode(buffer)
        }
        return detectAndDecode(buffer)
    }

    private static func decode(buffer: UnsafeBufferPointer<UInt8>, decoding: CharsetLabel.Decoding) -> String? {
        switch decoding {
        case .utf8:
            if UTF8Validator.isValid(buffer) { return String(decoding: buffer, as: UTF8.self) }
            // Mislabelled mail (EUC-KR sent as "utf-8" by old gateways) is common enough to
            // try detection before giving up characters to U+FFFD.
            switch CharsetDetector.guess(buffer) {
            case .cp949, .shiftJIS, .gb18030, .big5: return detectAndDecode(buffer)
            default: return String(decoding: buffer, as: UTF8.self)
            }
        case .usASCII:
            if UTF8Validator.isValid(buffer) { return String(decoding: buffer, as: UTF8.self) }
            return Windows1252.decode(buffer)
        case .windows1252:
            if ASCII.isAllASCII(buffer) { return String(decoding: buffer, as: UTF8.self) }
            return Windows1252.decode(buffer)
        case .iso2022JP:
            let shiftJIS = ISO2022JP.toShiftJIS(buffer)
            return shiftJIS.withUnsafeBufferPointer { IconvConverterPool.shared.decode($0, from: "CP932")?.text }
        case .iconv(let name):
            return IconvConverterPool.shared.decode(buffer, from: name)?.text
        }
    }

    private static func detectAndDecode(_ buffer: UnsafeBufferPointer<UInt8>) -> String {
        if ASCII.isAllASCII(buffer) {
            // 7-bit text may still be ISO-2022 (it starts with an escape sequence).
            if let escape = buffer.firstIndex(of: 0x1B), escape + 3 < buffer.count {
                if buffer[escape + 1] == 0x24, buffer[escape + 2] == 0x29, buffer[escape + 3] == 0x43 {
                    return decode(buffer: buffer, decoding: .iconv("ISO-2022-KR")) ?? String(decoding: buffer, as: UTF8.self)
                }
                if buffer[escape + 1] == 0x24 {
                    return decode(buffer: buffer, decoding: .iso2022JP) ?? String(decoding: buffer, as: UTF8.self)
                }
            }
            return String(decoding: buffer, as: UTF8.self)
        }
        let decoding: CharsetLabel.Decoding
        switch CharsetDetector.guess(buffer) {
        case .utf8: decoding = .utf8
        case .cp949: decoding = .iconv("CP949")
        case .shiftJIS: decoding = .iconv("CP932")
        case .gb18030: decoding = .iconv("GB18030")
        case .big5: decoding = .iconv("BIG5-HKSCS")
        case .windows1252: decoding = .windows1252
        }
        return decode(buffer: buffer, decoding: decoding) ?? String(decoding: buffer, as: UTF8.self)
    }
}
