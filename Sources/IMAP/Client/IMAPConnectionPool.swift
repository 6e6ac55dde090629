import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Authenticated IMAP connections shared per account.
///
/// A webmail request borrows a connection with ``withConnection(for:_:)``; it gets an idle,
/// already logged-in connection of that account when there is one (checked with NOOP when it
/// has been idle a while), or a new one. Connections are bounded per account
/// (``Limits/maximumPerAccount``, default 2) and in total (``Limits/maximumTotal``). At the total
/// bound the least recently used idle connection of any account is logged out to make room;
/// callers beyond the bounds wait, at most ``Limits/waitTimeout``, then get
/// ``IMAPError/poolExhausted(_:)``. Idle connections are logged out after ``Limits/idleTimeout``. A connection is reused only
/// for the same password (compared in constant time), so a wrong password never rides on
/// someone's authenticated session. When a reused connection turns out to have been closed by
/// the server, the operation is retried once on a fresh connection.
///
/// Connections follow the event loop of the request using them: an idle connection served on
/// the caller's loop is preferred, and new ones are opened there, so that a request's HTTP and
/// IMAP work stay on one thread (no wake-up of another thread on the way in and out). When only
/// a connection on another loop is idle, it is used, and one on the caller's loop is opened in
/// the background within the limits, with the same mailbox selected.
///
/// The pool is a lock around its bookkeeping rather than an actor: checking a connection out
/// and in takes no suspension, where an actor costs a trip through the executor's queue each way.
public final class IMAPConnectionPool: Sendable {
    public struct Limits: Sendable {
        public var maximumPerAccount: Int
        public var maximumTotal: Int
        public var idleTimeout: Duration
        /// A connection idle longer than this is checked with NOOP before it is handed out.
        public var checkAfter: Duration
        /// The longest a caller waits for a connection when the bounds are reached.
        public var waitTimeout: Duration
        /// The longest a LOGOUT of an evicted or expired connection may take before it is cut.
        public var logoutTimeout: Duration
        /// How long a connection back from its first use (a login) is kept from eviction for
        /// other accounts: without it, a burst of sign-ins at the total bound evicts each
        /// user's connection between the login and the list that follows, doubling the work.
        public var freshGrace: Duration

        public init(
            maximumPerAccount: Int = 2, maximumTotal: Int = 128, idleTimeout: Duration = .seconds(300),
            checkAfter: Duration = .seconds(30), waitTimeout: Duration = .seconds(10), logoutTimeout: Duration = .seconds(2),
            freshGrace: Duration = .seconds(2)
        ) {
            self.freshGrace = freshGrace
            self.maximumPerAccount = maximumPerAccount
            self.maximumTotal = maximumTotal
            self.idleTimeout = idleTimeout
            self.checkAfter = checkAfter
            self.waitTimeout = waitTimeout
            self.logoutTimeout = logoutTimeout
        }
    }

    public let server: IMAPConfiguration
    public let limits: Limits
    let logger: Logger
    private let clock = ContinuousClock()
    private let state = Mutex(State())
    private let reaper = Mutex<Task<Void, Never>?>(nil)
    /// Connections being opened for a caller's event loop (``openInBackground``).
    private let backgroundOpens = Mutex<[Task<Void, Never>]>([])

    public init(server: IMAPConfiguration, limits: Limits = Limits(), logger: Logger = Logger(label: "zioinfo.imap.pool")) {
        self.server = server
        self.limits = limits
        self.logger = logger
    }

    /// Number of open connections (idle, in use and being opened), for tests and metrics.
    public var openConnections: Int { state.withLock { $0.totalOpen } }
    public var idleConnections: Int { state.withLock { $0.idleCount } }
    /// Callers waiting for a connection (bounds reached), for tests and metrics.
    public var waitingCallers: Int { state.withLock { $0.waiters.count } }

    /// Runs `body` with an authenticated connection of `credentials`' account.
    ///
    /// - Throws: ``IMAPError/authenticationFailed(_:)`` for wrong credentials, connection errors
    ///   when the server is unreachable, and whatever `body` throws.
    public func withConnection<T: Sendable>(
        for credentials: IMAPCredentials, _ body: (IMAPConnection) async throws -> T
    ) async throws -> T {
        let (connection, reused) = try await checkOut(credentials)
        do {
            let result = try await body(connection)
            await checkIn(connection, credentials: credentials, fresh: !reused)
            return result
        } catch let error as IMAPError where reused && Self.isServerClosure(error) {
            await checkIn(connection, credentials: credentials)
            logger.debug("IMAP pooled connection was closed by the server; retrying once")
            let (fresh, _) = try await checkOut(credentials, allowReuse: false)
            do {
                let result = try await body(fresh)
                await checkIn(fresh, credentials: credentials)
                return result
            } catch {
                await checkIn(fresh, credentials: credentials)
                throw error
            }
        } catch {
            await checkIn(connection, credentials: credentials)
            throw error
        }
    }

