/// A server capability such as `IDLE`, `AUTH=PLAIN` or `SORT=DISPLAY`.
///
/// Compared case-insensitively. Use the static members for the ones this client acts on.
public struct Capability: Hashable, Sendable, CustomStringConvertible {
    /// Upper-cased capability name as advertised.
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue.uppercased() }

    public var description: String { rawValue }

    public static let imap4rev1 = Capability("IMAP4rev1")
    public static let startTLS = Capability("STARTTLS")
    public static let loginDisabled = Capability("LOGINDISABLED")
    public static let authPlain = Capability("AUTH=PLAIN")
    public static let saslIR = Capability("SASL-IR")
    public static let idle = Capability("IDLE")
    public static let move = Capability("MOVE")
    public static let uidPlus = Capability("UIDPLUS")
    public static let specialUse = Capability("SPECIAL-USE")
    public static let literalPlus = Capability("LITERAL+")
    public static let literalMinus = Capability("LITERAL-")
    public static let condStore = Capability("CONDSTORE")
    public static let eSearch = Capability("ESEARCH")
    public static let sort = Capability("SORT")
    public static let listStatus = Capability("LIST-STATUS")
    public static let listExtended = Capability("LIST-EXTENDED")
    public static let enable = Capability("ENABLE")
    public static let id = Capability("ID")
    public static let namespace = Capability("NAMESPACE")
    public static let children = Capability("CHILDREN")
    public static let unselect = Capability("UNSELECT")
    public static let utf8Accept = Capability("UTF8=ACCEPT")
    /// RFC 8970 FETCH PREVIEW.
    public static let preview = Capability("PREVIEW")
    /// RFC 5957: SORT by DISPLAYFROM / DISPLAYTO (the name people see, not the mailbox).
    public static let sortDisplay = Capability("SORT=DISPLAY")
    /// RFC 5267: SORT with RETURN options (ESORT), and PARTIAL results (CONTEXT=SORT; Dovecot,
    /// which offers CONTEXT=SEARCH, takes PARTIAL with SORT too).
    public static let eSort = Capability("ESORT")
    public static let contextSort = Capability("CONTEXT=SORT")
    public static let contextSearch = Capability("CONTEXT=SEARCH")
}
