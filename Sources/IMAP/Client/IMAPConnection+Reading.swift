/// Reading one message for display: what a reader needs in one command.
extension IMAPConnection {
    /// One message to show, in one `UID FETCH`: its summary (as in
    /// ``fetchSummaries(in:uids:)``) and, when it is at most `wholeUpTo` bytes, its raw bytes
    /// (`BODY.PEEK[]<0.wholeUpTo>`: never sets `\Seen`). Asking for the first `wholeUpTo` bytes
    /// rather than all of them keeps a large message (read part by part by the caller) from
    /// arriving whole; the prefix it brings instead is at most `wholeUpTo` bytes.
    ///
    /// Before, a reader sent a summary FETCH and then a body FETCH: two round trips, where the
    /// second one only started once the first had answered.
    /// - Returns: `nil` when the UID does not exist.
    public func fetchMessageToRead(in mailbox: MailboxName, uid: UInt32, wholeUpTo limit: Int) async throws -> MessageToRead? {
        precondition(limit >= 1, "the whole-message limit is at least one byte")
        return try await exclusive {
            _ = try await ensureSelected(mailbox, readOnly: true)
            let body = FetchItem.bodySection(.whole, partial: 0...UInt32(clamping: limit - 1))
            let command = Command.uidFetch(SequenceSet(numbers: [uid]), summaryItems() + [body], changedSince: nil)
            let known = selectedMailbox?.exists
            var found: MessageToRead?
            let collect: (UntaggedResponse) -> Void = { untagged in
                guard case .fetch(let fetch) = untagged, fetch.uid == uid, let summary = MessageSummary(fetch),
                    summary.envelope != nil
                else { return }
                var prefix: [UInt8]?
                for case .bodySection(let section, _, let data) in fetch.attributes where section == .whole { prefix = data ?? [] }
                found = MessageToRead(summary: summary, raw: summary.size <= UInt64(limit) ? prefix : nil)
            }
            try await execute(command, onUntagged: collect)
            if found == nil, reportedNewMail(since: known) {
                // Another connection listed mail this one's view does not have yet (see reportedNewMail).
                try await execute(command, onUntagged: collect)
            }
            return found
        }
    }
}

/// A message fetched to be read: see ``IMAPConnection/fetchMessageToRead(in:uid:wholeUpTo:)``.
public struct MessageToRead: Sendable {
    public var summary: MessageSummary
    /// The whole message as stored; `nil` when it is larger than the limit asked for.
    public var raw: [UInt8]?
}
