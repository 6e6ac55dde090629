/// One message of a list page, as ``IMAPConnection/fetchPage(in:page:pageSize:search:sort:transform:)``
/// hands it to its transform: scanned from the response's bytes (the usual case, see
/// ``ScannedSummary``), or parsed into the full model when the scanner left it to the parser.
public enum ListedSummary: Sendable {
    case scanned(ScannedSummary)
    case parsed(MessageSummary)

    public var uid: UInt32 {
        switch self {
        case .scanned(let scanned): scanned.uid ?? 0
        case .parsed(let summary): summary.uid
        }
    }

    /// The full model (a scanned response is parsed for it).
    public var summary: MessageSummary {
        switch self {
        case .scanned(let scanned):
            MessageSummary(FetchResponse(scanned: scanned))
                ?? MessageSummary(uid: scanned.uid ?? 0, sequenceNumber: scanned.sequenceNumber)
        case .parsed(let summary): summary
        }
    }
}
