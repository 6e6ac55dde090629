/// Folder management in memory, as the IMAP store does it where the routes can tell: the same
/// refusals (special-use, exists, not found), parents made, sub-folders renamed and deleted
/// with their folder, a deleted folder's mail in Trash. Keywords (`$Junk`) are not kept.
extension InMemoryMailStore {
    static let delimiter: Character = "/"

    private static func exists(_ name: String, in account: Account) -> Bool {
        account.folders.contains { $0.name == name || ($0.name.uppercased() == "INBOX" && name.uppercased() == "INBOX") }
    }

    private static func subtree(of name: String, in account: Account) -> [String] {
        FolderPath.subtree(of: name, in: account.folders.map(\.name), delimiter: delimiter)
    }

    private static func requireUserFolder(_ name: String, in account: Account) throws(MailStoreError) {
        _ = try folderIndex(name, in: account)
        for path in subtree(of: name, in: account) where account.folders.first(where: { $0.name == path })?.role != nil {
            throw FolderPath.specialFolderRefused
        }
    }

    private static func makeWithParents(_ name: String, in account: inout Account) {
        for path in FolderPath.ancestors(name, delimiter: delimiter) + [name] where !exists(path, in: account) {
            account.folders.append(Folder(name: path, role: nil))
        }
    }

    private static func apiFolder(_ folder: Folder) -> APIFolder {
        APIFolder(name: folder.name, displayName: FolderPath.levels(folder.name, delimiter: delimiter).last ?? folder.name,
                  delimiter: String(delimiter), role: folder.role,
                  unseen: folder.messages.filter { !$0.flags.seen }.count, total: folder.messages.count)
    }

    func createFolder(for session: Session, name: String, parent: String?) async throws(MailStoreError) -> APIFolder {
        try withAccount(session) { account throws(MailStoreError) in
            if let parent { _ = try Self.folderIndex(parent, in: account) }
            let full = try FolderPath.fullName(name, parent: parent, delimiter: Self.delimiter)
            if Self.exists(full, in: account) { throw FolderPath.exists }
            Self.makeWithParents(full, in: &account)
            return Self.apiFolder(account.folders[try Self.folderIndex(full, in: account)])
        }
    }

    func renameFolder(for session: Session, name: String, to newName: String) async throws(MailStoreError) -> APIFolder {
        try withAccount(session) { account throws(MailStoreError) in
            try Self.requireUserFolder(name, in: account)
            let target = try FolderPath.fullName(newName, parent: nil, delimiter: Self.delimiter)
            if target != name {
                if Self.exists(target, in: account) { throw FolderPath.exists }
                if FolderPath.isWithin(target, name, delimiter: Self.delimiter) { throw FolderPath.intoItself }
                for index in account.folders.indices where FolderPath.isWithin(account.folders[index].name, name, delimiter: Self.delimiter) {
                    account.folders[index].name = target + String(account.folders[index].name.dropFirst(name.count))
                }
                Self.makeWithParents(target, in: &account)
            }
            return Self.apiFolder(account.folders[try Self.folderIndex(target, in: account)])
        }
    }

    func deleteFolder(for session: Session, name: String) async throws(MailStoreError) -> DeletedFolders {
        try withAccount(session) { account throws(MailStoreError) in
            try Self.requireUserFolder(name, in: account)
            guard let trash = account.folders.first(where: { $0.role == .trash })?.name else {
                throw .invalid(.trashNotFound, "휴지통 폴더가 없습니다")
            }
            let doomed = Self.subtree(of: name, in: account)
            var trashed = 0
            for path in doomed {
                let uids = account.folders[try Self.folderIndex(path, in: account)].messages.map(\.uid)
                _ = try Self.move(uids, from: path, to: trash, in: &account)
                trashed += uids.count
                account.folders.removeAll { $0.name == path }
            }
            return DeletedFolders(folders: doomed, trashed: trashed, trash: trash)
        }
    }

    func emptyFolder(for session: Session, name: String) async throws(MailStoreError) -> Int {
        try withAccount(session) { account throws(MailStoreError) in
            let index = try Self.folderIndex(name, in: account)
            guard [.trash, .junk].contains(account.folders[index].role) else { throw FolderPath.notEmptiable }
            defer { account.folders[index].messages.removeAll() }
            return account.folders[index].messages.count
        }
    }

    func reportSpam(for session: Session, folder: String, uids: [UInt32], spam: Bool) async throws(MailStoreError) -> MovedMessages {
        try withAccount(session) { account throws(MailStoreError) in
            _ = try Self.folderIndex(folder, in: account)
            guard let target = spam ? account.folders.first(where: { $0.role == .junk })?.name : "INBOX" else { throw FolderPath.noJunk }
            if target == folder { return MovedMessages(folder: target, uids: uids) }
            return try Self.move(uids, from: folder, to: target, in: &account)
        }
    }
}
