import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// One authenticated-or-not conversation with an IMAP server.
///
/// `IMAPConnection` is an actor: calls from many tasks are queued and run one at a time, in
/// order, because IMAP is a single conversation. Create one with ``connect(configuration:logger:)``
/// (greeting, STARTTLS when configured, CAPABILITY), then ``login(_:)``, then use the mailbox
/// and message operations. Every read has a deadline (``IMAPConfiguration/commandTimeout``);
/// when it passes, or when the server breaks the protocol, the connection closes itself and the
/// call throws — a closed connection is never left half-way through a command.
///
/// Streamed fetches (``streamPart(uid:section:decoded:)``) and IDLE (``idle(refreshInterval:)``)
/// own the connection until they finish; other calls wait for them.
public actor IMAPConnection {

    public let configuration: IMAPConfiguration
    let logger: Logger
    let channel: Channel
    private let decoderHandler: NIOLoopBound<ResponseDecoderHandler>
    /// What the decoder read, handed over from the event loop.
    private let inbound: InboundQueue
    /// Events of the last socket read not yet consumed.
    private var pendingEvents = FIFOBuffer<ResponseEvent>()

    var gate: CommandGate
    /// Whether the gate is held, readable from outside the actor.
    private nonisolated let gateHeld: AtomicFlag
    /// The streamed fetch holding the gate, if any.
    var activeStream: StreamState?
    var streamCounter: UInt64 = 0
    private var tagCounter = 0
    private var deadlineCounter: UInt64 = 0
    private var byeText: String?
    private(set) var closedError: IMAPError? {
        didSet { closedFlag.set(closedError != nil) }
    }
    /// `closedError != nil`, readable from outside the actor.
    private nonisolated let closedFlag = AtomicFlag()
    /// `true` once TLS is in place (implicit or after STARTTLS).
    public private(set) var isEncrypted: Bool
    public private(set) var capabilities: Set<Capability> = []
    public internal(set) var isAuthenticated = false
    /// The greeting's text.
    public private(set) var greeting: String = ""
    /// The mailbox currently selected, updated by EXISTS/EXPUNGE responses.
    public internal(set) var selectedMailbox: SelectedMailbox? {
        didSet {
            // Every change of mailbox passes through nil (`selectLocked`); the name and
            // UIDVALIDITY are compared too so that no other path can carry numbers across.
            if selectedMailbox == nil || selectedMailbox?.name != oldValue?.name
                || selectedMailbox?.uidValidity != oldValue?.uidValidity
            {
                knownUIDs.forgetAll()
                highestUIDSeen = 0
            }
        }
    }
    /// UIDs seen for the selected mailbox's sequence numbers while its numbering holds.
    var knownUIDs = UIDsBySequenceNumber()
    /// The highest UID a FETCH answer has shown in the selected mailbox.
    var highestUIDSeen: UInt32 = 0

    private init(
        configuration: IMAPConfiguration, logger: Logger, channel: Channel,
        decoderHandler: NIOLoopBound<ResponseDecoderHandler>, inbound: InboundQueue,
        isEncrypted: Bool
    ) {
        self.configuration = configuration
        self.logger = logger
        self.channel = channel
        self.decoderHandler = decoderHandler
        self.inbound = inbound
        self.isEncrypted = isEncrypted
        let gateHeld = AtomicFlag()
        self.gateHeld = gateHeld
        self.gate = CommandGate(heldFlag: gateHeld)
    }

    deinit {
        channel.close(promise: nil)
    }

    // MARK: - Connecting

    /// Connects, reads the greeting, upgrades with STARTTLS when configured, and learns the
    /// capabilities. Does not log in.
    /// - Parameter eventLoop: where the socket is served; by default the next loop of NIO's
    ///   shared group. The pool passes the loop of the request that needs the connection, so
    ///   that request's work and the connection's stay on one thread.
    public static func connect(
        configuration: IMAPConfiguration, logger: Logger = Logger(label: "zioinfo.imap"),
        on eventLoop: (any EventLoop)? = nil
    ) async throws -> IMAPConnection {
        let useImplicitTLS = configuration.security == .implicitTLS
        let sslContext: NIOSSLContext? =
            configuration.security == .implicitTLS || configuration.security == .startTLS
            ? try TLSSetup.makeContext(caFilePath: configuration.caFilePath) : nil
        let serverName = TLSSetup.serverName(host: configuration.host, override: configuration.tlsServerName)
        let limits = configuration.limits

        let bootstrap = ClientBootstrap(group: eventLoop ?? MultiThreadedEventLoopGroup.singleton.next())
            .connectTimeout(.nanoseconds(Int64(configuration.connectTimeout.nanoseconds)))
            .channelOption(.socketOption(.so_keepalive), value: 1)
        let connected: (Channel, NIOLoopBound<ResponseDecoderHandler>, InboundQueue)
        do {
            connected = try await bootstrap.connect(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if useImplicitTLS, let sslContext {
                        let tlsHandler = try TLSSetup.makeHandler(context: sslContext, serverName: serverName)
                        try channel.pipeline.syncOperations.addHandler(tlsHandler)
                    }
                    let decoder = ResponseDecoderHandler(limits: limits)
                    try channel.pipeline.syncOperations.addHandler(decoder)
                    return (channel, NIOLoopBound(decoder, eventLoop: channel.eventLoop), decoder.queue)
                }
            }
        } catch let error as IMAPError {
            throw error
        } catch {
            throw IMAPError.connectionFailed("\(configuration.host):\(configuration.port): \(error)")
        }

        // Reads arrive through InboundQueue and commands are written into the channel
        // directly, so no NIOAsyncChannel wraps it: close() and deinit close it.
        let (channel, decoderHandler, inboundQueue) = connected
        let connection = IMAPConnection(
            configuration: configuration, logger: logger, channel: channel,
            decoderHandler: decoderHandler, inbound: inboundQueue, isEncrypted: useImplicitTLS)
        do {
            try await connection.start()
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    /// Greeting, STARTTLS, CAPABILITY.
    private func start() async throws {
        await acquire()
        defer { gate.release() }
        let greetingResponse = try await readGreeting()
        if case .bye(let text) = greetingResponse {
            throw IMAPError.connectionClosed("server refused the connection: \(text.text)")
        }
        if case .preauth = greetingResponse {
            // PREAUTH skips the point where STARTTLS could be asked for (RFC 9051 6.2.1 says to close).
            if configuration.security == .startTLS {
                throw IMAPError.tlsFailed("the server sent PREAUTH on a connection that must use STARTTLS")
            }
            isAuthenticated = true
        }
        if configuration.security == .startTLS {
            try await upgradeToTLS()
            // What the server said in plaintext (greeting, STARTTLS reply) may be forged: ask again.
            capabilities = []
        }
        if capabilities.isEmpty {
            try await execute(.capability)
        }
    }

    private func readGreeting() async throws -> UntaggedResponse {
        while true {
            let event = try await nextResponseEvent(timeout: configuration.commandTimeout)
            guard case .response(.untagged(let untagged)) = event else {
                throw IMAPError.protocolViolation("expected a greeting")
            }
            switch untagged {
            case .status(.ok, let text), .preauth(let text), .bye(let text):
                greeting = text.text
                if case .capability(let list) = text.code { capabilities = Set(list) }
                return untagged
            default:
                throw IMAPError.protocolViolation("expected a greeting")
            }
        }
    }

    private func upgradeToTLS() async throws {
        guard capabilities.isEmpty || capabilities.contains(.startTLS) else {
            throw IMAPError.tlsFailed("the server does not offer STARTTLS")
        }
        try await execute(.startTLS)
        // Anything that came after the tagged OK was sent in plaintext, where a man in the
        // middle could have written it; trusted after the switch it would pass as encrypted.
        guard pendingEvents.isEmpty else { throw Self.dataAfterStartTLS() }
        let sslContext = try TLSSetup.makeContext(caFilePath: configuration.caFilePath)
        let serverName = TLSSetup.serverName(host: configuration.host, override: configuration.tlsServerName)
        let channel = self.channel
        let decoderHandler = self.decoderHandler
        let promise = channel.eventLoop.makePromise(of: Void.self)
        // Both handlers go in front of the decoder; the observer sits right after TLS to see its events.
        // The check for plaintext leftovers runs on the event loop right before TLS is added: no
        // read can slip in between, and every byte read later goes through TLS.
        do {
            try await channel.eventLoop.submit {
                guard decoderHandler.value.isDrained else { throw Self.dataAfterStartTLS() }
                let observer = TLSHandshakeObserver(promise: promise)
                let tlsHandler = try TLSSetup.makeHandler(context: sslContext, serverName: serverName)
                try channel.pipeline.syncOperations.addHandler(observer, position: .first)
                try channel.pipeline.syncOperations.addHandler(tlsHandler, position: .first)
            }.get()
        } catch {
            // No handshake will complete the promise now.
            promise.fail(error)
            let mapped = Self.mapError(error)
            fail(mapped)
            throw mapped
        }
        let timeout = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(configuration.commandTimeout.nanoseconds))) {
            promise.fail(IMAPError.timeout("TLS handshake"))
        }
        defer { timeout.cancel() }
        do {
            try await promise.futureResult.get()
        } catch {
            let mapped = Self.mapError(error)
            fail(mapped)
            throw mapped
        }
        isEncrypted = true
    }

    static func dataAfterStartTLS() -> IMAPError {
        .protocolViolation("data after the STARTTLS reply was sent in plaintext")
    }

    // MARK: - State

    /// `true` while a command, stream or IDLE is in progress or queued.
    public var isBusy: Bool { gate.isBusy }

    /// `true` while the connection can take commands.
    public var isOpen: Bool { closedError == nil && channel.isActive }

    /// Open and not in use: what the pool asks when a connection is given back. Read without
    /// waiting for the actor.
    nonisolated var isReusable: Bool { !closedFlag.isSet && channel.isActive && !gateHeld.isSet }

    /// The event loop the connection's socket is served on.
    public nonisolated var eventLoop: any EventLoop { channel.eventLoop }

    /// Whether credentials may be sent: TLS is up, or plain text to loopback was explicitly allowed.
    var mayShowCredentials: Bool {
        if isEncrypted { return true }
        guard case .plainText(let allowLoopback) = configuration.security, allowLoopback else { return false }
        guard let remote = channel.remoteAddress else { return false }
        switch remote {
        case .v4(let address):
            return address.address.sin_addr.s_addr.bigEndian >> 24 == 127
        case .v6:
            return remote.ipAddress == "::1"
        default:
            return false
        }
    }

    /// Closes the connection at once (no LOGOUT). Safe to call more than once.
    public func close() {
        if closedError == nil { closedError = .connectionClosed("closed by the client") }
        channel.close(promise: nil)
    }

    /// Marks the connection unusable and closes it.
    func fail(_ error: IMAPError) {
        if closedError == nil { closedError = error }
        logger.debug("IMAP connection closing", metadata: ["reason": "\(error)"])
        channel.close(promise: nil)
    }

    func ensureOpen() throws {
        if let closedError { throw closedError }
    }

    // MARK: - Exclusive access

    func acquire() async {
        if gate.tryAcquire() { return }
        await withCheckedContinuation { gate.enqueue($0) }
    }

    /// Runs `body` as the only user of the connection. Any error other than a command's NO/BAD
    /// or an argument error leaves the connection in an unknown state, so it is closed.
    @discardableResult
    func exclusive<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        defer { gate.release() }
        try ensureOpen()
        do {
            return try await body()
        } catch let error as IMAPCommandError {
            throw error
        } catch let error as IMAPError {
            switch error {
            case .commandFailed, .authenticationFailed, .unsupported, .insecureConnection: break
            default: fail(error)
            }
            throw error
        } catch {
            let mapped = Self.mapError(error)
            fail(mapped)
            throw mapped
        }
    }

    static func mapError(_ error: Error) -> IMAPError {
        if let error = error as? IMAPError { return error }
        if TLSSetup.isTLSError(error) { return .tlsFailed(String(describing: error)) }
        if error is CancellationError { return .connectionClosed("cancelled") }
        return .connectionClosed(String(describing: error))
    }

    // MARK: - Reading

    enum ReadOutcome {
        case event(ResponseEvent)
        case deadline
        case interrupted
    }

    /// Reads the next decoded event, or reports the deadline / an interrupt.
    func read(timeout: Duration, interruptible: Bool = false) async throws -> ReadOutcome {
        try ensureOpen()
        if !pendingEvents.isEmpty { return .event(takePendingEvent()) }
        deadlineCounter &+= 1
        let id = deadlineCounter
        let handler = decoderHandler
        let inbound = self.inbound
        let scheduled = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(timeout.nanoseconds))) {
            inbound.push(.deadline(id))
        }
        defer { scheduled.cancel() }
        while true {
            let next: InboundEvent?
            do {
                // Resumed straight onto this actor; the command gate guarantees a single reader.
                next = try await inbound.next(isolation: self) {
                    channel.eventLoop.execute { handler.value.resumeReading() }
                }
            } catch {
                throw Self.mapError(error)
            }
            switch next {
            case nil:
                throw IMAPError.connectionClosed(byeText.map { "server said BYE: \($0)" } ?? "the server closed the connection")
            case .responses(let events):
                guard !events.isEmpty else { continue }
                pendingEvents.replace(with: events)
                return .event(takePendingEvent())
            case .deadline(let firedID):
                if firedID == id { return .deadline }
            case .interrupt:
                if interruptible { return .interrupted }
            }
        }
    }

    private func takePendingEvent() -> ResponseEvent {
        let event = pendingEvents.removeFirst()
        if case .response(.untagged(.bye(let text))) = event { byeText = text.text }
        return event
    }

    /// Reads the next event; a deadline is a timeout.
    func nextResponseEvent(timeout: Duration) async throws -> ResponseEvent {
        switch try await read(timeout: timeout) {
        case .event(let event): return event
        case .deadline, .interrupted:
            throw IMAPError.timeout("no response from \(configuration.host) within \(timeout)")
        }
    }

    /// Wakes a pending interruptible read (IDLE). Safe from any context.
    nonisolated func interrupt() {
        inbound.push(.interrupt)
    }

    // MARK: - Writing and executing

    func nextTag() -> String {
        tagCounter += 1
        return "Z\(tagCounter)"
    }

    /// Writes into the channel without waiting (an awaited writer would leave this actor and
    /// come back: two trips through the executor's queue per command).
    /// Writes stay in order: two writes of one step come from one thread, and a later step's
    /// write always follows a server answer that needed the earlier one sent. A failed write
    /// closes the channel, which the next read reports.
    func write(_ bytes: [UInt8]) async throws {
        guard channel.isActive else { throw IMAPError.connectionClosed("the connection is closed") }
        channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
    }

    func writerOptions() -> CommandWriter.Options {
        CommandWriter.Options(
            literalPlus: capabilities.contains(.literalPlus), literalMinus: capabilities.contains(.literalMinus))
    }

    /// Sends a command (waiting for `+` before each synchronizing literal) without reading its completion.
    /// Returns its tag. Untagged responses that arrive meanwhile go to `onUntagged`.
    /// (Commands sent together, one round trip for all, go through `sendPipelined`.)
    func send(_ command: Command, onUntagged: (UntaggedResponse) throws -> Void) async throws -> String {
        let tag = nextTag()
        let chunks = try command.encode(tag: tag, options: writerOptions())
        announce(command, tag: tag, firstChunk: chunks.first ?? [], pipelined: false)
        try await transmit(chunks, of: command, tag: tag, onUntagged: onUntagged)
        return tag
    }

    /// Writes an encoded command, waiting for the server's "+" before each synchronizing literal.
    private func transmit(
        _ chunks: [[UInt8]], of command: Command, tag: String, onUntagged: (UntaggedResponse) throws -> Void
    ) async throws {
        for (index, chunk) in chunks.enumerated() {
            if index > 0 {
                try await waitForContinuation(tag: tag, command: command, onUntagged: onUntagged)
            }
            try await write(chunk)
        }
    }

    /// Sends commands back to back without reading their completions (pipelining): one round
    /// trip for all of them. Commands without synchronizing literals go out together in one
    /// write — one TLS record, one wake-up of the event loop; a command with a literal waits for
    /// the server's "+" as `send` does. Returns the tags in order.
    func sendPipelined(_ commands: [Command], onUntagged: (UntaggedResponse) throws -> Void) async throws -> [String] {
        var tags: [String] = []
        var batch: [UInt8] = []
        for command in commands {
            let tag = nextTag()
            let chunks = try command.encode(tag: tag, options: writerOptions())
            announce(command, tag: tag, firstChunk: chunks.first ?? [], pipelined: !tags.isEmpty)
            tags.append(tag)
            if chunks.count == 1 {
                batch += chunks[0]
                continue
            }
            if !batch.isEmpty { try await write(batch) }
            batch.removeAll()
            try await transmit(chunks, of: command, tag: tag, onUntagged: onUntagged)
        }
        if !batch.isEmpty { try await write(batch) }
        return tags
    }

    /// Counts the round trip (unless pipelined behind another command) and traces the command,
    /// never its credentials.
    private func announce(_ command: Command, tag: String, firstChunk: [UInt8], pipelined: Bool) {
        if !pipelined { IMAPCommandCounter.current?.increment(command.name) }
        if command.containsSecret {
            logger.trace("C: \(tag) <command with credentials>")
        } else {
            logger.trace("C: \(String(decoding: firstChunk, as: UTF8.self).prefix(200))")
        }
    }

    private func waitForContinuation(
        tag: String, command: Command, onUntagged: (UntaggedResponse) throws -> Void
    ) async throws {
        var collector = FetchStreamCollector(limit: configuration.maximumFetchedValueSize)
        while true {
            let event = try await nextResponseEvent(timeout: configuration.commandTimeout)
            switch event {
            case .response(.continuation):
                return
            case .response(.tagged(let tagged)) where tagged.tag == tag:
                try Self.check(tagged, command: command)
                throw IMAPError.protocolViolation("command completed while a continuation was expected")
            default:
                if let untagged = try collector.absorb(event) { try handleUntagged(untagged, onUntagged) }
            }
        }
    }

    /// Reads until the tagged completion of `tag`, routing untagged data to `onUntagged`.
    @discardableResult
    func readCompletion(
        tag: String, command: Command, onUntagged: (UntaggedResponse) throws -> Void
    ) async throws -> TaggedResponse {
        let tagged = try await readAnyCompletion(of: [tag], onUntagged: onUntagged)
        try Self.check(tagged, command: command)
        if case .capability(let list) = tagged.text.code { capabilities = Set(list) }
        return tagged
    }

    /// Reads until the tagged completion of any of `tags` (pipelined commands, which a server
    /// may complete in any order — Dovecot finishes a FETCH before a NOOP sent ahead of it) and
    /// returns it unchecked; untagged data goes to `onUntagged`.
    func readAnyCompletion(
        of tags: Set<String>, onUntagged: (UntaggedResponse) throws -> Void
    ) async throws -> TaggedResponse {
        var collector = FetchStreamCollector(limit: configuration.maximumFetchedValueSize)
        while true {
            let event = try await nextResponseEvent(timeout: configuration.commandTimeout)
            if case .response(.tagged(let tagged)) = event {
                guard tags.contains(tagged.tag) else { throw IMAPError.protocolViolation("unexpected tag \(tagged.tag)") }
                return tagged
            }
            if case .response(.continuation) = event {
                throw IMAPError.protocolViolation("unexpected continuation request")
            }
            if let untagged = try collector.absorb(event) { try handleUntagged(untagged, onUntagged) }
        }
    }

    /// Runs one command to completion. Must be called with the gate held.
    @discardableResult
    func execute(
        _ command: Command, onUntagged: (UntaggedResponse) throws -> Void = { _ in }
    ) async throws -> TaggedResponse {
        let tag = try await send(command, onUntagged: onUntagged)
        return try await readCompletion(tag: tag, command: command, onUntagged: onUntagged)
    }

    static func check(_ tagged: TaggedResponse, command: Command) throws {
        guard tagged.status != .ok else { return }
        let name = command.name
        switch command {
        case .login, .authenticatePlain:
            if tagged.status == .no { throw IMAPError.authenticationFailed(tagged.text.text) }
        default: break
        }
        throw IMAPError.commandFailed(command: name, status: tagged.status, text: tagged.text)
    }

    /// Connection-level bookkeeping for every untagged response, then the caller's handler.
    func handleUntagged(_ untagged: UntaggedResponse, _ onUntagged: (UntaggedResponse) throws -> Void) throws {
        switch untagged {
        case .capability(let list):
            capabilities = Set(list)
        case .status(_, let text):
            if case .capability(let list) = text.code { capabilities = Set(list) }
            if case .alert = text.code { logger.notice("IMAP server alert: \(text.text)") }
        case .bye(let text):
            byeText = text.text
        case .exists(let count):
            // A count can only shrink through EXPUNGE; should a server say otherwise, the
            // numbers it gave before are not trusted either.
            if let exists = selectedMailbox?.exists, count < exists { knownUIDs.forgetAll() }
            selectedMailbox?.exists = count
        case .expunge:
            if let exists = selectedMailbox?.exists, exists > 0 { selectedMailbox?.exists = exists - 1 }
            knownUIDs.forgetAll()
        case .vanished:
            knownUIDs.forgetAll()
        case .fetch(let fetch):
            if selectedMailbox != nil, let uid = fetch.uid {
                knownUIDs.learn(uid: uid, sequenceNumber: fetch.sequenceNumber)
                highestUIDSeen = max(highestUIDSeen, uid)
            }
        default:
            break
        }
        try onUntagged(untagged)
    }
}

