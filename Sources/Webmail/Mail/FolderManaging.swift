/// What the folder routes need from a user's mailbox (issue 25): making, renaming and deleting
/// the user's own folders, emptying Trash and Junk, and reporting spam. Part of `MailStore`.
///
/// Names are full paths as `APIFolder.name` gives them (decoded; the server's hierarchy
/// delimiter between the levels, e.g. `프로젝트/부산3D`); the stores encode them for the wire.
public protocol FolderManaging: Sendable {
    /// Makes `name` (under `parent` when given: then `name` is one level and may not contain the
    /// delimiter). Missing parents are made too. `conflict` when the folder exists.
    func createFolder(for session: Session, name: String, parent: String?) async throws(MailStoreError) -> APIFolder
    /// Renames (or moves, when the parent part changes) a user folder with its sub-folders.
    func renameFolder(for session: Session, name: String, to newName: String) async throws(MailStoreError) -> APIFolder
    /// Deletes a user folder and its sub-folders, their mail moved to Trash first: nothing is lost.
    func deleteFolder(for session: Session, name: String) async throws(MailStoreError) -> DeletedFolders
    /// Expunges every message of the Trash or the Junk folder (no other); how many went.
    func emptyFolder(for session: Session, name: String) async throws(MailStoreError) -> Int
    /// 스팸 신고 (`spam`: to Junk, keyword `$Junk`) or 스팸 아님 (to INBOX, keyword `$NotJunk`);
    /// the keywords only where the folder takes new keywords (PERMANENTFLAGS).
    func reportSpam(for session: Session, folder: String, uids: [UInt32], spam: Bool) async throws(MailStoreError) -> MovedMessages
}

/// What a folder deletion did: the folders gone (the folder and its sub-folders, deepest first)
/// and how many messages went to Trash.
public struct DeletedFolders: Sendable, Equatable, Encodable {
    public var folders: [String]
    public var trashed: Int
    public var trash: String

    public init(folders: [String], trashed: Int, trash: String) {
        self.folders = folders
        self.trashed = trashed
        self.trash = trash
    }
}
