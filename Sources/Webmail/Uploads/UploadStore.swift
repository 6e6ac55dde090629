import Crypto
import Hummingbird
import Foundation
import Logging
import NIOConcurrencyHelpers

/// Files uploaded ahead of a send (`POST /mail/uploads`), kept until the message that carries
/// them is sent, the user deletes them, or the token lifetime passes.
///
/// The record (owner, name, type, size, time) is a row of the state store's `uploads` table, so
/// every instance sharing the store sees it; the bytes are a file under `ZM_FILES_DIR`
/// (`uploads/<user>/<id>.data`, 0600 in 0700 folders), a folder that several instances share
/// as a common mount. `<user>` is a SHA-256 of the lowercased address, so no client-supplied text
/// ever becomes a path component; the id is checked by `UploadID`. An upload exists once its row
/// exists: the row is written after the whole file, so a half-written or refused file is never
/// visible, and a crash leaves only a data file that the sweep removes once it is too old to
/// belong to any record.
final class UploadStore: Sendable {
    let root: String
    /// One file may not be bigger than a message may be.
    let maxFileBytes: Int
    /// The sum of one user's pending uploads.
    let maxPendingBytes: Int
    /// Uploads older than this (the token lifetime: nobody can still send them) are removed.
    let lifetime: TimeInterval
    let logger: Logger
    private let store: any StateStore
    private let lastSweep = NIOLockedValueBox(Date.distantPast)
    static let sweepInterval: TimeInterval = 600

    struct Metadata: Sendable, Equatable {
        var filename: String
        var contentType: String
        var size: Int
        var created: Date
    }

    /// What the API answers for an upload.
    struct Upload: ResponseEncodable, Sendable {
        let id: String
        let filename: String
        let contentType: String
        let size: Int

        enum CodingKeys: String, CodingKey {
            case id, filename, size
            case contentType = "content_type"
        }
    }

    /// A file being written, not yet visible as an upload.
    struct Pending {
        let id: UploadID
        let directory: String
        let dataPath: String
        let handle: FileHandle
    }

    /// `filesDir` is `ZM_FILES_DIR` (created 0700 when missing).
    init(filesDir: String, store: any StateStore, maxFileBytes: Int, lifetime: TimeInterval, logger: Logger) throws {
        root = (filesDir as NSString).appendingPathComponent("uploads")
        self.store = store
        self.maxFileBytes = maxFileBytes
        maxPendingBytes = 2 * maxFileBytes
        self.lifetime = lifetime
        self.logger = logger
        try StateDirectory.prepare(filesDir)
        try OwnerFolder.make(root)
    }

    // MARK: Paths

    func directory(of owner: String) -> String { OwnerFolder.path(under: root, of: owner) }

    private func dataPath(_ id: UploadID, owner: String) -> String {
        (directory(of: owner) as NSString).appendingPathComponent(id.value) + ".data"
    }

    // MARK: Writing

    /// Opens a new, empty data file (0600, never an existing one) for an upload of `owner`.
    func begin(owner: String) throws -> Pending {
        let directory = directory(of: owner)
        try OwnerFolder.make(directory)
        let id = UploadID.random()
        let dataPath = dataPath(id, owner: owner)
        let descriptor = open(dataPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw UploadStoreError.cannotWrite(errno) }
        return Pending(id: id, directory: directory, dataPath: dataPath, handle: FileHandle(fileDescriptor: descriptor, closeOnDealloc: true))
    }

    /// Makes a fully written file an upload, unless it would take the owner past the cap (nil;
    /// the file is removed). The check and the insert hold the owner's lock in the store, so
    /// parallel uploads, through any instance, cannot pass the cap together.
    func commit(_ pending: Pending, owner: String, filename: String, contentType: String, size: Int, now: Date = Date()) async throws -> Upload? {
        try pending.handle.synchronize()
        try pending.handle.close()
        let cap = maxPendingBytes, cutoff = now.addingTimeInterval(-lifetime), id = pending.id.value
        let accepted: Bool
        do {
            accepted = try await store.transaction { transaction in
                try await transaction.serialize(on: "uploads " + owner.lowercased())
                let used = try await transaction.query(
                    "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM uploads WHERE owner = $1 AND created_at > $2",
                    OwnerFolder.key(owner), .time(cutoff)).first?.integer(0) ?? 0
                guard Int(used) + size <= cap else { return false }
                try await transaction.query("""
                    INSERT INTO uploads (id, owner, filename, content_type, size, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6)
                    """, .text(id), OwnerFolder.key(owner), .text(filename), .text(contentType), .int(size), .time(now))
                return true
            }
        } catch {
            discard(pending)
            throw error
        }
        guard accepted else {
            discard(pending)
            return nil
        }
        sweepIfDue(now: now)
        return Upload(id: pending.id.value, filename: filename, contentType: contentType, size: size)
    }

