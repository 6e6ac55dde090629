/// Mailbox operations: LIST (with SPECIAL-USE and LIST-STATUS), STATUS, SELECT/EXAMINE,
/// CREATE, RENAME, DELETE, SUBSCRIBE.
extension IMAPConnection {
    /// Lists mailboxes matching `pattern` (`*` for all), with their special-use attributes.
    /// With `statusItems`, each mailbox's counts come in the same round trip (LIST-STATUS), or
    /// from pipelined STATUS commands when the server lacks LIST-STATUS.
    public func listMailboxes(
        pattern: String = "*", statusItems: [StatusItem] = []
    ) async throws -> [MailboxInfo] {
        try await exclusive {
            // Dovecot answers STATUS (and LIST-STATUS) for the mailbox this session has selected
            // from the session's own view, which does not see mail delivered or flags changed
            // elsewhere until the session syncs: the unread count would lag one change behind.
            // A NOOP first brings the view up to date. Not pipelined: Dovecot may answer the LIST
            // before a NOOP sent ahead of it.
            if !statusItems.isEmpty && selectedMailbox != nil { try await execute(.noop) }
            let listStatus = !statusItems.isEmpty && capabilities.contains(.listStatus)
            let specialUse = capabilities.contains(.specialUse)
            var entries: [MailboxListEntry] = []
            var statuses: [MailboxName: MailboxStatus] = [:]
            try await execute(
                .list(
                    reference: nil, pattern: pattern, returnSpecialUse: specialUse,
                    returnStatus: listStatus ? statusItems : [])
            ) { untagged in
                switch untagged {
                case .list(let entry): entries.append(entry)
                case .mailboxStatus(let name, let status): statuses[name] = status
                default: break
                }
            }
            if !statusItems.isEmpty && !listStatus {
                statuses = try await pipelinedStatus(entries.filter(\.isSelectable).map(\.name), items: statusItems)
            }
            return entries.map { entry in
                MailboxInfo(
                    name: entry.name, delimiter: entry.delimiter, attributes: entry.attributes,
                    status: statuses[entry.name])
            }
        }
    }

    /// Sends all STATUS commands first, then reads their answers: one round trip instead of n.
    private func pipelinedStatus(_ names: [MailboxName], items: [StatusItem]) async throws -> [MailboxName: MailboxStatus] {
        var statuses: [MailboxName: MailboxStatus] = [:]
        let collect: (UntaggedResponse) -> Void = { untagged in
            if case .mailboxStatus(let name, let status) = untagged { statuses[name] = status }
        }
        let commands = names.map { Command.status($0, items) }
        let tags = try await sendPipelined(commands, onUntagged: collect)
        for (tag, command) in zip(tags, commands) {
            do {
                try await readCompletion(tag: tag, command: command, onUntagged: collect)
            } catch IMAPError.commandFailed {
                // A mailbox that vanished meanwhile has no counts; the others still do.
            }
        }
        return statuses
    }

    /// STATUS of one mailbox (do not use on the selected mailbox; its state is in ``selectedMailbox``).
    public func status(of mailbox: MailboxName, items: [StatusItem] = [.messages, .unseen, .uidNext, .uidValidity])
        async throws -> MailboxStatus
    {
        try await exclusive {
            var result = MailboxStatus()
            try await execute(.status(mailbox, items)) { untagged in
                if case .mailboxStatus(_, let status) = untagged { result = status }
            }
            return result
        }
    }

    /// SELECT (read-write) or EXAMINE (`readOnly`). CONDSTORE is requested when offered.
    @discardableResult
    public func select(_ mailbox: MailboxName, readOnly: Bool = false) async throws -> SelectedMailbox {
        try await exclusive { try await selectLocked(mailbox, readOnly: readOnly) }
    }

    /// SELECT unless `mailbox` is already selected with at least the needed access.
    func ensureSelected(_ mailbox: MailboxName, readOnly: Bool) async throws -> SelectedMailbox {
        if let current = selectedMailbox, current.name == mailbox, readOnly || !current.isReadOnly {
            return current
        }
        return try await selectLocked(mailbox, readOnly: readOnly)
    }

    func selectLocked(_ mailbox: MailboxName, readOnly: Bool) async throws -> SelectedMailbox {
        selectedMailbox = nil
        var state = SelectedMailbox(name: mailbox, isReadOnly: readOnly)
        let condStore = capabilities.contains(.condStore)
        let command: Command = readOnly ? .examine(mailbox, condStore: condStore) : .select(mailbox, condStore: condStore)
        let tagged = try await execute(command) { untagged in
            switch untagged {
            case .exists(let count): state.exists = count
            case .recent(let count): state.recent = count
            case .flags(let flags): state.flags = flags
            case .status(.ok, let text):
                switch text.code {
                case .uidValidity(let value): state.uidValidity = value
                case .uidNext(let value): state.uidNext = value
                case .unseen(let value): state.firstUnseen = value
                case .permanentFlags(let flags): state.permanentFlags = flags
                case .highestModSeq(let value): state.highestModSeq = value
                default: break
                }
            default: break
            }
        }
        if case .readOnly = tagged.text.code { state.isReadOnly = true }
        selectedMailbox = state
        return state
    }

    /// Leaves the selected mailbox without expunging (UNSELECT, or EXAMINE-free CLOSE fallback).
    public func unselect() async throws {
        try await exclusive {
            guard selectedMailbox != nil else { return }
            try await execute(capabilities.contains(.unselect) ? .unselect : .close)
            selectedMailbox = nil
        }
    }

    public func createMailbox(_ mailbox: MailboxName) async throws {
        try await exclusive { try await execute(.create(mailbox)) }
    }

    public func deleteMailbox(_ mailbox: MailboxName) async throws {
        try await exclusive {
            if selectedMailbox?.name == mailbox {
                try await execute(capabilities.contains(.unselect) ? .unselect : .close)
                selectedMailbox = nil
            }
            try await execute(.delete(mailbox))
        }
    }

    public func renameMailbox(_ mailbox: MailboxName, to newName: MailboxName) async throws {
        try await exclusive {
            if selectedMailbox?.name == mailbox {
                try await execute(capabilities.contains(.unselect) ? .unselect : .close)
                selectedMailbox = nil
            }
            try await execute(.rename(from: mailbox, to: newName))
        }
    }

    public func subscribe(_ mailbox: MailboxName) async throws {
        try await exclusive { try await execute(.subscribe(mailbox)) }
    }

    public func unsubscribe(_ mailbox: MailboxName) async throws {
        try await exclusive { try await execute(.unsubscribe(mailbox)) }
    }
}
