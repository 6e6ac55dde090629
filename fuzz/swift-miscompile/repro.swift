// A discarded copy of an array slice, made in a loop by a mutating method, is freed before it
// is filled when built with `swiftc -O` (Swift 6.3.1): the array's storage is allocated, its
// only reference released, and the slice's bytes then copied into the freed memory. See
// README.md; ./check.sh builds this with AddressSanitizer, which reports the write.
struct Parser {
    let bytes: [UInt8]
    var position = 0

    mutating func literal() -> [UInt8] {
        let data = bytes[(position + 1)..<(position + 11)]
        position += 11
        return Array(data)
    }

    mutating func skipToEnd() {
        while position + 11 <= bytes.count {
            if bytes[position] == UInt8(ascii: "{") {
                _ = literal()
            } else {
                position += 1
            }
        }
    }
}

@inline(never)
func run(_ input: [UInt8]) {
    var parser = Parser(bytes: input)
    parser.skipToEnd()
}

run(Array("* X {0123456789 tail".utf8))
print("done")
