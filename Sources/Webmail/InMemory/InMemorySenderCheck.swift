import NIOConcurrencyHelpers

/// A `SenderChecking` with a scripted server: a login may send as its own address and as the
/// addresses `allow` gave it, and as nothing else; `fail` makes every check fail as an
/// unreachable server would.
final class InMemorySenderCheck: SenderChecking {
    private let state = NIOLockedValueBox<(allowed: Set<String>, unavailable: Bool)>(([], false))

    /// `login` may send as `address` from now on.
    func allow(_ address: String, for login: String) {
        state.withLockedValue { _ = $0.allowed.insert(Self.pair(login, address)) }
    }

    /// From now on every check fails (true) or is answered again (false).
    func fail(_ unavailable: Bool) {
        state.withLockedValue { $0.unavailable = unavailable }
    }

    func check(_ address: String, session: Session) async -> SenderVerdict {
        let (allowed, unavailable) = state.withLockedValue { ($0.allowed, $0.unavailable) }
        if unavailable { return .unavailable("the in-memory server is down") }
        if address.lowercased() == session.email.lowercased() || allowed.contains(Self.pair(session.email, address)) { return .allowed }
        return .refused
    }

    private static func pair(_ login: String, _ address: String) -> String { login.lowercased() + " " + address.lowercased() }
}
