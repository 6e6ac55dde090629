import MIME
import Testing

/// `UTF8Validator` must answer exactly what the standard library's validation answers.
@Suite struct UTF8ValidatorTests {
    static func agrees(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer(UTF8Validator.isValid) == (String(validating: bytes, as: UTF8.self) != nil)
    }

    /// Every lead byte with every second byte, then a third and fourth from the edges of the
    /// continuation range, after ASCII runs long and short enough to take the eight-byte path.
    @Test func everyLeadAndSecondByte() {
        let edges: [UInt8] = [0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0]
        var disagreements: [[UInt8]] = []
        for lead in UInt8(0x80)...0xFF {
            for second in UInt8(0)...0xFF {
                for third in edges {
                    let prefix: [UInt8] = second % 2 == 0 ? [] : Array("abcdefghij".utf8)
                    for candidate in [prefix + [lead, second], prefix + [lead, second, third], prefix + [lead, second, third, 0xBF, 0x41]] {
                        if !Self.agrees(candidate) { disagreements.append(candidate) }
                    }
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    @Test func randomMixes() {
        var state: UInt64 = 42
        let pieces: [[UInt8]] = [
            Array("안녕하세요 ".utf8), Array("plain ascii text ".utf8), Array("é€😀".utf8), [0xED, 0xA0, 0x80], [0xC3], [0xFF], [0xE0, 0x80, 0x80],
            [0xF4, 0x90, 0x80, 0x80], Array("힣".utf8), [0x80],
        ]
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(state % 6) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            #expect(Self.agrees(bytes), "\(bytes)")
        }
    }
}
