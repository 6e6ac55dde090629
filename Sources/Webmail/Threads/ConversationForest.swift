import IMAP

/// One folder's conversations: the threads the server's THREAD gave, kept current by attaching
/// new mail (threaded from its own headers) and pruning expunged UIDs, never by threading the
/// whole folder again while its UIDVALIDITY stays.
///
/// Only membership is kept (which UIDs form a conversation), not the reply tree: the API lists
/// a conversation's messages by date, and the SPA folds by read state, not by branch.
struct ConversationForest: Sendable {
    let uidValidity: UInt32
    /// Every UID below this has been seen (threaded, or gone before it was).
    private(set) var uidNext: UInt32
    /// Conversations by slot, each ascending.
    private var members: [[UInt32]] = []
    private var slotOf: [UInt32: Int] = [:]
    /// Slots by newest activity first: at first the reverse of the server's order (REFS lists
    /// threads by the date of their latest message, oldest first), then each conversation that
    /// gets new mail moves to the front, as the mail is newer than anything listed.
    private var order: [Int] = []

    /// Indexes a THREAD answer: CPU work in proportion to the folder, so callers run it off the event loop.
    init(trees: [ThreadTree], uidValidity: UInt32) {
        self.uidValidity = uidValidity
        uidNext = 1
        members.reserveCapacity(trees.count)
        for tree in trees {
            let uids = tree.uids.sorted()
            guard let latest = uids.last else { continue }
            let slot = members.count
            members.append(uids)
            for uid in uids { slotOf[uid] = slot }
            uidNext = max(uidNext, latest + 1)
        }
        order = Array(members.indices.reversed())
    }

    var messageCount: Int { slotOf.count }
    var conversationCount: Int { order.count }

    func contains(_ uid: UInt32) -> Bool { slotOf[uid] != nil }

    /// The conversation a message belongs to, ascending UIDs.
    func conversation(containing uid: UInt32) -> [UInt32]? {
        slotOf[uid].map { members[$0] }
    }

    /// Adds a new message (a UID above every one known) to the conversation of `parent`, a
    /// message of this folder it replies to, or as a conversation of its own; either way that
    /// conversation is now the newest.
    mutating func add(_ uid: UInt32, replyingTo parent: UInt32?) {
        uidNext = max(uidNext, uid + 1)
        guard slotOf[uid] == nil else { return }
        let slot: Int
        if let parent, let existing = slotOf[parent] {
            slot = existing
            members[slot].append(uid)
            if members[slot].last != uid { members[slot].sort() }
            order.removeAll { $0 == slot }
        } else {
            slot = members.count
            members.append([uid])
        }
        slotOf[uid] = slot
        order.insert(slot, at: 0)
    }

    /// Drops every UID not in `present` (expunged or moved away): CPU work in proportion to the
    /// folder, so callers run it off the event loop.
    mutating func prune(keeping present: Set<UInt32>) {
        var kept: [[UInt32]] = []
        slotOf.removeAll(keepingCapacity: true)
        for slot in order {
            let uids = members[slot].filter(present.contains)
            guard !uids.isEmpty else { continue }
            for uid in uids { slotOf[uid] = kept.count }
            kept.append(uids)
        }
        members = kept
        order = Array(kept.indices)
    }

    /// Conversations, newest activity first, each as ascending UIDs (shared storage, no copies).
    func ordered() -> [[UInt32]] { order.map { members[$0] } }
}
