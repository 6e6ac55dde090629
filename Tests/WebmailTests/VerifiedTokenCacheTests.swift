import Crypto
import Foundation
import Testing
@testable import Webmail

/// The cache of verified tokens must not change which tokens pass: only the identical string
/// hits, and expiry and revocation are checked on every use.
@Suite struct VerifiedTokenCacheTests {
    func session(expiresAt: Date, id: String = "jti-1") -> Session {
        Session(email: "ythong@zioinfo.co.kr", password: "pw", tokenID: id, expiresAt: expiresAt, fromCookie: false)
    }

    @Test func hitsOnlyTheSameTokenAndOnlyBeforeItExpires() {
        let cache = VerifiedTokenCache()
        let now = Date()
        cache.remember(session(expiresAt: now.addingTimeInterval(60)), for: "a.b.c", now: now)
        #expect(cache.session(for: "a.b.c", now: now)?.tokenID == "jti-1")
        #expect(cache.session(for: "a.b.d", now: now) == nil)
        #expect(cache.session(for: "a.b.c", now: now.addingTimeInterval(61)) == nil)
        #expect(cache.count == 0)  // the expired entry is gone
    }

    @Test func aFullCacheDropsExpiredEntriesThenStartsOver() {
        let cache = VerifiedTokenCache(capacity: 3)
        let now = Date()
        cache.remember(session(expiresAt: now.addingTimeInterval(-1)), for: "old", now: now.addingTimeInterval(-2))
        cache.remember(session(expiresAt: now.addingTimeInterval(60)), for: "t1", now: now)
        cache.remember(session(expiresAt: now.addingTimeInterval(60)), for: "t2", now: now)
        cache.remember(session(expiresAt: now.addingTimeInterval(60)), for: "t3", now: now)
        #expect(cache.count == 3 && cache.session(for: "t1", now: now) != nil)
        cache.remember(session(expiresAt: now.addingTimeInterval(60)), for: "t4", now: now)
        #expect(cache.count == 1 && cache.session(for: "t4", now: now) != nil)
    }

    @Test func theServiceStillRefusesARevokedTokenItHasSeen() async throws {
        let keys = ServerKeys(signingKey: SymmetricKey(size: .bits256), sealingKey: SymmetricKey(size: .bits256))
        let service = await TokenService(keys: keys, lifetime: 60, revocations: RevocationList(store: nil))
        let issued = try await service.issue(email: "ythong@zioinfo.co.kr", password: "비밀 pw")
        let first = try await service.verify(issued.token, fromCookie: false)
        let second = try await service.verify(issued.token, fromCookie: true)
        #expect(service.verified.count == 1)
        #expect(first.password == "비밀 pw" && second.password == "비밀 pw" && second.tokenID == first.tokenID)
        #expect(!first.fromCookie && second.fromCookie)  // per request, not cached
        try await service.revocations.revoke(issued.tokenID, until: issued.expiresAt)
        await #expect(throws: TokenError.revoked) { try await service.verify(issued.token, fromCookie: false) }
        var tampered = issued.token
        tampered.removeLast()
        await #expect(throws: TokenError.badSignature) { try await service.verify(tampered, fromCookie: false) }
    }

    @Test func theBearerSchemeIsReadWithoutFoundation() throws {
        #expect(try SessionAuthenticator.bearerToken("Bearer a.b.c") == "a.b.c")
        #expect(try SessionAuthenticator.bearerToken("bEaReR \t a.b.c \t") == "a.b.c")
        for refused in ["Basic a.b.c", "Bearer", "Bearera.b.c", "Bearer\u{0}a.b.c", "Bearer\ta.b.c", ""] {
            #expect(throws: APIError.self) { try SessionAuthenticator.bearerToken(refused) }
        }
    }
}
