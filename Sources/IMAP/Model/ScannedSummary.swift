/// A message list's summary FETCH response read in one pass over its bytes, without the general
/// model: numbers and flags are parsed, strings are left where they are in the response.
///
/// A list page is 50–200 of these, decoded while the server is still sending, and turning each
/// into `FetchAttribute`s, an `Envelope` with a dozen `ByteString`s and a `BodyStructure` tree
/// (then copied into a ``MessageSummary``) cost more than everything a web API does with it.
/// ``SummaryScanner`` produces this instead for the usual shape of such a response (the items
/// of ``FetchItem/summary`` plus MODSEQ and PREVIEW, once each); any other FETCH response, or
/// one it is not sure of, goes through the full parser as before. ``FetchResponse/attributes``
/// still gives the full model of a scanned response, parsed from the kept bytes when asked.
public struct ScannedSummary: Sendable {
    /// The whole response line, literals included; every ``ScannedString`` points into it.
    public let frame: [UInt8]
    public var sequenceNumber: UInt32
    public var uid: UInt32?
    public var flags: SystemFlags?
    public var internalDate: InternalDate?
    public var size: UInt64?
    public var modSeq: UInt64?
    /// PREVIEW (RFC 8970); `nil` for NIL and when the item is absent (``hasPreview`` tells).
    public var preview: ScannedString?
    public var hasPreview = false
    /// The ENVELOPE's parts a list shows; `nil` without an ENVELOPE.
    public var envelope: ScannedEnvelope?
    /// `nil` without a BODYSTRUCTURE; see ``BodyStructure/hasAttachmentParts``.
    public var hasAttachments: Bool?

    init(frame: [UInt8], sequenceNumber: UInt32) {
        self.frame = frame
        self.sequenceNumber = sequenceNumber
    }

    /// The bytes of a string of this response, quoted-string escapes removed.
    public func bytes(_ string: ScannedString) -> ArraySlice<UInt8> {
        guard string.isEscaped else { return frame[string.range] }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(string.range.count)
        var index = string.range.lowerBound
        while index < string.range.upperBound {
            // The scanner only accepts a backslash followed by the byte it escapes.
            if frame[index] == UInt8(ascii: "\\") { index += 1 }
            unescaped.append(frame[index])
            index += 1
        }
        return unescaped[...]
    }

    /// `body` with the bytes of a string of this response, quoted-string escapes removed: for
    /// a string without escapes, a view into the response (no copy of the bytes, and none of
    /// the summary, as a function value of ``bytes(_:)`` would make).
    public func withBytes<Result>(_ string: ScannedString, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        guard string.isEscaped else {
            return try frame.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[string.range])) }
        }
        return try bytes(string).withUnsafeBufferPointer(body)
    }

    /// Calls `body` with each address of one of the envelope's address lists, in order, until
    /// it returns `false`. A list of one address (the usual From and To) is not read again.
    public func forEachAddress(in list: ScannedAddressList, _ body: (ScannedAddress) -> Bool) {
        if list.count == 1, let first = list.first {
            _ = body(first)
            return
        }
        frame.withUnsafeBufferPointer { buffer in
            var scanner = SummaryScanner(buffer, from: list.range.lowerBound)
            // The list was checked when the response was scanned, so this cannot fail.
            try? scanner.addresses(body)
        }
    }
}

/// An IMAP string (quoted or literal) in a scanned response: where its bytes are. A quoted
/// string with escapes keeps them; ``ScannedSummary/bytes(_:)`` removes them.
///
/// Eight bytes: a summary holds a dozen of these and travels by value from the decoder to the
/// list's writer, so its size is copied several times per message.
public struct ScannedString: Sendable, Hashable {
    private let start: UInt32
    /// The length, and in the top bit whether the string has escapes.
    private let lengthAndEscape: UInt32

    /// The largest frame whose strings fit (``SummaryScanner`` leaves bigger ones to the parser).
    static let maximumFrameSize = Int(Int32.max)

    /// - Precondition: `range` lies within a frame of at most ``maximumFrameSize`` bytes.
    init(range: Range<Int>, isEscaped: Bool) {
        precondition(range.lowerBound >= 0 && range.upperBound <= Self.maximumFrameSize)
        start = UInt32(truncatingIfNeeded: range.lowerBound)
        lengthAndEscape = UInt32(truncatingIfNeeded: range.count) | (isEscaped ? 0x8000_0000 : 0)
    }

    /// The string's bytes in the frame, without the quotes or the literal's header.
    public var range: Range<Int> {
        let lower = Int(start)
        return lower..<(lower + Int(lengthAndEscape & 0x7FFF_FFFF))
    }

    /// A quoted string with at least one backslash escape.
    public var isEscaped: Bool { lengthAndEscape & 0x8000_0000 != 0 }
}

/// An address list of a scanned ENVELOPE (`(` addresses `)`), read with
/// ``ScannedSummary/forEachAddress(in:_:)``.
public struct ScannedAddressList: Sendable, Hashable {
    /// From the opening to the closing parenthesis, both included.
    var range: Range<Int>
    /// The first address, kept when the list was scanned: most lists have one.
    public internal(set) var first: ScannedAddress?
    /// How many addresses the list has (group markers included, as in the ENVELOPE).
    public internal(set) var count: Int
}

/// `address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"`, each `nil` for NIL.
public struct ScannedAddress: Sendable, Hashable {
    public var name: ScannedString?
    public var adl: ScannedString?
    public var mailbox: ScannedString?
    public var host: ScannedString?
}

/// The ENVELOPE fields a message list shows.
public struct ScannedEnvelope: Sendable, Hashable {
    public var date: ScannedString?
    public var subject: ScannedString?
    /// `nil` for NIL.
    public var from: ScannedAddressList?
    public var to: ScannedAddressList?
}

/// The system flags of a FLAGS item, and `$Forwarded` (other keywords are not kept; ``FetchResponse/flags`` has them).
public struct SystemFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let seen = SystemFlags(rawValue: 1 << 0)
    public static let answered = SystemFlags(rawValue: 1 << 1)
    public static let flagged = SystemFlags(rawValue: 1 << 2)
    public static let deleted = SystemFlags(rawValue: 1 << 3)
    public static let draft = SystemFlags(rawValue: 1 << 4)
    public static let recent = SystemFlags(rawValue: 1 << 5)
    /// The one keyword a message list shows (RFC 5788's `$Forwarded`).
    public static let forwarded = SystemFlags(rawValue: 1 << 6)
}
