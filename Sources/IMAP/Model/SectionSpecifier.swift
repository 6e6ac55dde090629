/// The `[section]` of `BODY[section]`: which bytes of a message to fetch.
public struct SectionSpecifier: Hashable, Sendable, CustomStringConvertible {
    /// Part numbers (`[2, 1]` for `2.1`); empty for the whole message.
    public var part: [Int]
    public var kind: Kind

    public enum Kind: Hashable, Sendable {
        /// The whole part (or the whole message when ``part`` is empty).
        case complete
        case header
        case headerFields([String])
        case headerFieldsNot([String])
        case text
        /// The MIME header of a part (only valid with a part number).
        case mime
    }

    public init(part: [Int] = [], kind: Kind = .complete) {
        self.part = part
        self.kind = kind
    }

    public static let whole = SectionSpecifier()
    public static let header = SectionSpecifier(kind: .header)
    public static let text = SectionSpecifier(kind: .text)

    /// The text between the brackets, e.g. `1.2.HEADER.FIELDS (SUBJECT)`.
    public var description: String {
        var pieces = part.map(String.init)
        switch kind {
        case .complete: break
        case .header: pieces.append("HEADER")
        case .text: pieces.append("TEXT")
        case .mime: pieces.append("MIME")
        case .headerFields(let names): pieces.append("HEADER.FIELDS (\(names.joined(separator: " ")))")
        case .headerFieldsNot(let names): pieces.append("HEADER.FIELDS.NOT (\(names.joined(separator: " ")))")
        }
        return pieces.joined(separator: ".")
    }
}
