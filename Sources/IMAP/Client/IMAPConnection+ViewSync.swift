/// Acting on a message another connection listed.
///
/// A connection's view of the selected mailbox takes in new mail only when the server syncs it,
/// at the end of a command. A message that arrived since this connection's last command may be
/// listed by another connection of the same user, and a UID command naming it here finds
/// nothing: a FETCH answers without it (`fetchSummaries` and `fetchSection` ask again then),
/// and a STORE, COPY, MOVE or EXPUNGE completes OK having done nothing — a flag change or a
/// delete the user asked for would be lost without a word.
extension IMAPConnection {
    /// Syncs the view first (NOOP) when `uids` name a message above every UID this connection
    /// knows the selected mailbox to hold: the UIDNEXT of the selection and every UID a FETCH
    /// answer has shown since. One more round trip only then. Must be called with the gate
    /// held and the mailbox selected.
    func syncViewIfUnknown(_ uids: SequenceSet) async throws {
        guard let selected = selectedMailbox else { return }
        let known = max(highestUIDSeen, selected.uidNext.map { $0 > 0 ? $0 - 1 : 0 } ?? 0)
        let named = uids.ranges.lazy.flatMap { [$0.first, $0.last] }.map { bound -> UInt32 in
            if case .number(let uid) = bound { return uid }
            return 0  // `*` is the last message of the view, which the view knows
        }
        guard let highest = named.max(), highest > known else { return }
        try await execute(.noop)
    }
}
