/// Reassembles a streamed FETCH into an ordinary ``FetchResponse`` for callers that did not ask
/// to stream (a raw message fetched whole), refusing values above a size limit.
struct FetchStreamCollector {
    let limit: Int
    private var sequenceNumber: UInt32?
    private var attributes: [FetchAttribute] = []
    private var section: StreamedSection?
    private var data: [UInt8] = []

    init(limit: Int) { self.limit = limit }

    /// Returns an untagged response when `event` completes one.
    mutating func absorb(_ event: ResponseEvent) throws -> UntaggedResponse? {
        switch event {
        case .response(.untagged(let untagged)):
            return untagged
        case .response:
            throw IMAPError.protocolViolation("unexpected response")
        case .streamingFetchBegin(let number):
            sequenceNumber = number
            attributes = []
        case .streamingFetchAttributes(let more):
            attributes.append(contentsOf: more)
        case .streamingBodyBegin(let streamed, let byteCount):
            guard byteCount <= limit else {
                throw IMAPError.protocolViolation("a FETCH value of \(byteCount) bytes exceeds the limit of \(limit)")
            }
            section = streamed
            data = []
            data.reserveCapacity(byteCount)
        case .streamingBodyBytes(let bytes):
            data.append(contentsOf: bytes)
        case .streamingBodyEnd:
            if let section { attributes.append(Self.attribute(section, data)) }
            section = nil
            data = []
        case .streamingFetchEnd:
            guard let number = sequenceNumber else { throw IMAPError.protocolViolation("FETCH end without start") }
            sequenceNumber = nil
            defer { attributes = [] }
            return .fetch(FetchResponse(sequenceNumber: number, attributes: attributes))
        }
        return nil
    }

    static func attribute(_ section: StreamedSection, _ data: [UInt8]) -> FetchAttribute {
        switch section {
        case .body(let specifier, let origin): return .bodySection(specifier, origin: origin, data: data)
        case .binary(let part, let origin): return .binary(part: part, origin: origin, data: data)
        case .rfc822: return .rfc822(data: data)
        case .rfc822Header: return .rfc822Header(data: data)
        case .rfc822Text: return .rfc822Text(data: data)
        }
    }
}
