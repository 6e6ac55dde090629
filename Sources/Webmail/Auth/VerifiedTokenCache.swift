import Foundation
import NIOConcurrencyHelpers

/// Sessions of tokens that passed full verification (signature, claims, password unsealing),
/// so the next request with the same token skips jwt-kit's decoding and AES-GCM: about 0.1 ms of
/// every API call. A hit is only ever the identical token string, and it is still checked for
/// expiry and revocation on every use, so the cache changes nothing about which tokens pass.
/// (The IMAP connection pool keeps the same passwords in memory for its idle connections.)
final class VerifiedTokenCache: Sendable {
    private let sessions = NIOLockedValueBox<[String: Session]>([:])
    /// Enough for every signed-in user's tabs and devices; beyond it the cache starts over
    /// rather than growing with tokens an attacker could mint by logging in repeatedly.
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The session verified earlier for exactly this token, if it has not expired by `now`.
    func session(for token: String, now: Date) -> Session? {
        sessions.withLockedValue { sessions in
            guard let session = sessions[token] else { return nil }
            guard session.expiresAt > now else {
                sessions[token] = nil
                return nil
            }
            return session
        }
    }

    func remember(_ session: Session, for token: String, now: Date) {
        sessions.withLockedValue { sessions in
            if sessions.count >= capacity {
                sessions = sessions.filter { $0.value.expiresAt > now }
                if sessions.count >= capacity { sessions.removeAll() }
            }
            sessions[token] = session
        }
    }

    var count: Int { sessions.withLockedValue { $0.count } }
}
