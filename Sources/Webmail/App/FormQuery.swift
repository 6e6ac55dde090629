import HummingbirdCore

/// A request's query string read the way browsers write it: `application/x-www-form-urlencoded`
/// (WHATWG URL, "urlencoded parsing"). `URLSearchParams` sends a space as `+`, so `+` means a space
/// and only `%2B` is a plus sign. Hummingbird's `queryParameters` percent-decodes but keeps `+`,
/// which turned the search `회의 일정 안내` into `회의+일정+안내` and made folders like `Sent Items`
/// unopenable.
public struct FormQuery: Sendable, Equatable {
    /// Name–value pairs in their order; a name may repeat.
    public let pairs: [(name: String, value: String)]

    public init(_ query: String?) {
        var pairs: [(name: String, value: String)] = []
        for field in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let equals = field.firstIndex(of: "=") {
                name = field[..<equals]
                value = field[field.index(after: equals)...]
            } else {
                name = field
                value = ""
            }
            pairs.append((Self.decode(name), Self.decode(value)))
        }
        self.pairs = pairs
    }

    /// The first value given for `name`, or nil when the query does not name it.
    public func get(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    public static func == (lhs: FormQuery, rhs: FormQuery) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }

    /// `+` → space, then `%XX` → the byte XX; a `%` not followed by two hex digits stays as it is,
    /// and bytes that are not UTF-8 become U+FFFD, as browsers do.
    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var input = text.utf8[...]
        while let byte = input.popFirst() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                if input.count >= 2, let high = hexValue(input[input.startIndex]),
                    let low = hexValue(input[input.index(after: input.startIndex)]) {
                    bytes.append(high << 4 | low)
                    input = input.dropFirst(2)
                } else {
                    bytes.append(byte)
                }
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension URI {
    /// The query string decoded as a browser's form encoding (see `FormQuery`).
    public var formQuery: FormQuery { FormQuery(query) }
}
