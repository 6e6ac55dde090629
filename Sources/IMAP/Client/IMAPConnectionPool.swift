import Logging

/// Authenticated IMAP connections shared per account.
///
/// A webmail request borrows a connection with ``withConnection(for:_:)``; it gets an idle,
/// already logged-in connection of that account when there is one (checked with NOOP when it
/// has been idle a while), or a new one. Connections are bounded per account
/// (``Limits/maximumPerAccount``, default 2) and in total; callers beyond the bounds wait.
/// Idle connections are logged out after ``Limits/idleTimeout``. A connection is reused only
/// for the same password (compared in constant time), so a wrong password never rides on
/// someone's authenticated session. When a reused connection turns out to have been closed by
/// the server, the operation is retried once on a fresh connection.
public actor IMAPConnectionPool {
    public struct Limits: Sendable {
        public var maximumPerAccount: Int
        public var maximumTotal: Int
        public var idleTimeout: Duration
        /// A connection idle longer than this is checked with NOOP before it is handed out.
        public var checkAfter: Duration

        public init(
            maximumPerAccount: Int = 2, maximumTotal: Int = 64, idleTimeout: Duration = .seconds(300),
            checkAfter: Duration = .seconds(30)
        ) {
            self.maximumPerAccount = maximumPerAccount
            self.maximumTotal = maximumTotal
            self.idleTimeout = idleTimeout
            self.checkAfter = checkAfter
        }
    }

    private struct IdleEntry {
        var connection: IMAPConnection
        var password: String
        var since: ContinuousClock.Instant
    }

    public nonisolated let server: IMAPConfiguration
    public let limits: Limits
    nonisolated let logger: Logger
    private let clock = ContinuousClock()
    private var idle: [String: [IdleEntry]] = [:]
    private var openCount: [String: Int] = [:]
    private var totalOpen = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var reaper: Task<Void, Never>?
    private var isShutDown = false

    public init(server: IMAPConfiguration, limits: Limits = Limits(), logger: Logger = Logger(label: "zioinfo.imap.pool")) {
        self.server = server
        self.limits = limits
        self.logger = logger
    }

    /// Number of open connections (idle and in use), for tests and metrics.
    public var openConnections: Int { totalOpen }
    public var idleConnections: Int { idle.values.reduce(0) { $0 + $1.count } }

    /// Runs `body` with an authenticated connection of `credentials`' account.
    ///
    /// - Throws: ``IMAPError/authenticationFailed(_:)`` for wrong credentials, connection errors
    ///   when the server is unreachable, and whatever `body` throws.
    public nonisolated func withConnection<T: Sendable>(
        for credentials: IMAPCredentials, _ body: (IMAPConnection) async throws -> T
    ) async throws -> T {
        let (connection, reused) = try await checkOut(credentials)
        do {
            let result = try await body(connection)
            await checkIn(connection, credentials: credentials)
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
    public nonisolated func streamPart(
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
    public nonisolated func idle(for credentials: IMAPCredentials, in mailbox: MailboxName) async throws
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
        isShutDown = true
        reaper?.cancel()
        let all = idle.values.flatMap { $0 }
        idle = [:]
        for entry in all {
            await entry.connection.logout()
            release(account: nil)
        }
        for waiter in waiters { waiter.resume() }
        waiters = []
    }

    // MARK: - Check-out / check-in

    static func isServerClosure(_ error: IMAPError) -> Bool {
        if case .connectionClosed = error { return true }
        return false
    }

    func checkOut(_ credentials: IMAPCredentials, allowReuse: Bool = true) async throws -> (IMAPConnection, Bool) {
        let account = credentials.username.lowercased()
        while true {
            guard !isShutDown else { throw IMAPError.connectionClosed("the connection pool is shut down") }
            if allowReuse, let entry = takeIdle(account: account, password: credentials.password) {
                if clock.now - entry.since > limits.checkAfter {
                    do {
                        try await entry.connection.noop()
                    } catch {
                        await entry.connection.close()
                        release(account: account)
                        continue
                    }
                }
                if await entry.connection.isOpen { return (entry.connection, true) }
                release(account: account)
                continue
            }
            if (openCount[account] ?? 0) < limits.maximumPerAccount && totalOpen < limits.maximumTotal {
                openCount[account, default: 0] += 1
                totalOpen += 1
                startReaperIfNeeded()
                do {
                    let connection = try await IMAPConnection.connect(configuration: server, logger: logger)
                    do {
                        try await connection.login(credentials)
                    } catch {
                        await connection.close()
                        throw error
                    }
                    return (connection, false)
                } catch {
                    release(account: account)
                    throw error
                }
            }
            // An idle connection with another password holds a slot: close it to make room.
            if let stale = takeAnyIdle(account: account) {
                await stale.connection.logout()
                release(account: account)
                continue
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    func checkIn(_ connection: IMAPConnection, credentials: IMAPCredentials) async {
        let account = credentials.username.lowercased()
        let isOpen = await connection.isOpen
        let isBusy = await connection.isBusy
        let reusable = isOpen && !isBusy
        guard reusable, !isShutDown else {
            await connection.close()
            release(account: account)
            return
        }
        idle[account, default: []].append(IdleEntry(connection: connection, password: credentials.password, since: clock.now))
        wakeWaiters()
    }

    private func takeIdle(account: String, password: String) -> IdleEntry? {
        guard var entries = idle[account],
            let index = entries.lastIndex(where: { Self.constantTimeEqual($0.password, password) })
        else { return nil }
        let entry = entries.remove(at: index)
        idle[account] = entries.isEmpty ? nil : entries
        return entry
    }

    private func takeAnyIdle(account: String) -> IdleEntry? {
        guard var entries = idle[account], !entries.isEmpty else { return nil }
        let entry = entries.removeFirst()
        idle[account] = entries.isEmpty ? nil : entries
        return entry
    }

    /// Frees one slot of `account` (nil: the account is unknown, only the total shrinks).
    private func release(account: String?) {
        if let account, let count = openCount[account] {
            openCount[account] = count > 1 ? count - 1 : nil
        }
        totalOpen = max(0, totalOpen - 1)
        wakeWaiters()
    }

    private func wakeWaiters() {
        let current = waiters
        waiters = []
        for waiter in current { waiter.resume() }
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
        guard reaper == nil, !isShutDown else { return }
        let interval = min(limits.idleTimeout, .seconds(30))
        reaper = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                await self.reapIdle()
            }
        }
    }

    private func reapIdle() async {
        let now = clock.now
        var expired: [(String, IdleEntry)] = []
        for (account, entries) in idle {
            let (old, fresh) = entries.partitioned { now - $0.since > limits.idleTimeout }
            expired.append(contentsOf: old.map { (account, $0) })
            idle[account] = fresh.isEmpty ? nil : fresh
        }
        for (account, entry) in expired {
            await entry.connection.logout()
            release(account: account)
        }
    }

    fileprivate func streamFinished(_ connection: IMAPConnection, credentials: IMAPCredentials) async {
        await checkIn(connection, credentials: credentials)
    }
}

extension Array {
    fileprivate func partitioned(_ predicate: (Element) -> Bool) -> ([Element], [Element]) {
        var matching: [Element] = []
        var rest: [Element] = []
        for element in self {
            if predicate(element) { matching.append(element) } else { rest.append(element) }
        }
        return (matching, rest)
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
