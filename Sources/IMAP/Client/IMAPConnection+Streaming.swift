/// Streaming one part (or the raw message) in chunks as it arrives from the server.
extension IMAPConnection {
    /// Streams one part's bytes. With `decoded` and a server offering BINARY (RFC 3516) the server
    /// removes the transfer encoding (base64, quoted-printable); otherwise the bytes are the part as
    /// stored, and ``PartStream/isTransferDecoded`` says which the caller got. Memory stays flat: chunks are read from the socket only as the consumer asks for
    /// them, and the connection is held until the stream ends.
    ///
    /// Iterate the returned ``PartStream`` to the end (or drop it: the connection is then closed,
    /// since the rest of the response would otherwise have to be read first).
    /// - Returns: `nil` when the message or part does not exist.
    public func streamPart(
        in mailbox: MailboxName, uid: UInt32, section: SectionSpecifier, decoded: Bool = false
    ) async throws -> PartStream? {
        let useBinary = decoded && capabilities.contains(Capability("BINARY")) && section.kind == .complete
            && !section.part.isEmpty
        let item: FetchItem = useBinary ? .binary(part: section.part) : .bodySection(section)
        return try await beginStream(in: mailbox, uid: uid, item: item, transferDecoded: useBinary)
    }

    /// Streams the whole message as stored (the `.eml`).
    public func streamRawMessage(in mailbox: MailboxName, uid: UInt32) async throws -> PartStream? {
        try await beginStream(in: mailbox, uid: uid, item: .bodySection(.whole), transferDecoded: false)
    }

    private func beginStream(in mailbox: MailboxName, uid: UInt32, item: FetchItem, transferDecoded: Bool) async throws -> PartStream? {
        await acquire()
        var handedOver = false
        defer { if !handedOver { gate.release() } }
        do {
            try ensureOpen()
            _ = try await ensureSelected(mailbox, readOnly: true)
            try await syncViewIfUnknown(SequenceSet(numbers: [uid]))
            let command = Command.uidFetch(SequenceSet(numbers: [uid]), [.uid, item], changedSince: nil)
            let tag = try await send(command) { _ in }
            streamCounter += 1
            var state = StreamState(id: streamCounter, tag: tag, command: command)
            // Read up to the start of the value; a small value arrives whole.
            while true {
                let event = try await nextResponseEvent(timeout: configuration.commandTimeout)
                switch event {
                case .streamingBodyBegin(_, let byteCount):
                    state.expectedBytes = byteCount
                    activeStream = state
                    handedOver = true
                    return PartStream(connection: self, byteCount: byteCount, streamID: state.id, transferDecoded: transferDecoded)
                case .response(.untagged(.fetch(let fetch))) where state.inlineData == nil:
                    for attribute in fetch.attributes {
                        switch attribute {
                        case .bodySection(_, _, let data?), .binary(_, _, let data?): state.inlineData = data
                        default: break
                        }
                    }
                case .response(.tagged(let tagged)) where tagged.tag == tag:
                    try Self.check(tagged, command: command)
                    guard let data = state.inlineData else { return nil }
                    return PartStream(data: data, transferDecoded: transferDecoded)
                case .response(.tagged(let tagged)):
                    throw IMAPError.protocolViolation("unexpected tag \(tagged.tag)")
                case .response(.untagged(let untagged)):
                    try handleUntagged(untagged) { _ in }
                default:
                    break  // other streamed fetch events before our value (attributes, begin)
                }
            }
        } catch {
            if let error = error as? IMAPError, case .commandFailed = error { throw error }
            let mapped = Self.mapError(error)
            fail(mapped)
            throw mapped
        }
    }

    /// The next chunk of the active stream; `nil` at its end (after the command completed).
    func nextStreamChunk(streamID: UInt64) async throws -> [UInt8]? {
        guard var state = activeStream, state.id == streamID else { return nil }
        do {
            while true {
                let event = try await nextResponseEvent(timeout: configuration.commandTimeout)
                switch event {
                case .streamingBodyBytes(let bytes):
                    if state.bodyDone { continue }  // a second streamed value of the same FETCH: ignore
                    return bytes
                case .streamingBodyEnd:
                    state.bodyDone = true
                    activeStream = state
                case .response(.tagged(let tagged)) where tagged.tag == state.tag:
                    finishStream()
                    try Self.check(tagged, command: state.command)
                    return nil
                case .response(.tagged(let tagged)):
                    throw IMAPError.protocolViolation("unexpected tag \(tagged.tag)")
                case .response(.untagged(let untagged)):
                    try handleUntagged(untagged) { _ in }
                default:
                    break
                }
            }
        } catch let error as IMAPError {
            if case .commandFailed = error { throw error }
            finishStream()
            fail(error)
            throw error
        } catch {
            finishStream()
            let mapped = Self.mapError(error)
            fail(mapped)
            throw mapped
        }
    }

