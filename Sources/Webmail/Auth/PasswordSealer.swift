import Crypto
import Foundation

/// Seals the IMAP password for the token with AES-256-GCM, so the token carries it (the seed's
/// stateless design) without anyone who sees the token learning it. The subject is bound as
/// authenticated data: a sealed password cannot be moved into another user's token.
struct PasswordSealer: Sendable {
    let key: SymmetricKey

    func seal(_ password: String, for subject: String) throws -> String {
        let box = try AES.GCM.seal(Data(password.utf8), using: key, authenticating: Data(subject.utf8))
        guard let combined = box.combined else { throw TokenError.malformed }
        return combined.base64URLEncoded()
    }

    func open(_ sealed: String, for subject: String) throws -> String {
        guard let combined = Data(base64URLEncoded: sealed) else { throw TokenError.malformed }
        let box = try AES.GCM.SealedBox(combined: combined)
        let plain = try AES.GCM.open(box, using: key, authenticating: Data(subject.utf8))
        guard let password = String(data: plain, encoding: .utf8) else { throw TokenError.malformed }
        return password
    }
}

extension Data {
    func base64URLEncoded() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init?(base64URLEncoded text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
