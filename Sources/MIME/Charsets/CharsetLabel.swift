/// Maps the charset labels found in mail to what we actually decode with.
///
/// Why a table: glibc iconv does not know several labels real mailers send (`ks_c_5601-1987`,
/// `windows-949`, `x-sjis` …), and some labels must decode as a superset to be correct in
/// practice — every EUC-KR label as CP949 (Outlook and Korean webmail put CP949-only syllables
/// such as 똠 and 햏 into "EUC-KR" mail), `iso-8859-1`/`us-ascii` as windows-1252 (as browsers
/// do), Shift_JIS as CP932, GB2312/GBK as GB18030, Big5 as Big5-HKSCS.
enum CharsetLabel {
    /// How a label is decoded.
    enum Decoding: Equatable, Sendable {
        case utf8
        /// `us-ascii`: 8-bit bytes under this label are mislabelled; valid UTF-8 is read as UTF-8
        /// (the common case with broken mailers), anything else as windows-1252.
        case usASCII
        /// windows-1252 decoded in Swift (iconv rejects the five unassigned bytes).
        case windows1252
        /// ISO-2022-JP transcoded to Shift_JIS and decoded as CP932 (keeps the Microsoft extensions).
        case iso2022JP
        /// Any other charset, by its glibc iconv name.
        case iconv(String)
    }

    /// The decoding for a label, or nil when the label is unknown (callers then detect).
    static func decoding(for label: String) -> Decoding? {
        let key = normalized(label)
        if key.isEmpty { return nil }
        if let known = aliases[key] { return known }
        if key.hasPrefix("iso-8859-") || key.hasPrefix("iso8859-") || key.hasPrefix("iso_8859-") {
            let number = key.split(separator: "-").last.map(String.init) ?? ""
            if let value = Int(number), (2...16).contains(value), value != 12 {
                return .iconv("ISO-8859-\(value)")
            }
            if number == "1" { return .windows1252 }
        }
        if key.hasPrefix("windows-125") || key.hasPrefix("cp125") || key.hasPrefix("x-cp125") {
            if let last = key.last, let digit = last.wholeNumberValue, (0...8).contains(digit) {
                return digit == 2 ? .windows1252 : .iconv("CP125\(digit)")
            }
        }
        return nil
    }

    /// Lowercased, trimmed, without quotes and without an RFC 2231 `*language` suffix.
    static func normalized(_ label: String) -> String {
        // Fast path for the usual label ("UTF-8", "ks_c_5601-1987"): ASCII without spaces,
        // quotes or a "*language" suffix only needs lowercasing. Every encoded word of every
        // subject in a message list comes through here.
        var plain = true
        var hasUppercase = false
        for byte in label.utf8 {
            if byte >= 0x41 && byte <= 0x5A {
                hasUppercase = true
            } else if byte <= ASCII.space || byte >= 0x80 || byte == ASCII.asterisk || byte == ASCII.quote || byte == ASCII.apostrophe {
                plain = false
                break
            }
        }
        if plain { return hasUppercase ? String(decoding: label.utf8.map(ASCII.lowercased), as: UTF8.self) : label }
        var key = label.trimmingASCIIWhitespace.lowercased()
        if let star = key.firstIndex(of: "*") { key = String(key[..<star]) }
        key = key.filter { $0 != "\"" && $0 != "'" }
        return key
    }

    private static let cp949 = Decoding.iconv("CP949")

    private static let aliases: [String: Decoding] = [
        "utf-8": .utf8, "utf8": .utf8, "x-utf-8": .utf8, "unicode-1-1-utf-8": .utf8,
        "utf-7": .iconv("UTF-7"), "unicode-1-1-utf-7": .iconv("UTF-7"), "x-unicode-2-0-utf-7": .iconv("UTF-7"),
        "utf-16": .iconv("UTF-16"), "utf-16le": .iconv("UTF-16LE"), "utf-16be": .iconv("UTF-16BE"),
        "us-ascii": .usASCII, "ascii": .usASCII, "ansi_x3.4-1968": .usASCII, "csascii": .usASCII,
        "iso-8859-1": .windows1252, "iso8859-1": .windows1252, "latin1": .windows1252, "latin-1": .windows1252,
        "l1": .windows1252, "windows-1252": .windows1252, "cp1252": .windows1252, "x-ansi": .windows1252,
        "euc-kr": cp949, "euckr": cp949, "x-euc-kr": cp949, "cseuckr": cp949,
        "ks_c_5601-1987": cp949, "ks_c_5601-1989": cp949, "ks_c_5601": cp949, "ksc5601": cp949,
        "ksc_5601": cp949, "ks_c_5601_1987": cp949, "korean": cp949, "windows-949": cp949,
        "x-windows-949": cp949, "ms949": cp949, "uhc": cp949, "cp949": cp949, "x-uhc": cp949,
        "iso-2022-kr": .iconv("ISO-2022-KR"), "csiso2022kr": .iconv("ISO-2022-KR"),
        "shift_jis": .iconv("CP932"), "shift-jis": .iconv("CP932"), "sjis": .iconv("CP932"),
        "x-sjis": .iconv("CP932"), "ms_kanji": .iconv("CP932"), "csshiftjis": .iconv("CP932"),
        "windows-31j": .iconv("CP932"), "cp932": .iconv("CP932"), "ms932": .iconv("CP932"),
        "euc-jp": .iconv("EUC-JP-MS"), "x-euc-jp": .iconv("EUC-JP-MS"), "eucjp": .iconv("EUC-JP-MS"),
        "iso-2022-jp": .iso2022JP, "csiso2022jp": .iso2022JP, "iso-2022-jp-ms": .iso2022JP,
        "cp50220": .iso2022JP, "cp50221": .iso2022JP, "cp50222": .iso2022JP,
        "gb2312": .iconv("GB18030"), "gbk": .iconv("GB18030"), "x-gbk": .iconv("GB18030"),
        "cp936": .iconv("GB18030"), "euc-cn": .iconv("GB18030"), "gb18030": .iconv("GB18030"),
        "csgb2312": .iconv("GB18030"), "gb_2312-80": .iconv("GB18030"), "chinese": .iconv("GB18030"),
        "big5": .iconv("BIG5-HKSCS"), "big5-hkscs": .iconv("BIG5-HKSCS"), "x-big5": .iconv("BIG5-HKSCS"),
        "cn-big5": .iconv("BIG5-HKSCS"), "csbig5": .iconv("BIG5-HKSCS"), "cp950": .iconv("BIG5-HKSCS"),
        "koi8-r": .iconv("KOI8-R"), "koi8-u": .iconv("KOI8-U"), "cskoi8r": .iconv("KOI8-R"),
        "tis-620": .iconv("CP874"), "windows-874": .iconv("CP874"),
    ]
}
