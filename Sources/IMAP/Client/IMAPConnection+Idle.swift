import Foundation

/// IDLE (RFC 2177) as an async stream of mailbox events.
extension IMAPConnection {
    /// Selects `mailbox` and waits in IDLE, yielding changes as they happen. Before the server's
    /// inactivity timeout (``IMAPConfiguration/idleRefreshInterval``) the IDLE is ended with DONE
    /// and started again. When the consumer stops iterating, IDLE is ended cleanly with DONE and
    /// the connection becomes available for other commands again.
    ///
    /// The first event is `.exists` with the current message count, sent once IDLE is active.
    /// The connection is busy for as long as the stream is iterated.
    public func idle(in mailbox: MailboxName, refreshInterval: Duration? = nil) -> AsyncThrowingStream<MailboxEvent, Error> {
        let (stream, continuation) = AsyncThrowingStream<MailboxEvent, Error>.makeStream(
            bufferingPolicy: .bufferingNewest(10_000))
        let interval = refreshInterval ?? configuration.idleRefreshInterval
        let stop = IdleStopFlag()
        continuation.onTermination = { [weak self] _ in
            stop.set()
            self?.interrupt()
        }
        Task {
            do {
                try await self.runIdle(in: mailbox, interval: interval, stop: stop, continuation: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        return stream
    }

    private func runIdle(
        in mailbox: MailboxName, interval: Duration, stop: IdleStopFlag,
        continuation: AsyncThrowingStream<MailboxEvent, Error>.Continuation
    ) async throws {
        try await exclusive {
            guard capabilities.contains(.idle) else { throw IMAPError.unsupported("IDLE") }
            _ = try await ensureSelected(mailbox, readOnly: true)
            let forward: (UntaggedResponse) -> Void = { untagged in
                if let event = Self.mailboxEvent(untagged) { continuation.yield(event) }
            }
            var announced = false
            while !stop.isSet {
                let tag = try await send(.idle, onUntagged: forward)
                try await waitForIdleContinuation(tag: tag, forward: forward)
                if !announced, let exists = selectedMailbox?.exists {
                    // Lets the consumer know IDLE is active and what the count is now.
                    continuation.yield(.exists(exists))
                    announced = true
                }
                // In IDLE: wait for updates until the refresh time or until asked to stop.
                var endedByServer = false
                idling: while !stop.isSet {
                    switch try await read(timeout: interval, interruptible: true) {
                    case .event(.response(.untagged(let untagged))):
                        try handleUntagged(untagged, forward)
                    case .event(.response(.tagged(let tagged))) where tagged.tag == tag:
                        // The server ended IDLE itself.
                        try Self.check(tagged, command: .idle)
                        endedByServer = true
                        break idling
                    case .event:
                        throw IMAPError.protocolViolation("unexpected response during IDLE")
                    case .deadline, .interrupted:
                        break idling
                    }
                }
                if !endedByServer {
                    try await write(Array("DONE\r\n".utf8))
                    try await readCompletion(tag: tag, command: .idle, onUntagged: forward)
                }
            }
        }
    }

    private func waitForIdleContinuation(tag: String, forward: (UntaggedResponse) -> Void) async throws {
        while true {
            let event = try await nextResponseEvent(timeout: configuration.commandTimeout)
            switch event {
            case .response(.continuation): return
            case .response(.tagged(let tagged)) where tagged.tag == tag:
                try Self.check(tagged, command: .idle)
                throw IMAPError.protocolViolation("IDLE ended before it started")
            case .response(.untagged(let untagged)): try handleUntagged(untagged, forward)
            default: throw IMAPError.protocolViolation("unexpected response before IDLE")
            }
        }
    }

    static func mailboxEvent(_ untagged: UntaggedResponse) -> MailboxEvent? {
        switch untagged {
        case .exists(let count): return .exists(count)
        case .expunge(let number): return .expunged(sequenceNumber: number)
        case .recent(let count): return .recent(count)
        case .vanished(_, let uids): return .vanished(uids)
        case .fetch(let fetch):
            guard let flags = fetch.flags else { return nil }
            return .flagsChanged(sequenceNumber: fetch.sequenceNumber, uid: fetch.uid, flags: flags)
        default: return nil
        }
    }
}

/// Set once when the IDLE stream's consumer goes away; read by the IDLE loop.
final class IdleStopFlag: @unchecked Sendable {
    // A plain flag guarded by a lock: set from onTermination (any thread), read by the actor.
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