extension Command {
    /// The command's name for error messages.
    var name: String {
        switch self {
        case .capability: return "CAPABILITY"
        case .noop: return "NOOP"
        case .logout: return "LOGOUT"
        case .startTLS: return "STARTTLS"
        case .login: return "LOGIN"
        case .authenticatePlain: return "AUTHENTICATE"
        case .enable: return "ENABLE"
        case .id: return "ID"
        case .namespace: return "NAMESPACE"
        case .list: return "LIST"
        case .lsub: return "LSUB"
        case .status: return "STATUS"
        case .select: return "SELECT"
        case .examine: return "EXAMINE"
        case .create: return "CREATE"
        case .delete: return "DELETE"
        case .rename: return "RENAME"
        case .subscribe: return "SUBSCRIBE"
        case .unsubscribe: return "UNSUBSCRIBE"
        case .close: return "CLOSE"
        case .unselect: return "UNSELECT"
        case .expunge: return "EXPUNGE"
        case .fetch: return "FETCH"
        case .uidFetch: return "UID FETCH"
        case .uidStore: return "UID STORE"
        case .uidCopy: return "UID COPY"
        case .uidMove: return "UID MOVE"
        case .uidExpunge: return "UID EXPUNGE"
        case .uidSearch: return "UID SEARCH"
        case .search: return "SEARCH"
        case .uidSort: return "UID SORT"
        case .uidThread: return "UID THREAD"
        case .append: return "APPEND"
        case .idle: return "IDLE"
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
