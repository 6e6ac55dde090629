import NIOCore

extension IMAPConnectionPool {
    struct IdleEntry {
        var connection: IMAPConnection
        var password: String
        var since: ContinuousClock.Instant
        /// Back from its first use (typically a login): its user's next request is likely on
        /// its way, so for ``Limits/freshGrace`` it is not evicted for another account.
        var fresh = false
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
        /// log it out, then open a new connection. The slot freed for the victim's account is a
        /// change other callers may be waiting for: `wake` are those to resume.
        case evictThenOpen(IdleEntry, wake: [CheckedContinuation<Void, Never>])
        /// Wait until something changes (the state's `version` moves past this one), or at the
        /// latest until `recheckAt` (when a fresh idle connection becomes evictable).
        case wait(version: UInt64, recheckAt: ContinuousClock.Instant?)
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
            account: String, password: String, allowReuse: Bool, loop: (any EventLoop)?, limits: Limits,
            now: ContinuousClock.Instant = .now
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
            let victim: (account: String, index: Int)?
            if idle[account]?.isEmpty == false {
                victim = (account, 0)
            } else if (openCount[account] ?? 0) < limits.maximumPerAccount {
                victim = leastRecentlyUsedEvictable(now: now, grace: limits.freshGrace)
            } else {
                victim = nil
            }
            if let victim, var entries = idle[victim.account] {
                let stale = entries.remove(at: victim.index)
                idle[victim.account] = entries.isEmpty ? nil : entries
                let waiters = release(account: victim.account)
                reserveSlot(account: account)
                return .evictThenOpen(stale, wake: waiters)
            }
            return .wait(version: version, recheckAt: (openCount[account] ?? 0) < limits.maximumPerAccount
                ? earliestEndOfGrace(limits.freshGrace) : nil)
        }

        /// The idle connection unused longest that may be evicted now: not a fresh one within
        /// its grace. (Each account's list is in check-in order.)
        func leastRecentlyUsedEvictable(now: ContinuousClock.Instant, grace: Duration) -> (account: String, index: Int)? {
            var best: (account: String, index: Int, since: ContinuousClock.Instant)?
            for (account, entries) in idle {
                guard let index = entries.firstIndex(where: { !$0.fresh || now - $0.since >= grace }) else { continue }
                if best == nil || entries[index].since < best!.since { best = (account, index, entries[index].since) }
            }
            return best.map { ($0.account, $0.index) }
        }

        /// When the first fresh idle connection's grace ends.
        func earliestEndOfGrace(_ grace: Duration) -> ContinuousClock.Instant? {
            idle.values.joined().filter(\.fresh).map { $0.since + grace }.min()
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
            // Oldest first: they look again first, so no caller keeps losing to later ones.
            let current = waiters.sorted { $0.key < $1.key }.map(\.value)
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
