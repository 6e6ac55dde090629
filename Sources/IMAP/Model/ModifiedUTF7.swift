/// Modified UTF-7 (RFC 3501 section 5.1.3), the encoding of non-ASCII mailbox names for servers
/// without UTF8=ACCEPT (Dovecot 2.3 among them): `프로젝트` travels as `&1QS4XMgd0rg-`.
public enum ModifiedUTF7 {
    /// The modified-base64 alphabet: standard base64 with `,` instead of `/`.
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".utf8)

    private static let decodeTable: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(index) }
        return table
    }()

    /// Encodes a Unicode mailbox name. Printable ASCII passes through (`&` becomes `&-`);
    /// every other run of characters becomes `&` + modified base64 of its UTF-16BE + `-`.
    public static func encode(_ name: String) -> String {
        var output: [UInt8] = []
        var pending: [UInt16] = []

        func flush() {
            guard !pending.isEmpty else { return }
            var bytes: [UInt8] = []
            for unit in pending { bytes.append(UInt8(unit >> 8)); bytes.append(UInt8(unit & 0xFF)) }
            output.append(UInt8(ascii: "&"))
            var index = 0
            while index < bytes.count {
                let b0 = bytes[index]
                let b1: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
                let b2: UInt8? = index + 2 < bytes.count ? bytes[index + 2] : nil
                output.append(alphabet[Int(b0 >> 2)])
                output.append(alphabet[Int(((b0 & 0x03) << 4) | ((b1 ?? 0) >> 4))])
                if let b1 { output.append(alphabet[Int(((b1 & 0x0F) << 2) | ((b2 ?? 0) >> 6))]) }
                if let b2 { output.append(alphabet[Int(b2 & 0x3F)]) }
                index += 3
            }
            output.append(UInt8(ascii: "-"))
            pending.removeAll()
        }

        for scalar in name.unicodeScalars {
            let value = scalar.value
            if value >= 0x20 && value <= 0x7E {
                flush()
                output.append(UInt8(value))
                if value == UInt32(UInt8(ascii: "&")) { output.append(UInt8(ascii: "-")) }
            } else {
                pending.append(contentsOf: Array(String(scalar).utf16))
            }
        }
        flush()
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes a modified UTF-7 name; `nil` when it is not valid modified UTF-7
    /// (8-bit bytes, a bad base64 run, an unpaired surrogate).
    public static func decode(_ encoded: [UInt8]) -> String? {
        var result = String.UnicodeScalarView()
        var index = 0
        while index < encoded.count {
            let byte = encoded[index]
            guard byte >= 0x20 && byte <= 0x7E else { return nil }
            if byte != UInt8(ascii: "&") {
                result.append(Unicode.Scalar(byte))
                index += 1
                continue
            }
            guard let end = encoded[(index + 1)...].firstIndex(of: UInt8(ascii: "-")) else { return nil }
            if end == index + 1 {
                result.append("&")
                index = end + 1
                continue
            }
            var bits: UInt32 = 0
            var bitCount = 0
            var units: [UInt16] = []
            var pendingByte: UInt8? = nil
            for position in (index + 1)..<end {
                let value = decodeTable[Int(encoded[position])]
                guard value >= 0 else { return nil }
                bits = (bits << 6) | UInt32(value)
                bitCount += 6
                if bitCount >= 8 {
                    bitCount -= 8
                    let decoded = UInt8((bits >> UInt32(bitCount)) & 0xFF)
                    if let high = pendingByte {
                        units.append(UInt16(high) << 8 | UInt16(decoded))
                        pendingByte = nil
                    } else {
                        pendingByte = decoded
                    }
                }
            }
            // Leftover bits must be zero padding, and bytes must pair into UTF-16 units.
            guard pendingByte == nil, bits & ((1 << UInt32(bitCount)) - 1) == 0 else { return nil }
            var iterator = units.makeIterator()
            var decoder = UTF16()
            decodeLoop: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar):
                    // Printable ASCII must not be base64-encoded; reject to keep names canonical.
                    if scalar.value >= 0x20 && scalar.value <= 0x7E { return nil }
                    result.append(scalar)
                case .emptyInput: break decodeLoop
                case .error: return nil
                }
            }
            index = end + 1
        }
        return String(result)
    }
}
