import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOConcurrencyHelpers

/// Token ids revoked by logout, each kept until its token would have expired anyway. Persisted
/// under `ZM_STATE_DIR` (`revoked.json`) so a restart does not bring a logged-out token back.
final class RevocationList: Sendable {
    private let entries: NIOLockedValueBox<[String: Date]>
    private let file: String?

    init(stateDir: String?) {
        if let stateDir {
            let path = (stateDir as NSString).appendingPathComponent("revoked.json")
            self.file = path
            let stored = FileManager.default.contents(atPath: path)
                .flatMap { try? JSONDecoder().decode([String: Double].self, from: $0) } ?? [:]
            let now = Date()
            self.entries = NIOLockedValueBox(stored.mapValues { Date(timeIntervalSince1970: $0) }.filter { $0.value > now })
        } else {
            self.file = nil
            self.entries = NIOLockedValueBox([:])
        }
    }

    func revoke(_ tokenID: String, until expiry: Date) {
        let snapshot = entries.withLockedValue { entries -> [String: Date] in
            let now = Date()
            entries = entries.filter { $0.value > now }
            entries[tokenID] = expiry
            return entries
        }
        persist(snapshot)
    }

    func isRevoked(_ tokenID: String) -> Bool {
        entries.withLockedValue { $0[tokenID].map { $0 > Date() } ?? false }
    }

    private func persist(_ snapshot: [String: Date]) {
        guard let file, let data = try? JSONEncoder().encode(snapshot.mapValues(\.timeIntervalSince1970)) else { return }
        // Private from its first byte, then renamed over the old list: a crash mid-write never
        // leaves a truncated list behind. Best effort: the list in memory still holds.
        _ = try? PrivateFile.write(data, to: file)
    }
}
