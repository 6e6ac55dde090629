/// windows-1252, decoded in Swift: it is what `iso-8859-1` and `us-ascii` labelled mail really is
/// (as in browsers), and it must never fail — iconv rejects the five unassigned bytes 0x81, 0x8D,
/// 0x8F, 0x90, 0x9D, which we map to the C1 controls of the same value like the WHATWG decoder.
enum Windows1252 {
    private static let high: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func decode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value: UInt32 = (byte >= 0x80 && byte < 0xA0) ? UInt32(high[Int(byte - 0x80)]) : UInt32(byte)
            if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
        }
        return String(scalars)
    }
}
