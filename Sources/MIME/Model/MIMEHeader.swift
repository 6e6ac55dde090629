/// One header field: its name as written and its value as raw, unfolded bytes.
///
/// The value stays bytes because mail headers may carry raw 8-bit text (UTF-8 or, from old
/// Korean mailers, EUC-KR); `value` decodes it (RFC 2047 plus charset detection) on demand.
public struct MIMEHeaderField: Sendable, Hashable {
    public let name: String
    /// Unfolded value bytes, leading and trailing whitespace removed.
    public let rawValue: [UInt8]

    public init(name: String, rawValue: [UInt8]) {
        self.name = name
        self.rawValue = rawValue
    }

    /// The value as display text: RFC 2047 encoded words decoded, raw 8-bit bytes detected.
    public var value: String { EncodedWords.decode(rawValue[...]) }
}

/// The header block of a message or body part: ordered fields, repeated names allowed,
/// names compared case-insensitively.
public struct MIMEHeader: Sendable, Hashable, Sequence {
    public private(set) var fields: [MIMEHeaderField]

    public init(_ fields: [MIMEHeaderField] = []) {
        self.fields = fields
    }

    /// Parses a header block (e.g. IMAP `BODY[HEADER]`); parsing stops at the blank line.
    public init<C: Collection>(parsing bytes: C, maxBytes: Int = MIMELimits.default.maxHeaderBytes) where C.Element == UInt8 {
        self = HeaderBlockParser.parse(ArraySlice(bytes), maxHeaderBytes: maxBytes).header
    }

    public func makeIterator() -> IndexingIterator<[MIMEHeaderField]> { fields.makeIterator() }

    /// The decoded value of the first field with this name.
    public subscript(name: String) -> String? { first(name)?.value }

    /// The first field with this name (case-insensitive).
    public func first(_ name: String) -> MIMEHeaderField? {
        fields.first { Self.namesMatch($0.name, name) }
    }

    /// The raw bytes of the first field with this name.
    public func rawValue(_ name: String) -> [UInt8]? { first(name)?.rawValue }

    /// The decoded values of every field with this name, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { Self.namesMatch($0.name, name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool { first(name) != nil }

    static func namesMatch(_ left: String, _ right: String) -> Bool {
        left.utf8.count == right.utf8.count && left.lowercased() == right.lowercased()
    }
}