    /// Streams a part on a pooled connection; the connection returns to the pool when the
    /// stream has been consumed (or is closed when the stream is dropped early).
    public func streamPart(
        for credentials: IMAPCredentials, in mailbox: MailboxName, uid: UInt32, section: SectionSpecifier,
        decoded: Bool = false
    ) async throws -> PooledPartStream? {
        let (connection, _) = try await checkOut(credentials)
        do {
            guard let stream = try await connection.streamPart(in: mailbox, uid: uid, section: section, decoded: decoded)
            else {
                await checkIn(connection, credentials: credentials)
                return nil
            }
            return PooledPartStream(stream: stream, connection: connection, pool: self, credentials: credentials)
        } catch {
            await checkIn(connection, credentials: credentials)
            throw error
        }
    }

    /// IDLE on a dedicated connection outside the pool's bounds (it is held for as long as the
    /// events are wanted); the connection is logged out when the stream ends.
    public func idle(for credentials: IMAPCredentials, in mailbox: MailboxName) async throws
        -> AsyncThrowingStream<MailboxEvent, Error>
    {
        let connection = try await IMAPConnection.connect(configuration: server, logger: logger)
        do {
            try await connection.login(credentials)
        } catch {
            await connection.close()
            throw error
        }
        let events = await connection.idle(in: mailbox)
        let (stream, continuation) = AsyncThrowingStream<MailboxEvent, Error>.makeStream()
        let forwarder = Task {
            do {
                for try await event in events { continuation.yield(event) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
            await connection.logout()
        }
        continuation.onTermination = { _ in forwarder.cancel() }
        return stream
    }

    /// Logs out every idle connection and refuses new work.
    public func shutdown() async {
        state.withLock { $0.isShutDown = true }
        // A connection still being opened is closed when it is given back after this.
        await finishBackgroundOpens()
        let (all, waiters) = state.withLock { state -> ([IdleEntry], [CheckedContinuation<Void, Never>]) in
            state.isShutDown = true
            let all = state.idle.values.flatMap { $0 }
            state.idle = [:]
            return (all, state.changed())
        }
        reaper.withLock { $0 }?.cancel()
        for waiter in waiters { waiter.resume() }
        for entry in all {
            await entry.connection.logout(within: limits.logoutTimeout)
            release(account: nil)
        }
    }

    // MARK: - Check-out / check-in

    static func isServerClosure(_ error: IMAPError) -> Bool {
        if case .connectionClosed = error { return true }
        return false
    }

    func checkOut(_ credentials: IMAPCredentials, allowReuse: Bool = true) async throws -> (IMAPConnection, Bool) {
        let account = credentials.username.lowercased()
        let loop = MultiThreadedEventLoopGroup.currentEventLoop
        let deadline = clock.now + limits.waitTimeout
        while true {
            let now = clock.now
            let decision = state.withLock {
                $0.decide(account: account, password: credentials.password, allowReuse: allowReuse, loop: loop, limits: limits, now: now)
            }
            switch decision {
            case .shutDown:
                throw IMAPError.connectionClosed("the connection pool is shut down")
            case .reuse(let entry, let warmOn):
                if let warmOn { openInBackground(credentials, account: account, on: warmOn, like: entry.connection) }
                if clock.now - entry.since > limits.checkAfter {
                    do {
                        try await entry.connection.noop()
                    } catch {
                        await entry.connection.close()
                        release(account: account)
                        continue
                    }
                }
                if entry.connection.isReusable { return (entry.connection, true) }
                await entry.connection.close()
                release(account: account)
            case .open:
                startReaperIfNeeded()
                do {
                    return (try await open(credentials, on: loop), false)
                } catch {
                    release(account: account)
                    throw error
                }
            case .evictThenOpen(let stale, let waiters):
                for waiter in waiters { waiter.resume() }
                // The slot is already this caller's; the LOGOUT is awaited (bounded) so the
                // server never holds more sessions than the pool's total.
                await stale.connection.logout(within: limits.logoutTimeout)
                do {
                    return (try await open(credentials, on: loop), false)
                } catch {
                    release(account: account)
                    throw error
                }
            case .wait(let version, let recheckAt):
                guard clock.now < deadline else {
                    logger.warning("IMAP pool exhausted", metadata: [
                        "open": "\(openConnections)", "waited": "\(limits.waitTimeout)",
                    ])
                    throw IMAPError.poolExhausted("no IMAP connection became free within \(limits.waitTimeout)")
                }
                await waitForChange(since: version, until: min(deadline, recheckAt ?? deadline))
            }
        }
    }

    /// Sleeps until the pool's state moves past `version` (a check-in, a freed slot) or `deadline`.
    private func waitForChange(since version: UInt64, until deadline: ContinuousClock.Instant) async {
        let timer = Mutex<Task<Void, Never>?>(nil)
        await withCheckedContinuation { continuation in
            guard let id = state.withLock({ $0.addWaiter(continuation, ifStill: version) }) else {
                continuation.resume()
                return
            }
            let task = Task { [self] in
                try? await Task.sleep(until: deadline, clock: clock)
                // Still waiting: nobody woke it, the deadline did.
                state.withLock { $0.removeWaiter(id) }?.resume()
            }
            timer.withLock { $0 = task }
        }
        timer.withLock { $0 }?.cancel()
    }

    func checkIn(_ connection: IMAPConnection, credentials: IMAPCredentials, fresh: Bool = false) async {
        let account = credentials.username.lowercased()
        let entry = IdleEntry(connection: connection, password: credentials.password, since: clock.now, fresh: fresh)
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>]? in
            guard connection.isReusable, !state.isShutDown else { return nil }
            return state.putIdle(entry, account: account)
        }
        guard let waiters else {
            await connection.close()
            release(account: account)
            return
        }
        for waiter in waiters { waiter.resume() }
    }

