import Crypto
import Foundation

/// A user's folder under a files root (`ZM_FILES_DIR/uploads`, `ZM_FILES_DIR/large`): named by the
/// SHA-256 of the lowercased address, so no client-supplied text ever becomes a path component;
/// folders are 0700. Shared by the mail uploads and 대용량 첨부.
enum OwnerFolder {
    static func path(under root: String, of owner: String) -> String {
        let digest = SHA256.hash(data: Data(owner.lowercased().utf8))
        return (root as NSString).appendingPathComponent(digest.map { String(format: "%02x", $0) }.joined())
    }

    static func make(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// Owners are stored as the login normalized them, compared lowercased.
    static func key(_ owner: String) -> StateValue { .text(owner.lowercased()) }
}
