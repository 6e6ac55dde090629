import Testing
@testable import MIME

@Suite struct CharsetDecoderTests {
    /// EUC-KR of "안녕하세요" followed by CP949-only 똠 (0x8C 0x63).
    static let koreanWithCP949Only: [UInt8] = [0xBE, 0xC8, 0xB3, 0xE7, 0xC7, 0xCF, 0xBC, 0xBC, 0xBF, 0xE4, 0x8C, 0x63]

    @Test(arguments: ["euc-kr", "EUC-KR", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "korean",
                      "windows-949", "uhc", "cp949", "x-windows-949", "\"euc-kr\""])
    func everyKoreanLabelDecodesAsCP949(label: String) {
        #expect(CharsetDecoder.decode(Self.koreanWithCP949Only, charset: label) == "안녕하세요똠")
    }

    @Test func cp949OnlySyllablesSurvive() {
        let bytes: [UInt8] = [0x8C, 0x63, 0xC1, 0x64, 0x94, 0xEE] // 똠 햏 뷁 in CP949
        let decoded = CharsetDecoder.decode(bytes, charset: "euc-kr")
        #expect(decoded == "똠햏뷁")
    }

    @Test func iso2022KR() {
        // "한국어" in ISO-2022-KR: designator, SO, bytes, SI.
        let bytes: [UInt8] = [0x1B, 0x24, 0x29, 0x43, 0x0E, 0x47, 0x51, 0x31, 0x39, 0x3E, 0x6E, 0x0F]
        #expect(CharsetDecoder.decode(bytes, charset: "iso-2022-kr") == "한국어")
    }

    @Test func latin1AndASCIILabelsAreWindows1252() {
        #expect(CharsetDecoder.decode([0x80, 0x20, 0xE9], charset: "iso-8859-1") == "€ é")
        #expect(CharsetDecoder.decode([0x93, 0x61, 0x94], charset: "us-ascii") == "“a”")
        // Unassigned windows-1252 bytes never fail.
        #expect(CharsetDecoder.decode([0x81, 0x41], charset: "windows-1252").hasSuffix("A"))
    }

    @Test func japaneseAndChineseLabels() {
        #expect(CharsetDecoder.decode([0x82, 0xA0, 0x82, 0xA2], charset: "shift_jis") == "あい")
        #expect(CharsetDecoder.decode([0x87, 0x40], charset: "shift_jis") == "①") // CP932 NEC row 13
        // ISO-2022-JP with the NEC extension ① (JIS 0x2D21).
        let jis: [UInt8] = [0x1B, 0x24, 0x42, 0x24, 0x22, 0x2D, 0x21, 0x1B, 0x28, 0x42]
        #expect(CharsetDecoder.decode(jis, charset: "iso-2022-jp") == "あ①")
        #expect(CharsetDecoder.decode([0xA4, 0xA2], charset: "euc-jp") == "あ")
        #expect(CharsetDecoder.decode([0xC4, 0xE3, 0xBA, 0xC3], charset: "gb2312") == "你好")
        #expect(CharsetDecoder.decode([0xA7, 0x41, 0xA6, 0x6E], charset: "big5") == "你好")
        #expect(CharsetDecoder.decode([0xF0, 0xD2, 0xC9, 0xD7], charset: "koi8-r") == "Прив")
        #expect(CharsetDecoder.decode(Array("+xUixVQ-".utf8), charset: "utf-7") == "안녕")
    }

    @Test func undeclaredTextIsDetected() {
        #expect(CharsetDecoder.decode(Array("한글 UTF-8".utf8)) == "한글 UTF-8")
        let korean: [UInt8] = [0xC7, 0xD1, 0xB1, 0xDB, 0x20, 0xB8, 0xDE, 0xC0, 0xCF, 0x20, 0xC1, 0xA6, 0xB8, 0xF1]
        #expect(CharsetDecoder.decode(korean) == "한글 메일 제목")
        #expect(CharsetDecoder.detectCharset(korean) == "cp949")
        let japanese: [UInt8] = [0x82, 0xB1, 0x82, 0xF1, 0x82, 0xC9, 0x82, 0xBF, 0x82, 0xCD, 0x90, 0xA2, 0x8A, 0x45]
        #expect(CharsetDecoder.decode(japanese) == "こんにちは世界")
        let chinese: [UInt8] = [0xCE, 0xD2, 0xC3, 0xC7, 0xCA, 0xC7, 0xD6, 0xD0, 0xB9, 0xFA, 0xC8, 0xCB]
        #expect(CharsetDecoder.decode(chinese) == "我们是中国人")
        let big5: [UInt8] = [0xA7, 0xDA, 0xAD, 0xCC, 0xAC, 0x4F, 0xA4, 0xA4, 0xB0, 0xEA, 0xA4, 0x48]
        #expect(CharsetDecoder.decode(big5) == "我們是中國人")
        #expect(CharsetDecoder.decode([0x43, 0x61, 0x66, 0xE9]) == "Café")
    }

    @Test func mislabelledUTF8FallsBackToDetection() {
        let eucKR: [UInt8] = [0xC7, 0xD1, 0xB1, 0xDB, 0x20, 0xB8, 0xDE, 0xC0, 0xCF]
        #expect(CharsetDecoder.decode(eucKR, charset: "utf-8") == "한글 메일")
        #expect(CharsetDecoder.decode([0x61, 0xFF, 0x62], charset: "utf-8") == "a\u{FFFD}b")
    }

    @Test func unknownLabelFallsBackToDetection() {
        #expect(CharsetDecoder.decode(Array("한글".utf8), charset: "x-unknown-charset") == "한글")
        #expect(!CharsetDecoder.isKnown("x-unknown-charset"))
        #expect(CharsetDecoder.isKnown("ks_c_5601-1987"))
    }

    @Test func invalidBytesBecomeReplacementCharacters() {
        let decoded = CharsetDecoder.decode([0x41, 0xFF, 0x42], charset: "euc-kr")
        #expect(decoded.hasPrefix("A"))
        #expect(decoded.hasSuffix("B"))
        #expect(decoded.contains("\u{FFFD}"))
        #expect(CharsetDecoder.decode([0xB0], charset: "cp949") == "\u{FFFD}")
    }

    /// Label normalisation (both its fast path and the general one) gives the alias table's keys.
    @Test(arguments: [
        ("UTF-8", "utf-8"), ("utf-8", "utf-8"), (" UTF-8\t", "utf-8"), ("\"UTF-8\"", "utf-8"), ("'utf-8'", "utf-8"),
        ("utf-8*ko", "utf-8"), ("KS_C_5601-1987", "ks_c_5601-1987"), ("ISO-8859-1", "iso-8859-1"), ("x-Mac.Roman:1", "x-mac.roman:1"),
    ])
    func labelsAreNormalized(_ label: String, _ expected: String) {
        #expect(CharsetLabel.normalized(label) == expected)
    }
}
