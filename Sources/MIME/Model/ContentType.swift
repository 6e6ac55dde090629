/// A parsed Content-Type (RFC 2045 §5) with RFC 2231 parameters.
/// Missing or unparseable values fall back to `text/plain` (RFC 2045 default).
public struct ContentType: Sendable, Hashable {
    /// Lowercased top-level type, e.g. `text`.
    public let type: String
    /// Lowercased subtype, e.g. `plain`.
    public let subtype: String
    /// Decoded parameters, names lowercased.
    public let parameters: [String: String]

    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = type.lowercased()
        self.subtype = subtype.lowercased()
        self.parameters = parameters
    }

    /// Parses a raw header value; nil when there is no `type/subtype`.
    public init?<C: Collection>(parsing raw: C) where C.Element == UInt8 {
        let parsed = HeaderParameters(parsing: raw)
        let pieces = parsed.value.split(separator: "/", maxSplits: 1).map { String($0).trimmingASCIIWhitespace }
        guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty,
              !pieces[0].contains(" "), !pieces[1].contains(" ") else { return nil }
        self.init(type: pieces[0], subtype: pieces[1], parameters: parsed.parameters)
    }

    public init?(parsing string: String) {
        self.init(parsing: Array(string.utf8))
    }

    public static let textPlain = ContentType(type: "text", subtype: "plain")
    public static let messageRFC822 = ContentType(type: "message", subtype: "rfc822")

    /// `type/subtype`.
    public var mimeType: String { "\(type)/\(subtype)" }
    public var isMultipart: Bool { type == "multipart" }
    /// message/rfc822 (and message/global, its UTF-8 sibling): a nested message.
    public var isEncapsulatedMessage: Bool { type == "message" && (subtype == "rfc822" || subtype == "global") }
    public var charset: String? { parameters["charset"] }
    public var boundary: String? { parameters["boundary"] }
    /// The legacy `name=` parameter (a filename many mailers still read).
    public var name: String? { parameters["name"] }
}
