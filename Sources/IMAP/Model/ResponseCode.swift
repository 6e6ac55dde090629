/// The bracketed code of a status response, e.g. `[UIDVALIDITY 3857529045]`.
public enum ResponseCode: Hashable, Sendable {
    case alert
    case badCharset([String])
    case capability([Capability])
    case parse
    case permanentFlags([PermanentFlag])
    case readOnly
    case readWrite
    case tryCreate
    case uidNext(UInt32)
    case uidValidity(UInt32)
    case unseen(UInt32)
    /// UIDPLUS: the UID validity and UID(s) an APPEND created.
    case appendUID(uidValidity: UInt32, uids: SequenceSet)
    /// UIDPLUS: source UIDs and the UIDs they got in the destination, pairwise in order.
    case copyUID(uidValidity: UInt32, source: SequenceSet, destination: SequenceSet)
    case uidNotSticky
    case highestModSeq(UInt64)
    case noModSeq
    case modified(SequenceSet)
    case closed
    /// RFC 5530 codes.
    case authenticationFailed
    case authorizationFailed
    case unavailable
    case expired
    case privacyRequired
    case contactAdmin
    case noPerm
    case inUse
    case expungeIssued
    case corruption
    case serverBug
    case clientBug
    case cannot
    case limit
    case overQuota
    case alreadyExists
    case nonExistent
    /// Anything else, with the raw text of its argument (if any).
    case other(name: String, argument: String?)
}

/// `OK`, `NO` or `BAD`.
public enum ResponseStatus: String, Hashable, Sendable {
    case ok = "OK"
    case no = "NO"
    case bad = "BAD"
}

/// The code and human-readable text that follow a status word.
public struct ResponseText: Hashable, Sendable {
    public var code: ResponseCode?
    /// Server text, decoded as UTF-8 with replacement (it is meant for humans and logs).
    public var text: String

    public init(code: ResponseCode? = nil, text: String) {
        self.code = code
        self.text = text
    }
}
