/// A parsed Content-Disposition (RFC 2183) with RFC 2231 parameters.
public struct ContentDisposition: Sendable, Hashable {
    /// Lowercased disposition type: usually `inline` or `attachment`.
    public let kind: String
    public let parameters: [String: String]

    public init(kind: String, parameters: [String: String] = [:]) {
        self.kind = kind.lowercased()
        self.parameters = parameters
    }

    public init<C: Collection>(parsing raw: C) where C.Element == UInt8 {
        let parsed = HeaderParameters(parsing: raw)
        self.init(kind: parsed.value, parameters: parsed.parameters)
    }

    public init(parsing string: String) {
        self.init(parsing: Array(string.utf8))
    }

    public var isAttachment: Bool { kind == "attachment" }
    public var isInline: Bool { kind == "inline" }
    public var filename: String? { parameters["filename"] }
}
