/// A first-come-first-served lock for an actor: IMAP is one conversation, so one command (or
/// one streamed fetch, or one IDLE) owns the connection at a time even across suspension points.
struct CommandGate {
    private var isHeld = false {
        didSet { heldFlag.set(isHeld) }
    }
    /// `isHeld`, readable from outside the actor.
    let heldFlag: AtomicFlag

    init(heldFlag: AtomicFlag) { self.heldFlag = heldFlag }
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Returns `true` when acquired immediately; otherwise the caller must wait with ``enqueue(_:)``.
    mutating func tryAcquire() -> Bool {
        guard !isHeld else { return false }
        isHeld = true
        return true
    }

    mutating func enqueue(_ continuation: CheckedContinuation<Void, Never>) { waiters.append(continuation) }

    /// Hands the lock to the next waiter, or frees it.
    mutating func release() {
        if waiters.isEmpty {
            isHeld = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    var isBusy: Bool { isHeld }
}
