@testable import IMAP
import Testing

/// The word-at-a-time scan for a quoted string's end agrees with a byte-by-byte one, wherever the
/// special byte sits in its word and whatever its neighbours are.
@Suite struct QuotedStringScanTests {
    static let specials: [UInt8] = [0x22, 0x5C, 0x0D, 0x0A]
    /// Bytes one bit or one value away from a special, and high bytes (UTF-8 of Korean text),
    /// which a wrong mask or a borrow between bytes would mistake for one.
    static let neighbours: [UInt8] = [0x21, 0x23, 0x5B, 0x5D, 0x0C, 0x0E, 0x09, 0x0B, 0x02, 0x00, 0x20, 0xA2, 0xDC,
                                      0x8D, 0x8A, 0xFF, 0x80, 0x7F, 0xEC, 0x95, 0x88, 0x61]

    static func naive(_ bytes: [UInt8], from start: Int, to end: Int) -> Int {
        (start..<end).first { specials.contains(bytes[$0]) } ?? end
    }

    @Test func everyPositionOfEverySpecial() {
        var checked = 0
        for length in 0...20 {
            for filler in Self.neighbours {
                let plain = [UInt8](repeating: filler, count: length)
                for start in 0...length {
                    #expect(QuotedStringScan.firstSpecial(in: plain, from: start, to: length) == length)
                    checked += 1
                }
                for position in 0..<length {
                    for special in Self.specials {
                        var bytes = plain
                        bytes[position] = special
                        for start in 0...length {
                            let expected = Self.naive(bytes, from: start, to: length)
                            #expect(QuotedStringScan.firstSpecial(in: bytes, from: start, to: length) == expected,
                                    "length \(length) filler \(filler) special \(special) at \(position) from \(start)")
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked > 100_000)
    }

    /// Random bytes, mostly plain, with a scan that may stop short of the array's end.
    @Test func randomTextAgreesWithTheNaiveScan() {
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 80)
            let bytes = (0..<length).map { _ -> UInt8 in
                let roll = generator.next() % 100
                if roll < 3 { return Self.specials[Int(generator.next() % 4)] }
                if roll < 30 { return Self.neighbours[Int(generator.next() % UInt64(Self.neighbours.count))] }
                return UInt8(truncatingIfNeeded: generator.next())
            }
            let start = length == 0 ? 0 : Int(generator.next() % UInt64(length + 1))
            let end = start + Int(generator.next() % UInt64(length - start + 1))
            #expect(QuotedStringScan.firstSpecial(in: bytes, from: start, to: end) == Self.naive(bytes, from: start, to: end))
        }
    }

    /// Through the parser: quoted strings whose end or escape falls on every offset of a word.
    @Test func parserFindsTheEndAtEveryOffset() throws {
        for length in 0...24 {
            let text = String((0..<length).map { Character(Unicode.Scalar(UInt8(0x61 + $0 % 26))) })
            DecoderHarness.expect(bytes("* 1 FETCH (BODY[1] \"\(text)\")\r\n"),
                                  [fetch(1, [.bodySection(SectionSpecifier(part: [1]), origin: nil, data: bytes(text))])])
            DecoderHarness.expect(bytes("* 1 FETCH (BODY[1] \"\(text)\\\"q\\\\\")\r\n"),
                                  [fetch(1, [.bodySection(SectionSpecifier(part: [1]), origin: nil, data: bytes(text + "\"q\\"))])])
        }
    }
}

/// A small deterministic generator, so a failure names the same inputs every run.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