    func discard(_ pending: Pending) {
        try? pending.handle.close()
        try? FileManager.default.removeItem(atPath: pending.dataPath)
    }

    // MARK: Reading

    /// The upload `id` of `owner`, or nil when there is none (unknown, someone else's, expired).
    func metadata(_ id: UploadID, owner: String, now: Date = Date()) async throws -> Metadata? {
        let rows = try await store.transaction { transaction in
            try await transaction.query("""
                SELECT filename, content_type, size, created_at FROM uploads
                WHERE id = $1 AND owner = $2 AND created_at > $3
                """, .text(id.value), OwnerFolder.key(owner), .time(now.addingTimeInterval(-self.lifetime)))
        }
        guard let row = rows.first, let filename = row.text(0), let type = row.text(1),
              let size = row.integer(2), let created = row.time(3) else { return nil }
        return Metadata(filename: filename, contentType: type, size: Int(size), created: created)
    }

    /// The bytes of an upload, read only while a message is built from them.
    func contents(_ id: UploadID, owner: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: dataPath(id, owner: owner)) else { return nil }
        return [UInt8](data)
    }

    /// The bytes `owner` has uploaded and not yet sent or deleted.
    func pendingBytes(owner: String, now: Date = Date()) async throws -> Int {
        let rows = try await store.transaction { transaction in
            try await transaction.query(
                "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM uploads WHERE owner = $1 AND created_at > $2",
                OwnerFolder.key(owner), .time(now.addingTimeInterval(-self.lifetime)))
        }
        return Int(rows.first?.integer(0) ?? 0)
    }

    // MARK: Removing

    /// Removes an upload; false when `owner` has no such upload.
    @discardableResult
    func remove(_ id: UploadID, owner: String) async throws -> Bool {
        let rows = try await store.transaction { transaction in
            try await transaction.query("DELETE FROM uploads WHERE id = $1 AND owner = $2 RETURNING id",
                                        .text(id.value), OwnerFolder.key(owner))
        }
        guard !rows.isEmpty else { return false }
        // The row first: from then on the upload no longer exists, even if the file removal fails.
        try? FileManager.default.removeItem(atPath: dataPath(id, owner: owner))
        return true
    }

    /// At most every `sweepInterval`, in the background.
    func sweepIfDue(now: Date = Date()) {
        let due = lastSweep.withLockedValue { last in
            guard now.timeIntervalSince(last) >= Self.sweepInterval else { return false }
            last = now
            return true
        }
        if due { Task { try? await self.sweepExpired(now: now) } }
    }

    /// Removes every upload older than the lifetime: its row, then every data file older than
    /// that (whichever instance wrote it; a file that old belongs to no live record).
    func sweepExpired(now: Date = Date()) async throws {
        lastSweep.withLockedValue { $0 = now }
        let cutoff = now.addingTimeInterval(-lifetime)
        let expired = try await store.transaction { transaction in
            try await transaction.query("DELETE FROM uploads WHERE created_at <= $1 RETURNING id", .time(cutoff)).count
        }
        let removed = try await OffLoopWork.run { Self.removeFiles(under: self.root, olderThan: cutoff) }
        if expired + removed > 0 {
            logger.info("expired uploads removed", metadata: ["records": "\(expired)", "files": "\(removed)"])
        }
    }

    private static func removeFiles(under root: String, olderThan cutoff: Date) -> Int {
        let files = FileManager.default
        var removed = 0
        for user in (try? files.contentsOfDirectory(atPath: root)) ?? [] {
            let directory = (root as NSString).appendingPathComponent(user)
            for name in (try? files.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".data") {
                let path = (directory as NSString).appendingPathComponent(name)
                guard let stamp = (try? files.attributesOfItem(atPath: path))?[.modificationDate] as? Date, stamp < cutoff else { continue }
                try? files.removeItem(atPath: path)
                removed += 1
            }
        }
        return removed
    }
}

enum UploadStoreError: Error, CustomStringConvertible {
    case cannotWrite(Int32)
    var description: String {
        switch self { case .cannotWrite(let code): "cannot write an upload: \(String(cString: strerror(code)))" }
    }
}
