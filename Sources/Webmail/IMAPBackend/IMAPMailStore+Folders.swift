import IMAP

/// Folder management over IMAP (issue 25): CREATE, RENAME, DELETE with SUBSCRIBE kept in step,
/// emptying Trash/Junk, spam reports. Every name goes out as a `MailboxName` (modified UTF-7,
/// quoted or a literal by the command writer): user input is never spliced into a command.
extension IMAPMailStore {
    /// The account's folders as LIST shows them, with the server's hierarchy delimiter.
    struct Listing {
        let entries: [MailboxInfo]

        var delimiter: Character? { entries.lazy.compactMap(\.delimiter).first }

        func entry(_ name: String) -> MailboxInfo? {
            let wanted = MailboxName(name)
            return entries.first { $0.name == wanted && !$0.attributes.contains(.nonExistent) }
        }

        func role(_ role: MailboxRole) -> MailboxInfo? { entries.first { $0.role == role } }

        /// A folder, or a bare level of the hierarchy above folders: another client's `CREATE a/b`
        /// leaves `a` listed as `\NonExistent` (Dovecot) or `\Noselect`, with no mail of its own.
        func isListed(_ name: String) -> Bool {
            entry(name) != nil || entries.contains { FolderPath.isWithin($0.name.displayName, name, delimiter: delimiter) }
        }

        /// Whether `name` holds no mail of its own (a bare level).
        func isBareLevel(_ name: String) -> Bool {
            guard let entry = entries.first(where: { $0.name == MailboxName(name) }) else { return true }
            return !entry.isSelectable
        }

        /// The folder's path and its sub-folders', deepest first (bare levels included).
        func subtree(of name: String) -> [String] {
            FolderPath.subtree(of: name, in: Array(Set(entries.map(\.name.displayName) + [name])), delimiter: delimiter)
        }

        /// Refuses INBOX, a special-use folder and a folder that holds one.
        func requireUserFolder(_ name: String) throws(MailStoreError) {
            guard isListed(name) else { throw .notFound(.folder) }
            for path in subtree(of: name) where entry(path)?.role != nil { throw FolderPath.specialFolderRefused }
        }
    }

    func listing(_ connection: IMAPConnection) async throws -> Listing {
        Listing(entries: try await connection.listMailboxes(pattern: "*"))
    }

    func createFolder(for session: Session, name: String, parent: String?) async throws(MailStoreError) -> APIFolder {
        try await withConnection(session) { connection in
            let listing = try await listing(connection)
            if let parent, !listing.isListed(parent) { throw MailStoreError.notFound(.folder) }
            let full = try FolderPath.fullName(name, parent: parent, delimiter: listing.delimiter)
            if listing.entry(full) != nil { throw FolderPath.exists }
            try await Self.makeParents(of: full, listing: listing, connection: connection)
            try await Self.create(full, connection: connection)
            return Self.folder(full, delimiter: listing.delimiter)
        }
    }

    func renameFolder(for session: Session, name: String, to newName: String) async throws(MailStoreError) -> APIFolder {
        try await withConnection(session) { connection in
            let listing = try await listing(connection)
            try listing.requireUserFolder(name)
            let target = try FolderPath.fullName(newName, parent: nil, delimiter: listing.delimiter)
            guard target != name else { return Self.folder(name, delimiter: listing.delimiter) }
            if listing.entry(target) != nil { throw FolderPath.exists }
            if FolderPath.isWithin(target, name, delimiter: listing.delimiter) { throw FolderPath.intoItself }
            try await Self.makeParents(of: target, listing: listing, connection: connection)
            let moved = listing.subtree(of: name)
            do {
                try await connection.renameMailbox(MailboxName(name), to: MailboxName(target))
            } catch IMAPError.commandFailed(_, _, let text) where text.code == .alreadyExists {
                throw FolderPath.exists
            }
            // Subscriptions follow (other clients show subscribed folders only); Dovecot may
            // already have moved them, so a refusal here changes nothing.
            for old in moved {
                let new = target + String(old.dropFirst(name.count))
                try? await connection.unsubscribe(MailboxName(old))
                try? await connection.subscribe(MailboxName(new))
            }
            var folder = Self.folder(target, delimiter: listing.delimiter)
            if let status = try? await connection.status(of: MailboxName(target), items: [.messages, .unseen]) {
                folder.total = Int(status.messages ?? 0)
                folder.unseen = Int(status.unseen ?? 0)
            }
            return folder
        }
    }

