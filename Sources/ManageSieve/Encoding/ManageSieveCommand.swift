/// The bytes of one ManageSieve command. Names go out as quoted strings (refused when they hold
/// control characters, which no script name may contain: RFC 5804 section 1.6), script bodies
/// as non-synchronizing literals (`{n+}`, which every ManageSieve server accepts).
struct ManageSieveCommand: Sendable {
    /// The command word, for errors and logs (never the arguments: they may hold secrets).
    let name: String
    private(set) var bytes: [UInt8]

    init(_ name: String) {
        self.name = name
        self.bytes = Array(name.utf8)
    }

    mutating func quoted(_ value: String) throws {
        bytes.append(ASCII.space)
        bytes.append(ASCII.quote)
        for scalar in value.unicodeScalars {
            if Self.isControl(scalar) {
                throw ManageSieveError.invalidArgument("\(name): a control character in a string argument")
            }
            if scalar == "\"" || scalar == "\\" { bytes.append(ASCII.backslash) }
            bytes.append(contentsOf: String(scalar).utf8)
        }
        bytes.append(ASCII.quote)
    }

    mutating func literal(_ value: [UInt8]) {
        bytes.append(ASCII.space)
        bytes.append(contentsOf: Array("{\(value.count)+}\r\n".utf8))
        bytes.append(contentsOf: value)
    }

    mutating func number(_ value: Int) {
        bytes.append(ASCII.space)
        bytes.append(contentsOf: Array(String(value).utf8))
    }

    func finished() -> [UInt8] { bytes + [ASCII.cr, ASCII.lf] }

    /// C0, DEL, C1 and the Unicode line and paragraph separators.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
