/// A message flag: a system flag such as `\Seen` or a keyword such as `$Forwarded`.
///
/// IMAP flags are case-insensitive, so equality and hashing ignore ASCII case while
/// ``rawValue`` keeps the spelling the server used.
public struct Flag: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let seen = Flag("\\Seen")
    public static let answered = Flag("\\Answered")
    public static let flagged = Flag("\\Flagged")
    public static let deleted = Flag("\\Deleted")
    public static let draft = Flag("\\Draft")
    /// The keyword for a forwarded message (Thunderbird, Apple Mail; RFC 5788 registry).
    public static let forwarded = Flag("$Forwarded")
    /// Only ever sent by servers; clients cannot store it.
    public static let recent = Flag("\\Recent")

    /// `true` for flags that start with a backslash (system flags), `false` for keywords.
    public var isSystemFlag: Bool { rawValue.hasPrefix("\\") }

    public var description: String { rawValue }

    public static func == (lhs: Flag, rhs: Flag) -> Bool {
        // Byte-wise and allocation-free: a message list tests several flags of every message.
        // Flags of different lengths differ whatever their case; servers spell the others the
        // way the RFC does, so two equal short strings (two machine words) settle most of the rest.
        lhs.rawValue.utf8.count == rhs.rawValue.utf8.count
            && (lhs.rawValue == rhs.rawValue || ASCII.equalsIgnoringCase(lhs.rawValue, rhs.rawValue))
    }

    public func hash(into hasher: inout Hasher) {
        for byte in rawValue.utf8 { hasher.combine(ASCII.uppercased(byte)) }
        hasher.combine(rawValue.utf8.count)
    }
}

/// An entry of a PERMANENTFLAGS response code: a flag, or `\*` meaning new keywords may be created.
public enum PermanentFlag: Hashable, Sendable {
    case flag(Flag)
    case wildcard
}
