/// Threads (RFC 5256 THREAD) and the header fields a client needs to thread new mail itself.
extension IMAPConnection {
    /// The threads of a mailbox, as the server computes them, with the UIDVALIDITY they are for.
    public struct Threads: Sendable, Hashable {
        public var trees: [ThreadTree]
        public var uidValidity: UInt32?
        /// The message count after the command.
        public var exists: UInt32
    }

    /// `UID THREAD algorithm UTF-8 criteria`; ``IMAPError/unsupported(_:)`` when the server does
    /// not offer the algorithm.
    public func thread(in mailbox: MailboxName, algorithm: ThreadAlgorithm, criteria: SearchKey = .all) async throws -> Threads {
        try await exclusive {
            let selected = try await ensureSelected(mailbox, readOnly: true)
            guard capabilities.threadAlgorithms.contains(algorithm) else {
                throw IMAPError.unsupported("THREAD=\(algorithm.rawValue)")
            }
            var trees: [ThreadTree] = []
            try await execute(.uidThread(algorithm, charset: "UTF-8", criteria)) { untagged in
                if case .thread(let found) = untagged { trees.append(contentsOf: found) }
            }
            return Threads(trees: trees, uidValidity: selected.uidValidity, exists: selectedMailbox?.exists ?? 0)
        }
    }

    /// `UID FETCH uids (UID BODY.PEEK[HEADER.FIELDS (fields)])`: each message's raw header lines,
    /// by UID (messages that are gone are left out).
    public func fetchHeaderFields(in mailbox: MailboxName, uids: SequenceSet, fields: [String]) async throws -> [UInt32: [UInt8]] {
        try await exclusive {
            _ = try await ensureSelected(mailbox, readOnly: true)
            var headers: [UInt32: [UInt8]] = [:]
            let command = Command.uidFetch(uids, [.uid, .bodySection(SectionSpecifier(kind: .headerFields(fields)))], changedSince: nil)
            try await execute(command) { untagged in
                guard case .fetch(let fetch) = untagged, let uid = fetch.uid else { return }
                for case .bodySection(_, _, let bytes?) in fetch.attributes { headers[uid] = bytes }
            }
            return headers
        }
    }
}

extension IMAPConnection {
    /// What arrived in a mailbox since a UID: the new messages' header fields, and the mailbox's
    /// count and UIDVALIDITY as this session sees them after the command.
    public struct NewMessages: Sendable, Hashable {
        public var headers: [UInt32: [UInt8]]
        public var exists: UInt32
        public var uidValidity: UInt32?
    }

    /// `UID FETCH uidNext:* (UID BODY.PEEK[HEADER.FIELDS (fields)])`: one command that both says
    /// whether anything arrived and fetches what a client threads it by. `n:*` always includes
    /// the newest message, so UIDs below `uidNext` are dropped. Asked once more when the command
    /// itself reported new mail (the session's view takes it in only at the command's end).
    public func newMessages(in mailbox: MailboxName, since uidNext: UInt32, fields: [String]) async throws -> NewMessages {
        try await exclusive {
            _ = try await ensureSelected(mailbox, readOnly: true)
            let command = Command.uidFetch(
                SequenceSet([SequenceRange(.number(max(uidNext, 1)), .last)]),
                [.uid, .bodySection(SectionSpecifier(kind: .headerFields(fields)))], changedSince: nil)
            var headers: [UInt32: [UInt8]] = [:]
            let collect: (UntaggedResponse) -> Void = { untagged in
                guard case .fetch(let fetch) = untagged, let uid = fetch.uid, uid >= uidNext else { return }
                for case .bodySection(_, _, let bytes?) in fetch.attributes { headers[uid] = bytes }
            }
            let known = selectedMailbox?.exists
            try await execute(command, onUntagged: collect)
            if reportedNewMail(since: known) { try await execute(command, onUntagged: collect) }
            return NewMessages(headers: headers, exists: selectedMailbox?.exists ?? 0, uidValidity: selectedMailbox?.uidValidity)
        }
    }
}
