/// The special use of a folder (RFC 6154), as the SPA names it.
public enum APIFolderRole: String, Codable, Sendable {
    case inbox, drafts, sent, trash, junk, archive
}

/// A folder in the tree (DESIGN.md, JSON shapes).
public struct APIFolder: Codable, Sendable, Equatable {
    /// Full path, decoded from modified UTF-7 (what the API takes as `folder=`).
    public var name: String
    /// The last path component, for display.
    public var displayName: String
    public var delimiter: String?
    public var role: APIFolderRole?
    public var unseen: Int
    public var total: Int
    public var children: [APIFolder]

    enum CodingKeys: String, CodingKey {
        case name, delimiter, role, unseen, total, children
        case displayName = "display_name"
    }

    public init(name: String, displayName: String, delimiter: String?, role: APIFolderRole?, unseen: Int, total: Int, children: [APIFolder] = []) {
        self.name = name
        self.displayName = displayName
        self.delimiter = delimiter
        self.role = role
        self.unseen = unseen
        self.total = total
        self.children = children
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(displayName, forKey: .displayName)
        try container.encode(delimiter, forKey: .delimiter)
        try container.encode(role, forKey: .role)
        try container.encode(unseen, forKey: .unseen)
        try container.encode(total, forKey: .total)
        try container.encode(children, forKey: .children)
    }
}