    /// A new, logged-in connection served on `loop` (or any loop).
    private func open(_ credentials: IMAPCredentials, on loop: (any EventLoop)?) async throws -> IMAPConnection {
        let connection = try await IMAPConnection.connect(configuration: server, logger: logger, on: loop)
        do {
            try await connection.login(credentials)
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    /// Opens a connection on `loop` for `account` (its slot already reserved), selects what
    /// `other` has selected, and puts it in the pool; on failure the slot is freed.
    private func openInBackground(_ credentials: IMAPCredentials, account: String, on loop: any EventLoop, like other: IMAPConnection) {
        startReaperIfNeeded()
        let key = State.WarmingKey(account: account, loop: ObjectIdentifier(loop))
        let task = Task {
            do {
                let connection = try await open(credentials, on: loop)
                if let selected = await other.selectedMailbox {
                    _ = try? await connection.select(selected.name, readOnly: selected.isReadOnly)
                }
                await checkIn(connection, credentials: credentials)
            } catch {
                logger.debug("IMAP connection for the caller's event loop not opened", metadata: ["error": "\(error)"])
                release(account: account)
            }
            state.withLock { _ = $0.warming.remove(key) }
        }
        backgroundOpens.withLock { $0.append(task) }
    }

    /// Waits for the connections being opened in the background (tests, shutdown).
    func finishBackgroundOpens() async {
        let tasks = backgroundOpens.withLock { tasks in
            defer { tasks = [] }
            return tasks
        }
        for task in tasks { await task.value }
    }

    /// Frees one slot of `account` (nil: the account is unknown, only the total shrinks).
    private func release(account: String?) {
        for waiter in state.withLock({ $0.release(account: account) }) { waiter.resume() }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }

    // MARK: - Idle reaping

    private func startReaperIfNeeded() {
        let start = state.withLock { state -> Bool in
            guard !state.reaperStarted, !state.isShutDown else { return false }
            state.reaperStarted = true
            return true
        }
        guard start else { return }
        let interval = min(limits.idleTimeout, .seconds(30))
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                await self.reapIdle()
            }
        }
        reaper.withLock { $0 = task }
    }

    private func reapIdle() async {
        let expired = state.withLock { $0.takeExpired(now: clock.now, timeout: limits.idleTimeout) }
        for (account, entry) in expired {
            await entry.connection.logout(within: limits.logoutTimeout)
            release(account: account)
        }
    }

    fileprivate func streamFinished(_ connection: IMAPConnection, credentials: IMAPCredentials) async {
        await checkIn(connection, credentials: credentials)
    }
}

/// A ``PartStream`` that gives its connection back to the pool when it ends.
public struct PooledPartStream: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    let stream: PartStream
    let connection: IMAPConnection
    let pool: IMAPConnectionPool
    let credentials: IMAPCredentials

    public var byteCount: Int { stream.byteCount }
    /// See ``PartStream/isTransferDecoded``.
    public var isTransferDecoded: Bool { stream.isTransferDecoded }

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: stream.makeAsyncIterator(), returner: Returner(self))
    }

    public struct Iterator: AsyncIteratorProtocol {
        var base: PartStream.Iterator
        let returner: Returner

        public mutating func next() async throws -> [UInt8]? {
            do {
                let chunk = try await base.next()
                if chunk == nil { await returner.giveBack() }
                return chunk
            } catch {
                await returner.giveBack()
                throw error
            }
        }
    }

    /// Returns the connection exactly once: at the end, on error, or (closed) when dropped.
    final class Returner: @unchecked Sendable {
        // Used only by the iterating task, plus deinit.
        private var owner: PooledPartStream?

        init(_ owner: PooledPartStream) { self.owner = owner }

        func giveBack() async {
            guard let owner else { return }
            self.owner = nil
            await owner.pool.streamFinished(owner.connection, credentials: owner.credentials)
        }

        deinit {
            guard let owner else { return }
            // Dropped mid-stream: the connection closes itself (PartStream) and the slot is freed.
            Task {
                await owner.connection.close()
                await owner.pool.streamFinished(owner.connection, credentials: owner.credentials)
            }
        }
    }
}
