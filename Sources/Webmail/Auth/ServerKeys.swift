import Crypto
import Foundation

/// The two secrets behind sessions: the JWT signing key and the AES-256-GCM key that seals the
/// IMAP password inside a token. They come from configuration; when absent they are generated
/// once and kept under `ZM_STATE_DIR` with mode 0600, so a restart keeps everyone signed in.
struct ServerKeys: Sendable {
    let signingKey: SymmetricKey
    let sealingKey: SymmetricKey

    static let signingKeyFile = "jwt.key"
    static let sealingKeyFile = "seal.key"

    static func load(configuration: WebmailConfiguration) throws -> ServerKeys {
        let signing: SymmetricKey
        if let secret = configuration.jwtKey {
            signing = SymmetricKey(data: Data(secret.utf8))
        } else {
            signing = try storedKey(named: signingKeyFile, in: configuration.stateDir)
        }
        let sealing: SymmetricKey
        if let base64 = configuration.sealKey, let bytes = Data(base64Encoded: base64) {
            sealing = SymmetricKey(data: bytes)
        } else {
            sealing = try storedKey(named: sealingKeyFile, in: configuration.stateDir)
        }
        return ServerKeys(signingKey: signing, sealingKey: sealing)
    }

    /// Reads a 32-byte key file, or creates it (0600, in a 0700 folder) with fresh random bytes.
    static func storedKey(named name: String, in directory: String) throws -> SymmetricKey {
        let files = FileManager.default
        try StateDirectory.prepare(directory)
        let path = (directory as NSString).appendingPathComponent(name)
        if let existing = files.contents(atPath: path) {
            guard let bytes = Data(base64Encoded: existing.trimmingTrailingNewlines()), bytes.count == 32 else {
                throw StateDirectoryError(path: path, reason: "is not base64 of 32 bytes; delete it to make a new key (signs everyone out)")
            }
            return SymmetricKey(data: bytes)
        }
        let key = SymmetricKey(size: .bits256)
        let text = Data((key.withUnsafeBytes { Data($0) }.base64EncodedString() + "\n").utf8)
        // 0600 from its first byte (PrivateFile); `.keep`: a key another process created just now wins.
        let created: Bool
        do { created = try PrivateFile.write(text, to: path, existing: .keep) } catch {
            throw StateDirectoryError(path: path, reason: "cannot be created: \(error)")
        }
        return created ? key : try storedKey(named: name, in: directory)
    }
}

private extension Data {
    func trimmingTrailingNewlines() -> Data {
        var copy = self
        while let last = copy.last, last == 0x0A || last == 0x0D || last == 0x20 { copy.removeLast() }
        return copy
    }
}
