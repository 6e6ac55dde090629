import NIOCore

extension IMAPConnectionPool {
    struct IdleEntry {
        var connection: IMAPConnection
        var password: String
        var since: ContinuousClock.Instant
    }

    /// What a check-out does next, decided in one step under the pool's lock.
    enum CheckOutDecision {
        /// Use this idle connection; when `warmOn` is set, also open one on that loop in the
        /// background (the idle one lives on another loop, and a slot was reserved for it).
        case reuse(IdleEntry, warmOn: (any EventLoop)?)
        /// A slot was reserved: open a new connection.
        case open
        /// A slot was taken over from this idle connection (of the account itself, with another
        /// password, or the least recently used one of any account when the total is reached):
        /// log it out, then open a new connection.
        case evictThenOpen(IdleEntry)
        /// Wait until something changes (the state's `version` moves past this one).
        case wait(version: UInt64)
        case shutDown
    }

    /// The pool's bookkeeping; every change happens under the pool's lock, no `await` inside.
    struct State {
        var idle: [String: [IdleEntry]] = [:]
        var openCount: [String: Int] = [:]
        var totalOpen = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiterID: UInt64 = 0
        /// Moves on every check-in and every freed slot: a check-out that found nothing waits
        /// only if nothing moved since it looked.
        var version: UInt64 = 0
        var reaperStarted = false
        var isShutDown = false
        /// (account, event loop) pairs with a connection being opened in the background.
        var warming: Set<WarmingKey> = []

        struct WarmingKey: Hashable {
            let account: String
            let loop: ObjectIdentifier
        }

        var idleCount: Int { idle.values.reduce(0) { $0 + $1.count } }

        /// An idle connection of `account` with `password`, preferably one served on `loop`
        /// (the loop of the request asking: its work then never changes threads). When only
        /// connections on other loops are idle, one of those is handed out, and a connection on
        /// `loop` is opened in the background if the limits allow, for the requests after this one.
        mutating func decide(
            account: String, password: String, allowReuse: Bool, loop: (any EventLoop)?, limits: Limits
        ) -> CheckOutDecision {
            guard !isShutDown else { return .shutDown }
            if allowReuse, var entries = idle[account] {
                let matching = entries.indices.filter { IMAPConnectionPool.constantTimeEqual(entries[$0].password, password) }
                if let last = matching.last {
                    let sameLoop = loop.flatMap { loop in matching.last { entries[$0].connection.eventLoop === loop } }
                    let entry = entries.remove(at: sameLoop ?? last)
                    idle[account] = entries.isEmpty ? nil : entries
                    var warmOn: (any EventLoop)?
                    if sameLoop == nil, let loop, canOpen(account: account, limits: limits),
                        warming.insert(WarmingKey(account: account, loop: ObjectIdentifier(loop))).inserted
                    {
                        reserveSlot(account: account)
                        warmOn = loop
                    }
                    return .reuse(entry, warmOn: warmOn)
                }
            }
            if canOpen(account: account, limits: limits) {
                reserveSlot(account: account)
                return .open
            }
            // The account's own idle connections (another password) make room first; at the
            // total cap, any account's least recently used one does, or the pool would stay full
            // of idle sessions of users who left while new users wait forever.
            let victim: String? =
                idle[account]?.isEmpty == false
                ? account
                : (openCount[account] ?? 0) < limits.maximumPerAccount ? leastRecentlyUsedIdleAccount() : nil
            if let victim, var entries = idle[victim], !entries.isEmpty {
                let stale = entries.removeFirst()
                idle[victim] = entries.isEmpty ? nil : entries
                _ = release(account: victim)
                reserveSlot(account: account)
                return .evictThenOpen(stale)
            }
            return .wait(version: version)
        }

        /// The account whose oldest idle connection has been idle longest (each account's list is
        /// in check-in order, so its first entry is its oldest).
        func leastRecentlyUsedIdleAccount() -> String? {
            idle.compactMap { account, entries in entries.first.map { (account, $0.since) } }
                .min { $0.1 < $1.1 }?.0
        }

        /// Registers a waiter unless something changed since `version`; returns its id, or nil
        /// when it must look again at once.
        mutating func addWaiter(_ continuation: CheckedContinuation<Void, Never>, ifStill version: UInt64) -> UInt64? {
            guard self.version == version else { return nil }
            nextWaiterID &+= 1
            waiters[nextWaiterID] = continuation
            return nextWaiterID
        }

        /// Takes a waiter out (its deadline passed); nil when it was already woken.
        mutating func removeWaiter(_ id: UInt64) -> CheckedContinuation<Void, Never>? {
            waiters.removeValue(forKey: id)
        }

        func canOpen(account: String, limits: Limits) -> Bool {
            (openCount[account] ?? 0) < limits.maximumPerAccount && totalOpen < limits.maximumTotal
        }

        mutating func reserveSlot(account: String) {
            openCount[account, default: 0] += 1
            totalOpen += 1
        }

        /// Frees one slot of `account` (nil: the account is unknown, only the total shrinks);
        /// returns the waiters to wake.
        mutating func release(account: String?) -> [CheckedContinuation<Void, Never>] {
            if let account, let count = openCount[account] {
                openCount[account] = count > 1 ? count - 1 : nil
            }
            totalOpen = max(0, totalOpen - 1)
            return changed()
        }

        /// Puts a connection back; returns the waiters to wake.
        mutating func putIdle(_ entry: IdleEntry, account: String) -> [CheckedContinuation<Void, Never>] {
            idle[account, default: []].append(entry)
            return changed()
        }

        /// Something a waiter may be waiting for happened: move the version, hand over the waiters.
        mutating func changed() -> [CheckedContinuation<Void, Never>] {
            version &+= 1
            let current = Array(waiters.values)
            waiters = [:]
            return current
        }

        /// Idle connections unused for longer than `timeout`, taken out of the pool.
        mutating func takeExpired(now: ContinuousClock.Instant, timeout: Duration) -> [(account: String, entry: IdleEntry)] {
            var expired: [(account: String, entry: IdleEntry)] = []
            for (account, entries) in idle {
                let fresh = entries.filter { now - $0.since <= timeout }
                guard fresh.count < entries.count else { continue }
                expired += entries.filter { now - $0.since > timeout }.map { (account, $0) }
                idle[account] = fresh.isEmpty ? nil : fresh
            }
            return expired
        }
    }
}
