import Crypto
import Foundation
import JWTKit

/// Why a token was not accepted. All of them answer 401; the case is for logs and tests.
enum TokenError: Error, Equatable {
    case malformed, expired, revoked, badSignature
}

/// The claims of an access token: the standard ones plus `pwd`, the sealed IMAP password.
struct AccessTokenPayload: JWTPayload {
    var sub: SubjectClaim
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var jti: IDClaim
    var pwd: String

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

/// An issued token and what the login answer says about it.
struct IssuedToken: Sendable {
    let token: String
    let tokenID: String
    let expiresAt: Date
}

/// Issues and verifies HS256 JWTs (jwt-kit) that carry the sealed IMAP password.
struct TokenService: Sendable {
    let keys: JWTKeyCollection
    let sealer: PasswordSealer
    let lifetime: TimeInterval
    let revocations: RevocationList
    let verified = VerifiedTokenCache()

    init(keys serverKeys: ServerKeys, lifetime: TimeInterval, revocations: RevocationList) async {
        let collection = JWTKeyCollection()
        await collection.add(hmac: HMACKey(key: serverKeys.signingKey), digestAlgorithm: .sha256)
        self.keys = collection
        self.sealer = PasswordSealer(key: serverKeys.sealingKey)
        self.lifetime = lifetime
        self.revocations = revocations
    }

    func issue(email: String, password: String, now: Date = Date()) async throws -> IssuedToken {
        // jwt-kit writes fractional seconds; whole seconds keep `exp` exact for clients.
        let issuedAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let expiresAt = issuedAt.addingTimeInterval(lifetime)
        let tokenID = UUID().uuidString
        let payload = AccessTokenPayload(
            sub: SubjectClaim(value: email),
            iat: IssuedAtClaim(value: issuedAt),
            exp: ExpirationClaim(value: expiresAt),
            jti: IDClaim(value: tokenID),
            pwd: try sealer.seal(password, for: email)
        )
        return IssuedToken(token: try await keys.sign(payload), tokenID: tokenID, expiresAt: expiresAt)
    }

    /// The session a token stands for; throws `TokenError` for anything not perfectly valid.
    func verify(_ token: String, fromCookie: Bool) async throws(TokenError) -> Session {
        let now = Date()
        if let known = verified.session(for: token, now: now) {
            if revocations.isRevoked(known.tokenID) { throw .revoked }
            return Session(email: known.email, password: known.password, tokenID: known.tokenID,
                           expiresAt: known.expiresAt, fromCookie: fromCookie)
        }
        let payload: AccessTokenPayload
        do {
            payload = try await keys.verify(token, as: AccessTokenPayload.self)
        } catch let error as JWTError where error.errorType == .claimVerificationFailure {
            throw .expired
        } catch {
            throw .badSignature
        }
        if revocations.isRevoked(payload.jti.value) { throw .revoked }
        let password: String
        do { password = try sealer.open(payload.pwd, for: payload.sub.value) } catch { throw .malformed }
        let session = Session(email: payload.sub.value, password: password, tokenID: payload.jti.value,
                              expiresAt: payload.exp.value, fromCookie: fromCookie)
        verified.remember(session, for: token, now: now)
        return session
    }
}
