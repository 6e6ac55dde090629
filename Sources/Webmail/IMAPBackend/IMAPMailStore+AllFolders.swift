import Foundation
import IMAP

/// "모든 폴더" search (issue 25). Dovecot 2.3 has no MULTISEARCH (RFC 7377; its CAPABILITY lists
/// ESEARCH, ESORT, CONTEXT=SEARCH but not MULTISEARCH), so each folder is searched on its own:
/// a few at a time on the user's pooled connections, the newest `page × size` of each, merged
/// newest received first. Trash and Spam are left out, as Gmail and Naver leave them out (search
/// those by opening them); so are virtual folders (\All, \Flagged) that would list mail twice.
extension IMAPMailStore {
    /// An all-folders search shows its first this-many results (page × size): each folder's
    /// newest that many are fetched to merge, so deeper pages would cost without bound.
    static let maximumAllFoldersDepth = 1000

    static let rolesLeftOutOfAllFolders: Set<MailboxRole> = [.trash, .junk, .all, .flagged]

    /// One folder's matching message, ready to merge.
    struct FolderHit: Sendable {
        var received: Date
        var uid: UInt32
        var order: Int
        var json: [UInt8]
    }

    func searchAllFolders(for session: Session, page: Int, size: Int, query: MessageQuery) async throws(MailStoreError) -> APIMessagePage {
        let depth = page * size
        guard depth <= Self.maximumAllFoldersDepth else {
            throw .invalid(.invalidParameter, "page: a search of all folders shows its first \(Self.maximumAllFoldersDepth) results; narrow the search")
        }
        let infos = try await withConnection(session) { connection in try await connection.listMailboxes(pattern: "*") }
        let folders = infos.filter { info in
            guard !info.attributes.contains(.noSelect), !info.attributes.contains(.nonExistent) else { return false }
            return MailboxRole(name: info.name, attributes: info.attributes).map { !Self.rolesLeftOutOfAllFolders.contains($0) } ?? true
        }.map(\.name)
        let search = Self.searchKey(query) ?? .all
        // Never more at once than the user's pool may open, less one for the user's other
        // requests (the list refresh, a message opened meanwhile); the pool's own wait deadline
        // bounds every connection wait.
        let width = max(1, min(folders.count, pool.limits.maximumPerAccount - 1))
        let credentials = Self.credentials(session)
        let pool = self.pool
        do {
            var total = 0
            var hits: [FolderHit] = []
            let searchFolder: @Sendable (Int) async throws -> (Int, [FolderHit]) = { order in
                try await Self.folderHits(pool: pool, credentials: credentials, folder: folders[order], order: order, search: search, depth: depth)
            }
            try await withThrowingTaskGroup(of: (Int, [FolderHit]).self) { group in
                var next = 0
                while next < width {
                    let order = next
                    group.addTask { try await searchFolder(order) }
                    next += 1
                }
                while let result = try await group.next() {
                    total += result.0
                    hits += result.1
                    if next < folders.count {
                        let order = next
                        group.addTask { try await searchFolder(order) }
                        next += 1
                    }
                }
            }
            hits.sort { a, b in
                if a.received != b.received { return a.received > b.received }
                return a.order != b.order ? a.order < b.order : a.uid > b.uid
            }
            let skip = (page - 1) * size
            let shown = skip < hits.count ? Array(hits[skip..<min(hits.count, skip + size)]) : []
            return APIMessagePage(total: total, page: page, size: size, items: .rendered(shown.map(\.json)))
        } catch let error as MailStoreError {
            throw error
        } catch {
            throw Self.mapError(error, logger: logger)
        }
    }

    /// How many messages of `folder` match, and the newest `depth` of them, each item's JSON
    /// naming its folder (the SPA opens and acts on a row in the folder its UID belongs to).
    /// A folder deleted since the LIST counts as empty.
    static func folderHits(
        pool: IMAPConnectionPool, credentials: IMAPCredentials, folder: MailboxName, order: Int, search: SearchKey, depth: Int
    ) async throws -> (Int, [FolderHit]) {
        var prefix = JSONWriter(capacity: 64)
        prefix.raw("{\"folder\":")
        prefix.string(folder.displayName)
        prefix.raw(",")
        let head = prefix.document
        do {
            let page = try await pool.withConnection(for: credentials) { connection in
                try await connection.fetchPage(in: folder, page: 1, pageSize: depth, search: search, sort: [SortKey(.arrival, reversed: true)]) { listed in
                    var writer = JSONWriter(capacity: 640)
                    writer.messageListItem(listed)
                    let received: Date? = switch listed {
                    case .scanned(let scanned): scanned.internalDate?.date
                    case .parsed(let summary): summary.internalDate?.date
                    }
                    // The item's own `{` becomes `{"folder":…,`.
                    return FolderHit(received: received ?? .distantPast, uid: listed.uid, order: order, json: head + writer.document.dropFirst())
                }
            }
            return (page.total, page.items)
        } catch IMAPError.commandFailed(let command, _, _) where ["SELECT", "EXAMINE"].contains(command.uppercased()) {
            return (0, [])
        }
    }
}
