import Crypto
import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// 대용량 첨부 (issue 32): files beyond the mail limit, uploaded with tus and later sent as
/// expiring download links.
///
/// The record is a row of `large_files` (schema step 7) in the state store, so every instance
/// sees it; the bytes are `ZM_FILES_DIR/large/<owner hash>/<id>.data` (0600 in 0700 folders), a
/// folder instances share. No client text ever becomes a path component: the folder is a hash of
/// the owner, the file name an `UploadID`. The row's `upload_offset` is the truth of how much is
/// stored: bytes past it in the file (a PATCH cut before it could record them, a crash) are cut
/// off by the next PATCH, which always writes at the recorded offset.
final class LargeFileStore: Sendable {
    let root: String
    let maxFileBytes: Int
    let quotaBytes: Int
    /// An upload nobody finishes (and nobody sends) is removed after this (tus Upload-Expires).
    let uploadLifetime: TimeInterval
    let logger: Logger
    private let store: any StateStore
    /// Uploads with a PATCH in progress in this instance: a second PATCH of the same upload is
    /// refused (409) rather than interleaved.
    private let writing = NIOLockedValueBox(Set<String>())

    /// What the store knows of one upload or file.
    struct Record: Sendable, Equatable {
        let id: String
        let filename: String
        let size: Int
        let offset: Int
        let sha256: String?
        let created: Date
        let expires: Date
        var isComplete: Bool { offset == size }
    }

    enum Failure: Error, Equatable {
        case tooLarge
        case quotaExceeded
        case notFound
        /// The client's offset is not the stored one; carries the stored one.
        case offsetMismatch(Int)
        /// More bytes than the upload's length.
        case pastLength
        case busy
        case cannotWrite(Int32)
    }

    init(filesDir: String, store: any StateStore, maxFileBytes: Int, quotaBytes: Int,
         uploadLifetime: TimeInterval = 24 * 3600, logger: Logger) throws {
        root = (filesDir as NSString).appendingPathComponent("large")
        self.store = store
        self.maxFileBytes = maxFileBytes
        self.quotaBytes = quotaBytes
        self.uploadLifetime = uploadLifetime
        self.logger = logger
        try StateDirectory.prepare(filesDir)
        try OwnerFolder.make(root)
    }

    // MARK: Paths

    func directory(of owner: String) -> String { OwnerFolder.path(under: root, of: owner) }

    func dataPath(_ id: UploadID, owner: String) -> String {
        (directory(of: owner) as NSString).appendingPathComponent(id.value) + ".data"
    }

    // MARK: Creating (tus POST)

    /// A new, empty upload of `size` bytes. The quota counts every file of the owner that is not
    /// revoked (unfinished uploads included, at their full length), checked and inserted under the
    /// owner's lock in the store, so parallel creations through any instance cannot pass it together.
    func create(owner: String, filename: String, size: Int, now: Date = Date()) async throws -> Record {
        guard size <= maxFileBytes else { throw Failure.tooLarge }
        let directory = directory(of: owner)
        try OwnerFolder.make(directory)
        let id = UploadID.random()
        let path = dataPath(id, owner: owner)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure.cannotWrite(errno) }
        close(descriptor)
        let quota = quotaBytes, expires = now.addingTimeInterval(uploadLifetime)
        let accepted: Bool
        do {
            accepted = try await store.transaction { transaction in
                try await transaction.serialize(on: "large_files " + owner.lowercased())
                let used = try await transaction.query(
                    "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM large_files WHERE owner = $1 AND revoked_at IS NULL",
                    OwnerFolder.key(owner)).first?.integer(0) ?? 0
                guard Int(used) + size <= quota else { return false }
                try await transaction.query("""
                    INSERT INTO large_files (id, owner, filename, size, upload_offset, created_at, expires_at, downloads)
                    VALUES ($1, $2, $3, $4, 0, $5, $6, 0)
                    """, .text(id.value), OwnerFolder.key(owner), .text(filename), .int(size), .time(now), .time(expires))
                return true
            }
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        guard accepted else {
            try? FileManager.default.removeItem(atPath: path)
            throw Failure.quotaExceeded
        }
        return Record(id: id.value, filename: filename, size: size, offset: 0, sha256: nil, created: now, expires: expires)
    }

    /// The bytes `owner`'s large files take from the quota.
    func usedBytes(owner: String) async throws -> Int {
        let rows = try await store.transaction { transaction in
            try await transaction.query(
                "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM large_files WHERE owner = $1 AND revoked_at IS NULL",
                OwnerFolder.key(owner))
        }
        return Int(rows.first?.integer(0) ?? 0)
    }

