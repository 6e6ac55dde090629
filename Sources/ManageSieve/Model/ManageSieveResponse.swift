/// A complete server response: the data lines (capabilities, script names, a script) and the
/// status line that ends them (`OK`, `NO` or `BYE`, RFC 5804 section 1.3).
public struct ManageSieveResponse: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable {
        case ok = "OK"
        case no = "NO"
        case bye = "BYE"
    }

    public var lines: [[ManageSieveToken]]
    public var status: Status
    public var code: ManageSieveResponseCode?
    /// The human-readable reason (quoted string or literal), if the server sent one.
    public var text: String?

    public init(lines: [[ManageSieveToken]] = [], status: Status, code: ManageSieveResponseCode? = nil, text: String? = nil) {
        self.lines = lines
        self.status = status
        self.code = code
        self.text = text
    }
}

/// A response code in parentheses after the status: `NONEXISTENT`, `QUOTA/MAXSIZE`,
/// `TAG "x"`, `SASL "..."`. The name is kept upper-cased (codes are case-insensitive).
public struct ManageSieveResponseCode: Hashable, Sendable {
    public var name: String
    public var arguments: [ManageSieveToken]

    public init(name: String, arguments: [ManageSieveToken] = []) {
        self.name = name
        self.arguments = arguments
    }
}
