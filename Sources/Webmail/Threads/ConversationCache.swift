import NIOConcurrencyHelpers

/// The conversations of recently used folders, in memory, per user: at most
/// ``foldersPerUser`` folders a user and ``totalFolders`` in all, the least recently used
/// dropped first. A dropped folder is threaded again (one THREAD) when next asked for.
/// Nothing here is persisted: the mail server stays the only copy of the mailbox.
final class ConversationCache: Sendable {
    static let foldersPerUser = 8
    static let totalFolders = 512

    struct Key: Hashable, Sendable {
        var user: String
        var folder: String
    }

    private struct Entry {
        var forest: ConversationForest
        var lastUse: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var clock: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())

    func forest(for key: Key) -> ConversationForest? {
        state.withLockedValue { state in
            guard var entry = state.entries[key] else { return nil }
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[key] = entry
            return entry.forest
        }
    }

    func store(_ forest: ConversationForest, for key: Key) {
        state.withLockedValue { state in
            state.clock += 1
            state.entries[key] = Entry(forest: forest, lastUse: state.clock)
            let users = state.entries.keys.filter { $0.user == key.user }
            if users.count > Self.foldersPerUser { Self.evictOldest(among: users, from: &state) }
            if state.entries.count > Self.totalFolders { Self.evictOldest(among: Array(state.entries.keys), from: &state) }
        }
    }

    /// Forgets a folder (e.g. it was deleted or renamed).
    func forget(_ key: Key) {
        _ = state.withLockedValue { $0.entries.removeValue(forKey: key) }
    }

    var count: Int { state.withLockedValue { $0.entries.count } }

    private static func evictOldest(among keys: [Key], from state: inout State) {
        guard let oldest = keys.min(by: { (state.entries[$0]?.lastUse ?? 0) < (state.entries[$1]?.lastUse ?? 0) }) else { return }
        state.entries.removeValue(forKey: oldest)
    }
}