    // MARK: Reading (tus HEAD)

    /// `owner`'s upload `id`, or nil (unknown, someone else's, revoked, expired).
    func record(_ id: UploadID, owner: String, now: Date = Date()) async throws -> Record? {
        let rows = try await store.transaction { transaction in
            try await transaction.query("""
                SELECT filename, size, upload_offset, sha256, created_at, expires_at FROM large_files
                WHERE id = $1 AND owner = $2 AND revoked_at IS NULL AND expires_at > $3
                """, .text(id.value), OwnerFolder.key(owner), .time(now))
        }
        guard let row = rows.first, let filename = row.text(0), let size = row.integer(1), let offset = row.integer(2),
              let created = row.time(4), let expires = row.time(5) else { return nil }
        return Record(id: id.value, filename: filename, size: Int(size), offset: Int(offset), sha256: row.text(3),
                      created: created, expires: expires)
    }

    // MARK: Writing (tus PATCH)

    /// Streams `body` into the upload at `offset`, which must be the stored offset. The bytes
    /// written are recorded even when the body ends early (a cut connection): that is what the
    /// client resumes from. When the last byte arrives the file's SHA-256 is computed (off the
    /// event loop, a megabyte at a time) and recorded. Returns the new record.
    func append<Body: AsyncSequence>(_ id: UploadID, owner: String, offset: Int, body: Body, now: Date = Date()) async throws -> Record
    where Body.Element == ByteBuffer {
        let claimed = writing.withLockedValue { $0.insert(id.value).inserted }
        guard claimed else { throw Failure.busy }
        defer { _ = writing.withLockedValue { $0.remove(id.value) } }
        guard let record = try await record(id, owner: owner, now: now) else { throw Failure.notFound }
        guard record.offset == offset else { throw Failure.offsetMismatch(record.offset) }
        let path = dataPath(id, owner: owner)
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure.cannotWrite(errno) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var written = 0
        var failure: (any Error)?
        do {
            // Whatever lies past the recorded offset was never acknowledged: it goes.
            try handle.truncate(atOffset: UInt64(offset))
            try handle.seek(toOffset: UInt64(offset))
            for try await chunk in body {
                guard offset + written + chunk.readableBytes <= record.size else { throw Failure.pastLength }
                try handle.write(contentsOf: chunk.readableBytesView)
                written += chunk.readableBytes
            }
        } catch {
            failure = error
        }
        try? handle.synchronize()
        try? handle.close()
        let newOffset = offset + written
        let sha256: String? = failure == nil && newOffset == record.size ? try await Self.sha256(ofFile: path) : nil
        if written > 0 || sha256 != nil {
            try await store.transaction { transaction in
                try await transaction.query(
                    "UPDATE large_files SET upload_offset = $1, sha256 = $2 WHERE id = $3 AND owner = $4 AND upload_offset = $5",
                    .int(newOffset), sha256.map(StateValue.text) ?? .null, .text(id.value), OwnerFolder.key(owner), .int(offset))
            }
        }
        if let failure { throw failure }
        return Record(id: record.id, filename: record.filename, size: record.size, offset: newOffset, sha256: sha256,
                      created: record.created, expires: record.expires)
    }

    /// The SHA-256 of a file as lowercase hex, read a megabyte at a time on the thread pool (a
    /// 2 GB file is never in memory, and hashing it never holds an event loop).
    static func sha256(ofFile path: String) async throws -> String {
        let digest: String? = try await OffLoopWork.run(deadline: .minutes(10)) {
            guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
            defer { try? handle.close() }
            var hasher = SHA256()
            while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
            }
            return hasher.finalize().map { String(format: "%02x", $0) }.joined()
        }
        guard let digest else { throw Failure.cannotWrite(ENOENT) }
        return digest
    }

    // MARK: Removing (tus DELETE)

    /// Removes `owner`'s upload or file: the row, then the bytes. False when there is none.
    @discardableResult
    func remove(_ id: UploadID, owner: String) async throws -> Bool {
        let rows = try await store.transaction { transaction in
            try await transaction.query("DELETE FROM large_files WHERE id = $1 AND owner = $2 RETURNING id",
                                        .text(id.value), OwnerFolder.key(owner))
        }
        guard !rows.isEmpty else { return false }
        try? FileManager.default.removeItem(atPath: dataPath(id, owner: owner))
        return true
    }
}