    /// The consumer dropped the stream before its end: the rest of the response is still on the
    /// wire, so the connection cannot be reused.
    func abandonStream(streamID: UInt64) {
        guard activeStream?.id == streamID else { return }
        finishStream()
        fail(.connectionClosed("a streamed fetch was abandoned before its end"))
    }

    private func finishStream() {
        guard activeStream != nil else { return }
        activeStream = nil
        gate.release()
    }
}

/// Bookkeeping of the one streamed fetch a connection may have in progress.
struct StreamState: Sendable {
    /// Unique per connection, so a stale iterator can never consume another stream's bytes.
    let id: UInt64
    let tag: String
    let command: Command
    var expectedBytes = 0
    var bodyDone = false
    var inlineData: [UInt8]?

    init(id: UInt64, tag: String, command: Command) {
        self.id = id
        self.tag = tag
        self.command = command
    }
}

/// The bytes of one part, as an `AsyncSequence` of chunks.
///
/// Single-pass: iterate it once. ``byteCount`` is the size announced by the server (the encoded
/// size for `BODY[]`, the decoded size for `BINARY[]`).
public struct PartStream: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    public let byteCount: Int
    /// True when the server removed the part's Content-Transfer-Encoding (BINARY); false when
    /// the bytes are as stored (base64 or quoted-printable still to be decoded, if the part has it).
    public let isTransferDecoded: Bool
    private let source: Source

    private enum Source: Sendable {
        case connection(IMAPConnection, UInt64)
        case inline([UInt8])
    }

    init(connection: IMAPConnection, byteCount: Int, streamID: UInt64, transferDecoded: Bool) {
        self.byteCount = byteCount
        self.isTransferDecoded = transferDecoded
        self.source = .connection(connection, streamID)
    }

    init(data: [UInt8], transferDecoded: Bool) {
        self.byteCount = data.count
        self.isTransferDecoded = transferDecoded
        self.source = .inline(data)
    }

    public func makeAsyncIterator() -> Iterator {
        switch source {
        case .connection(let connection, let id): return Iterator(state: IteratorState(connection: connection, streamID: id))
        case .inline(let data): return Iterator(state: IteratorState(inline: data))
        }
    }

    /// Collects the whole stream (for tests and small parts).
    public func collect() async throws -> [UInt8] {
        var result: [UInt8] = []
        for try await chunk in self { result.append(contentsOf: chunk) }
        return result
    }

    public struct Iterator: AsyncIteratorProtocol {
        fileprivate let state: IteratorState

        public mutating func next() async throws -> [UInt8]? { try await state.next() }
    }

    /// A class so that dropping the iterator early can be noticed (deinit) and the connection freed.
    fileprivate final class IteratorState: @unchecked Sendable {
        // Only touched from the single task iterating (AsyncIterator contract).
        private let connection: IMAPConnection?
        private let streamID: UInt64
        private var inline: [UInt8]?
        private var finished = false

        init(connection: IMAPConnection, streamID: UInt64) {
            self.connection = connection
            self.streamID = streamID
        }

        init(inline: [UInt8]) {
            self.connection = nil
            self.streamID = 0
            self.inline = inline
        }

        func next() async throws -> [UInt8]? {
            if finished { return nil }
            guard let connection else {
                finished = true
                defer { inline = nil }
                return inline.flatMap { $0.isEmpty ? nil : $0 }
            }
            do {
                let chunk = try await connection.nextStreamChunk(streamID: streamID)
                if chunk == nil { finished = true }
                return chunk
            } catch {
                finished = true
                throw error
            }
        }

        deinit {
            guard !finished, let connection else { return }
            let id = streamID
            Task { await connection.abandonStream(streamID: id) }
        }
    }
}
