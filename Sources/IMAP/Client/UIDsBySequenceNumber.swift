/// The UIDs a connection has seen for sequence numbers of its selected mailbox, learned from
/// FETCH answers.
///
/// They hold only while the mailbox's numbering does: new mail is appended and keeps every
/// number, but an expunge renumbers the messages after it, so any expunge forgets them all, and
/// so does leaving the mailbox. With them a page listed before can be asked for again by UID
/// range (see `IMAPConnection.anchoredPage`), a command at whose end the server reports what
/// changed in between.
struct UIDsBySequenceNumber {
    /// A session lists pages of at most a few hundred messages; past this many the map starts
    /// over rather than grow with a client that walks a whole large mailbox.
    static let capacity = 4_096

    private var uids: [UInt32: UInt32] = [:]

    mutating func learn(uid: UInt32, sequenceNumber: UInt32) {
        if uids.count >= Self.capacity, uids[sequenceNumber] == nil { uids.removeAll(keepingCapacity: true) }
        uids[sequenceNumber] = uid
    }

    func uid(at sequenceNumber: UInt32) -> UInt32? { uids[sequenceNumber] }

    mutating func forgetAll() {
        if !uids.isEmpty { uids.removeAll(keepingCapacity: true) }
    }
}
