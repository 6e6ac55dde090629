/// A mailbox attribute from LIST/LSUB: `\Noselect`, `\HasChildren`, special-use `\Sent`, ...
/// Compared case-insensitively.
public struct MailboxAttribute: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let noInferiors = MailboxAttribute("\\Noinferiors")
    public static let noSelect = MailboxAttribute("\\Noselect")
    public static let nonExistent = MailboxAttribute("\\NonExistent")
    public static let marked = MailboxAttribute("\\Marked")
    public static let unmarked = MailboxAttribute("\\Unmarked")
    public static let hasChildren = MailboxAttribute("\\HasChildren")
    public static let hasNoChildren = MailboxAttribute("\\HasNoChildren")
    public static let subscribed = MailboxAttribute("\\Subscribed")
    // RFC 6154 special-use attributes.
    public static let all = MailboxAttribute("\\All")
    public static let archive = MailboxAttribute("\\Archive")
    public static let drafts = MailboxAttribute("\\Drafts")
    public static let flagged = MailboxAttribute("\\Flagged")
    public static let junk = MailboxAttribute("\\Junk")
    public static let sent = MailboxAttribute("\\Sent")
    public static let trash = MailboxAttribute("\\Trash")

    public var description: String { rawValue }

    public static func == (lhs: MailboxAttribute, rhs: MailboxAttribute) -> Bool {
        lhs.rawValue.lowercased() == rhs.rawValue.lowercased()
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue.lowercased()) }
}

/// The role of a special-use mailbox (RFC 6154), plus the inbox.
public enum MailboxRole: String, Hashable, Sendable, CaseIterable {
    case inbox, drafts, sent, trash, junk, archive, all, flagged

    /// The role from a mailbox's name and attributes; `nil` for ordinary mailboxes.
    public init?(name: MailboxName, attributes: [MailboxAttribute]) {
        if name.isInbox { self = .inbox; return }
        let table: [(MailboxAttribute, MailboxRole)] = [
            (.drafts, .drafts), (.sent, .sent), (.trash, .trash), (.junk, .junk),
            (.archive, .archive), (.all, .all), (.flagged, .flagged),
        ]
        guard let match = table.first(where: { attributes.contains($0.0) }) else { return nil }
        self = match.1
    }

    /// The attribute that marks this role, `nil` for the inbox.
    public var attribute: MailboxAttribute? {
        switch self {
        case .inbox: return nil
        case .drafts: return .drafts
        case .sent: return .sent
        case .trash: return .trash
        case .junk: return .junk
        case .archive: return .archive
        case .all: return .all
        case .flagged: return .flagged
        }
    }
}

/// One `* LIST` / `* LSUB` response line.
public struct MailboxListEntry: Hashable, Sendable {
    public var attributes: [MailboxAttribute]
    /// The hierarchy delimiter, `nil` when the server reports a flat namespace (NIL).
    public var delimiter: Character?
    public var name: MailboxName
    /// LIST-EXTENDED extended data items, e.g. `CHILDINFO ("SUBSCRIBED")`, by upper-cased tag.
    public var extendedItems: [String]

    public init(attributes: [MailboxAttribute], delimiter: Character?, name: MailboxName, extendedItems: [String] = []) {
        self.attributes = attributes
        self.delimiter = delimiter
        self.name = name
        self.extendedItems = extendedItems
    }

    public var role: MailboxRole? { MailboxRole(name: name, attributes: attributes) }

    /// `false` for `\Noselect` / `\NonExistent` entries, which only exist as hierarchy nodes.
    public var isSelectable: Bool { !attributes.contains(.noSelect) && !attributes.contains(.nonExistent) }
}
