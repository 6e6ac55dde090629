/// One data item of a FETCH response.
public enum FetchAttribute: Hashable, Sendable {
    case uid(UInt32)
    case flags([Flag])
    case internalDate(InternalDate)
    case rfc822Size(UInt64)
    /// Boxed: an envelope is a few hundred bytes, and every FETCH item (the array of them is
    /// copied as responses travel from the parser to the caller) would otherwise be that size.
    indirect case envelope(Envelope)
    /// BODYSTRUCTURE, or BODY without a section (the non-extensible form).
    case bodyStructure(BodyStructure)
    /// `BODY[section]<origin>`: the bytes (`nil` for NIL). Large values are streamed instead,
    /// see ``ResponseEvent``.
    case bodySection(SectionSpecifier, origin: UInt32?, data: [UInt8]?)
    /// `BINARY[part]<origin>` (RFC 3516): decoded content bytes.
    case binary(part: [Int], origin: UInt32?, data: [UInt8]?)
    case binarySize(part: [Int], size: UInt64)
    /// `RFC822`, `RFC822.HEADER`, `RFC822.TEXT`: the whole message, its header, its body.
    case rfc822(data: [UInt8]?)
    case rfc822Header(data: [UInt8]?)
    case rfc822Text(data: [UInt8]?)
    /// CONDSTORE mod-sequence.
    case modSeq(UInt64)
    /// `PREVIEW nstring` (RFC 8970): the server's plain-text preview, UTF-8, at most 256 characters.
    case preview(data: [UInt8]?)
    /// An item this client does not model (SAVEDATE, SNIPPET, X-GM-*, ...), kept by name.
    case other(name: String)
}

/// An untagged `* n FETCH (...)` response: the message's sequence number and its data items.
///
/// A summary response (a message list's) is kept as ``ScannedSummary`` when ``SummaryScanner``
/// could read it; its ``attributes`` are then parsed from the kept bytes when first asked for
/// (each time: callers read them once).
public struct FetchResponse: Hashable, Sendable {
    public var sequenceNumber: UInt32
    private var storage: Storage

    private enum Storage: Sendable {
        case parsed([FetchAttribute])
        /// Boxed: a scanned summary is a few hundred bytes of ranges, and a response is passed
        /// along (decoder, connection, collector) by value several times before it is used.
        indirect case scanned(ScannedSummary)
    }

    public init(sequenceNumber: UInt32, attributes: [FetchAttribute]) {
        self.sequenceNumber = sequenceNumber
        self.storage = .parsed(attributes)
    }

    init(scanned: ScannedSummary) {
        self.sequenceNumber = scanned.sequenceNumber
        self.storage = .scanned(scanned)
    }

    /// The response as the scanner read it, when it did.
    public var scanned: ScannedSummary? {
        if case .scanned(let summary) = storage { return summary }
        return nil
    }

    public var attributes: [FetchAttribute] {
        get {
            switch storage {
            case .parsed(let attributes): return attributes
            case .scanned(let summary): return Self.parseAttributes(of: summary.frame)
            }
        }
        set { storage = .parsed(newValue) }
    }

    /// The full parser's attributes of a frame the scanner accepted. The scanner accepts only
    /// what the parser does (a differential test holds it to that), so the empty answer is
    /// for a disagreement that test has not found.
    private static func parseAttributes(of frame: [UInt8]) -> [FetchAttribute] {
        var parser = ResponseParser(frame)
        guard case .untagged(.fetch(let fetch))? = try? parser.parseResponse() else { return [] }
        return fetch.attributes
    }

    public var uid: UInt32? {
        if let scanned { return scanned.uid }
        for case .uid(let uid) in attributes { return uid }
        return nil
    }

    /// Whether the response carries an ENVELOPE: a summary the client asked for, not a flag
    /// update the server sent on its own.
    public var hasEnvelope: Bool {
        if let scanned { return scanned.envelope != nil }
        return attributes.contains { if case .envelope = $0 { return true } else { return false } }
    }

    public var flags: [Flag]? {
        for case .flags(let flags) in attributes { return flags }
        return nil
    }

    public var modSeq: UInt64? {
        if let scanned { return scanned.modSeq }
        for case .modSeq(let value) in attributes { return value }
        return nil
    }

    public static func == (lhs: FetchResponse, rhs: FetchResponse) -> Bool {
        lhs.sequenceNumber == rhs.sequenceNumber && lhs.attributes == rhs.attributes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(sequenceNumber)
        hasher.combine(attributes)
    }
}

/// Which kind of data item a streamed FETCH value belongs to.
public enum StreamedSection: Hashable, Sendable {
    case body(SectionSpecifier, origin: UInt32?)
    case binary(part: [Int], origin: UInt32?)
    case rfc822
    case rfc822Header
    case rfc822Text
}
