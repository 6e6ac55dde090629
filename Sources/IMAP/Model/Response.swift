/// A complete server response.
public enum Response: Hashable, Sendable {
    /// `tag OK/NO/BAD [code] text`: the end of a command.
    case tagged(TaggedResponse)
    /// `* ...`: data or status not tied to a command.
    case untagged(UntaggedResponse)
    /// `+ text`: the server is ready for a literal or an authentication step.
    case continuation([UInt8])
}

public struct TaggedResponse: Hashable, Sendable {
    public var tag: String
    public var status: ResponseStatus
    public var text: ResponseText

    public init(tag: String, status: ResponseStatus, text: ResponseText) {
        self.tag = tag
        self.status = status
        self.text = text
    }
}

/// The untagged responses this client understands.
public enum UntaggedResponse: Hashable, Sendable {
    case status(ResponseStatus, ResponseText)
    case bye(ResponseText)
    case preauth(ResponseText)
    case capability([Capability])
    case enabled([Capability])
    case flags([Flag])
    case list(MailboxListEntry)
    case lsub(MailboxListEntry)
    case mailboxStatus(MailboxName, MailboxStatus)
    /// SEARCH results, with the CONDSTORE highest mod-sequence when present.
    case search([UInt32], modSeq: UInt64?)
    case extendedSearch(ExtendedSearchResponse)
    case sort([UInt32], modSeq: UInt64?)
    /// THREAD (RFC 5256): one tree per thread, in the server's order.
    case thread([ThreadTree])
    case exists(UInt32)
    case recent(UInt32)
    case expunge(UInt32)
    /// QRESYNC: UIDs removed.
    case vanished(earlier: Bool, uids: SequenceSet)
    case fetch(FetchResponse)
    case namespace(NamespaceResponse)
    /// ID (RFC 2971) server parameters; empty for NIL.
    case id([String: String])
    /// A response this client does not model; its keyword (upper-cased) is kept.
    case other(keyword: String)
}

/// What the response decoder produces: complete responses, and for FETCH responses carrying
/// a large body section, a stream of pieces so the body never has to be held in memory.
///
/// A streamed FETCH arrives as `streamingFetchBegin`, then any mix of `streamingFetchAttributes`
/// and (`streamingBodyBegin`, `streamingBodyBytes`..., `streamingBodyEnd`), then `streamingFetchEnd`.
public enum ResponseEvent: Hashable, Sendable {
    case response(Response)
    case streamingFetchBegin(sequenceNumber: UInt32)
    case streamingFetchAttributes([FetchAttribute])
    case streamingBodyBegin(StreamedSection, byteCount: Int)
    case streamingBodyBytes([UInt8])
    case streamingBodyEnd
    case streamingFetchEnd
}