    func deleteFolder(for session: Session, name: String) async throws(MailStoreError) -> DeletedFolders {
        try await withConnection(session) { connection in
            let listing = try await listing(connection)
            try listing.requireUserFolder(name)
            guard let trash = listing.role(.trash)?.name else { throw MailStoreError.invalid(.trashNotFound, "휴지통 폴더가 없습니다") }
            var trashed = 0
            let doomed = listing.subtree(of: name)
            for path in doomed {
                let mailbox = MailboxName(path)
                if listing.isBareLevel(path) {
                    // Only a level of the hierarchy (no mail of its own): the server may already
                    // have dropped it with its last sub-folder.
                    try? await connection.deleteMailbox(mailbox)
                } else {
                    trashed += try await Self.moveAll(from: mailbox, to: trash, connection: connection)
                    try await connection.deleteMailbox(mailbox)
                }
                try? await connection.unsubscribe(mailbox)
            }
            return DeletedFolders(folders: doomed, trashed: trashed, trash: trash.displayName)
        }
    }

    func emptyFolder(for session: Session, name: String) async throws(MailStoreError) -> Int {
        try await withConnection(session) { connection in
            let listing = try await listing(connection)
            guard let entry = listing.entry(name) else { throw MailStoreError.notFound(.folder) }
            guard entry.role == .trash || entry.role == .junk else { throw FolderPath.notEmptiable }
            // A fresh SELECT: the view then holds every message there now, not an older view's.
            try await connection.select(entry.name)
            let uids = try await connection.search(in: entry.name, .all)
            if !uids.isEmpty { try await connection.expungeMessages(in: entry.name, uids: SequenceSet(numbers: uids)) }
            return uids.count
        }
    }

    func reportSpam(for session: Session, folder: String, uids: [UInt32], spam: Bool) async throws(MailStoreError) -> MovedMessages {
        let moved = try await withConnection(session) { connection -> (String, CopyResult?) in
            let listing = try await listing(connection)
            let source = MailboxName(folder)
            guard listing.entry(folder) != nil else { throw MailStoreError.notFound(.folder) }
            guard let target = spam ? listing.role(.junk)?.name : .inbox else { throw FolderPath.noJunk }
            let (keyword, opposite) = spam ? (Flag("$Junk"), Flag("$NotJunk")) : (Flag("$NotJunk"), Flag("$Junk"))
            let selected = try await connection.select(source)
            let takesKeywords = selected.permanentFlags.contains(.wildcard) || selected.permanentFlags.contains(.flag(keyword))
            let set = SequenceSet(numbers: uids)
            if takesKeywords {
                try await connection.storeFlags(in: source, uids: set, .remove, [opposite])
                try await connection.storeFlags(in: source, uids: set, .add, [keyword])
            }
            guard target != source else { return (target.displayName, nil) }
            return (target.displayName, try await connection.moveMessages(in: source, uids: set, to: target))
        }
        guard let copied = moved.1 else { return MovedMessages(folder: moved.0, uids: uids) }
        return Self.moved(uids, to: moved.0, copied)
    }

    // MARK: Steps

    static func folder(_ name: String, delimiter: Character?) -> APIFolder {
        APIFolder(name: name, displayName: FolderPath.levels(name, delimiter: delimiter).last ?? name,
                  delimiter: delimiter.map(String.init), role: nil, unseen: 0, total: 0)
    }

    /// CREATE and SUBSCRIBE; ALREADYEXISTS (made meanwhile, e.g. in another tab) is a conflict.
    static func create(_ name: String, connection: IMAPConnection) async throws {
        do {
            try await connection.createMailbox(MailboxName(name))
        } catch IMAPError.commandFailed(_, _, let text) where text.code == .alreadyExists {
            throw FolderPath.exists
        }
        try? await connection.subscribe(MailboxName(name))
    }

    /// Dovecot does not make a missing parent of `a/b`: each level that is not there is made,
    /// so the tree shows the folder where the user put it.
    static func makeParents(of name: String, listing: Listing, connection: IMAPConnection) async throws {
        for parent in FolderPath.ancestors(name, delimiter: listing.delimiter) where listing.entry(parent) == nil {
            do {
                try await create(parent, connection: connection)
            } catch MailStoreError.conflict {
                // There as a level already (e.g. \Noselect): what matters is that it exists.
            }
        }
    }

    /// Moves every message of `mailbox` to `trash`, until a fresh look finds it empty (mail
    /// delivered meanwhile goes too): nothing is deleted with the folder. Returns how many.
    static func moveAll(from mailbox: MailboxName, to trash: MailboxName, connection: IMAPConnection) async throws -> Int {
        var moved = 0
        for _ in 0..<3 {
            try await connection.select(mailbox)
            let uids = try await connection.search(in: mailbox, .all)
            if uids.isEmpty { return moved }
            try await connection.moveMessages(in: mailbox, uids: SequenceSet(numbers: uids), to: trash)
            moved += uids.count
        }
        try await connection.unselect()
        guard try await connection.status(of: mailbox, items: [.messages]).messages == 0 else {
            throw MailStoreError.unavailable("\(mailbox) keeps receiving mail")
        }
        return moved
    }
}
