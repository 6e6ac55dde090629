/// An `* ESEARCH` response (RFC 4731): the result of a SEARCH with RETURN options.
public struct ExtendedSearchResponse: Hashable, Sendable {
    /// The tag of the command this answers, when the server correlated it.
    public var correlator: String?
    /// `true` when the numbers are UIDs.
    public var isUID: Bool
    public var min: UInt32?
    public var max: UInt32?
    public var count: UInt32?
    public var all: SequenceSet?
    public var modSeq: UInt64?
    /// RFC 5267 PARTIAL: the numbers at positions `partialRange` of the result (for a SORT, in
    /// sort order: ranges as written, `a:b` descending when a > b); nil when the range held none.
    public var partialRange: ClosedRange<UInt32>?
    public var partial: SequenceSet?

    public init(
        correlator: String? = nil, isUID: Bool = false, min: UInt32? = nil, max: UInt32? = nil, count: UInt32? = nil,
        all: SequenceSet? = nil, modSeq: UInt64? = nil
    ) {
        self.correlator = correlator
        self.isUID = isUID
        self.min = min
        self.max = max
        self.count = count
        self.all = all
        self.modSeq = modSeq
    }
}

/// One namespace of a NAMESPACE response: its prefix and hierarchy delimiter.
public struct Namespace: Hashable, Sendable {
    public var prefix: MailboxName
    public var delimiter: Character?

    public init(prefix: MailboxName, delimiter: Character?) {
        self.prefix = prefix
        self.delimiter = delimiter
    }
}

/// The three namespace lists of a NAMESPACE response.
public struct NamespaceResponse: Hashable, Sendable {
    public var personal: [Namespace]
    public var otherUsers: [Namespace]
    public var shared: [Namespace]

    public init(personal: [Namespace] = [], otherUsers: [Namespace] = [], shared: [Namespace] = []) {
        self.personal = personal
        self.otherUsers = otherUsers
        self.shared = shared
    }
}
