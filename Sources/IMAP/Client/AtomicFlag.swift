import Synchronization

/// A Boolean that an actor writes and anyone reads without waiting for the actor: the pool
/// checks whether a connection can be handed out again at no cost (a hop onto the connection's
/// actor is a trip through the executor's queue, several per request otherwise).
final class AtomicFlag: Sendable {
    private let value = Atomic<Bool>(false)

    var isSet: Bool { value.load(ordering: .acquiring) }

    func set(_ newValue: Bool) { value.store(newValue, ordering: .releasing) }
}
