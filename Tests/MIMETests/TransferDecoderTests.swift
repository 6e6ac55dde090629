import Testing
@testable import MIME

@Suite struct TransferDecoderTests {
    static let sample: [UInt8] = Array("한국어 텍스트와 binary \u{0} bytes — \r\n".utf8)
        + (0...255).map(UInt8.init).filter { $0 != 10 && $0 != 13 } + Array(" trailing \r\n".utf8)

    /// Streams `encoded` through a `TransferDecoder` in chunks of `chunkSize` bytes.
    static func decodeInChunks(_ encoded: [UInt8], _ encoding: TransferEncoding, chunkSize: Int) -> [UInt8] {
        var decoder = TransferDecoder(encoding)
        var output: [UInt8] = []
        var index = 0
        while index < encoded.count {
            output += decoder.decode(encoded[index..<min(index + chunkSize, encoded.count)])
            index += chunkSize
        }
        return output + decoder.finish()
    }

    @Test(arguments: [1, 2, 3, 5, 7, 64, 1000])
    func base64ChunkSplitsDoNotMatter(chunkSize: Int) {
        let encoded = Base64Encoder.encode(Self.sample)
        #expect(Self.decodeInChunks(encoded, .base64, chunkSize: chunkSize) == Self.sample)
    }

    @Test func base64Tolerance() {
        // Bad line lengths, stray whitespace and junk, missing padding.
        let messy = Array("SGVs bG8g\r\nV29y\tbGQ*\nh".utf8)
        #expect(TransferDecoder.decode(messy, encoding: .base64) == Array("Hello World!".utf8))
        #expect(TransferDecoder.decode(Array("QQ".utf8), encoding: .base64) == [0x41])
        #expect(TransferDecoder.decode(Array("QUI".utf8), encoding: .base64) == [0x41, 0x42])
    }

    @Test(arguments: [1, 2, 3, 4, 9, 1000])
    func quotedPrintableChunkSplitsDoNotMatter(chunkSize: Int) {
        let encoded = QuotedPrintableEncoder.encode(Self.sample)
        #expect(Self.decodeInChunks(encoded, .quotedPrintable, chunkSize: chunkSize) == Self.sample)
    }

    @Test func quotedPrintableLeniency() {
        // Soft break inside a UTF-8 sequence of "한" (ED 95 9C), LF-only soft break, trailing
        // blanks after "=", a lone "=" and lowercase hex.
        let input = Array("=ED=95=\r\n=9C a=  \nb =3d =zz =e2=82=ac=".utf8)
        let decoded = TransferDecoder.decode(input, encoding: .quotedPrintable)
        #expect(String(decoding: decoded, as: UTF8.self) == "한 ab = =zz €")
    }

    @Test func identityEncodingsPassThrough() {
        for encoding in [TransferEncoding.sevenBit, .eightBit, .binary, .other("x-uuencode")] {
            #expect(TransferDecoder.decode(Self.sample, encoding: encoding) == Self.sample)
        }
        #expect(TransferEncoding(" Base64 ") == .base64)
        #expect(TransferEncoding("x-foo") == .other("x-foo"))
    }
}
