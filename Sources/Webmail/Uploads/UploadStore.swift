import Crypto
import Hummingbird
import Foundation
import Logging
import NIOConcurrencyHelpers

/// Files uploaded ahead of a send (`POST /mail/uploads`), kept on disk until the message that
/// carries them is sent, the user deletes them, or the token lifetime passes.
///
/// Layout: `ZM_STATE_DIR/uploads/<user>/<id>.data` (the bytes) and `<id>.json` (name, type,
/// size, time), all 0600 in 0700 folders. `<user>` is a SHA-256 of the lowercased address, so no
/// client-supplied text ever becomes a path component; the id is checked by `UploadID`. An
/// upload exists once its sidecar exists: the sidecar is written last, so a half-written or
/// refused file is never visible, and a crash leaves only a data file the sweep removes.
final class UploadStore: Sendable {
    let root: String
    /// One file may not be bigger than a message may be.
    let maxFileBytes: Int
    /// The sum of one user's pending uploads.
    let maxPendingBytes: Int
    /// Uploads older than this (the token lifetime: nobody can still send them) are removed.
    let lifetime: TimeInterval
    let logger: Logger
    /// Serialises the quota check with the sidecar write, so parallel uploads cannot pass the cap together.
    private let commitLock = NIOLock()
    private let lastSweep = NIOLockedValueBox(Date.distantPast)
    static let sweepInterval: TimeInterval = 600

    struct Metadata: Codable, Sendable {
        var filename: String
        var contentType: String
        var size: Int
        var created: Date

        enum CodingKeys: String, CodingKey {
            case filename, size, created
            case contentType = "content_type"
        }
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

    init(stateDir: String, maxFileBytes: Int, lifetime: TimeInterval, logger: Logger) throws {
        root = (stateDir as NSString).appendingPathComponent("uploads")
        self.maxFileBytes = maxFileBytes
        maxPendingBytes = 2 * maxFileBytes
        self.lifetime = lifetime
        self.logger = logger
        try StateDirectory.prepare(stateDir)
        try Self.makeDirectory(root)
        sweepExpired()
    }

    // MARK: Paths

    func directory(of owner: String) -> String {
        let digest = SHA256.hash(data: Data(owner.lowercased().utf8))
        let name = digest.map { String(format: "%02x", $0) }.joined()
        return (root as NSString).appendingPathComponent(name)
    }

    private func paths(_ id: UploadID, owner: String) -> (data: String, sidecar: String) {
        let base = (directory(of: owner) as NSString).appendingPathComponent(id.value)
        return (base + ".data", base + ".json")
    }

    private static func makeDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    // MARK: Writing

    /// Opens a new, empty data file (0600, never an existing one) for an upload of `owner`.
    func begin(owner: String) throws -> Pending {
        sweepIfDue()
        let directory = directory(of: owner)
        try Self.makeDirectory(directory)
        let id = UploadID.random()
        let dataPath = paths(id, owner: owner).data
        let descriptor = open(dataPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw UploadStoreError.cannotWrite(errno) }
        return Pending(id: id, directory: directory, dataPath: dataPath, handle: FileHandle(fileDescriptor: descriptor, closeOnDealloc: true))
    }

    /// Makes a fully written file an upload, unless it would take the owner past the cap.
    func commit(_ pending: Pending, owner: String, filename: String, contentType: String, size: Int) throws -> Upload? {
        try pending.handle.close()
        return try commitLock.withLock { () throws -> Upload? in
            guard pendingBytes(owner: owner) + size <= maxPendingBytes else {
                discard(pending)
                return nil
            }
            let metadata = Metadata(filename: filename, contentType: contentType, size: size, created: Date())
            let sidecar = paths(pending.id, owner: owner).sidecar
            let encoded = try JSONEncoder.uploads.encode(metadata)
            do { try PrivateFile.write(encoded, to: sidecar) } catch let failure as PrivateFile.Failure {
                discard(pending)
                throw UploadStoreError.cannotWrite(failure.code)
            }
            return Upload(id: pending.id.value, filename: filename, contentType: contentType, size: size)
        }
    }

    func discard(_ pending: Pending) {
        try? pending.handle.close()
        try? FileManager.default.removeItem(atPath: pending.dataPath)
    }

    // MARK: Reading

    /// The upload `id` of `owner`, or nil when there is none (unknown, someone else's, expired).
    func metadata(_ id: UploadID, owner: String) -> Metadata? {
        let (data, sidecar) = paths(id, owner: owner)
        guard let encoded = FileManager.default.contents(atPath: sidecar),
              let metadata = try? JSONDecoder.uploads.decode(Metadata.self, from: encoded) else { return nil }
        guard metadata.created.addingTimeInterval(lifetime) > Date() else {
            try? FileManager.default.removeItem(atPath: sidecar)
            try? FileManager.default.removeItem(atPath: data)
            return nil
        }
        return metadata
    }

    /// The bytes of an upload, read only while a message is built from them.
    func contents(_ id: UploadID, owner: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: paths(id, owner: owner).data) else { return nil }
        return [UInt8](data)
    }

    /// The bytes `owner` has uploaded and not yet sent or deleted.
    func pendingBytes(owner: String) -> Int {
        let directory = directory(of: owner)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var total = 0
        for name in names where name.hasSuffix(".json") {
            guard let id = UploadID(String(name.dropLast(5))), let metadata = metadata(id, owner: owner) else { continue }
            total += metadata.size
        }
        return total
    }

    // MARK: Removing

    /// Removes an upload; false when `owner` has no such upload.
    @discardableResult
    func remove(_ id: UploadID, owner: String) -> Bool {
        guard metadata(id, owner: owner) != nil else { return false }
        let (data, sidecar) = paths(id, owner: owner)
        // The sidecar first: from then on the upload no longer exists, even if the data removal fails.
        try? FileManager.default.removeItem(atPath: sidecar)
        try? FileManager.default.removeItem(atPath: data)
        return true
    }

    func sweepIfDue(now: Date = Date()) {
        let due = lastSweep.withLockedValue { last in
            guard now.timeIntervalSince(last) >= Self.sweepInterval else { return false }
            last = now
            return true
        }
        if due { sweepExpired(now: now) }
    }

    /// Removes every upload older than the lifetime, and data files left without a sidecar
    /// (a crash mid-upload) once they are that old too.
    func sweepExpired(now: Date = Date()) {
        lastSweep.withLockedValue { $0 = now }
        let files = FileManager.default
        let cutoff = now.addingTimeInterval(-lifetime)
        var removed = 0
        for user in (try? files.contentsOfDirectory(atPath: root)) ?? [] {
            let directory = (root as NSString).appendingPathComponent(user)
            for name in (try? files.contentsOfDirectory(atPath: directory)) ?? [] {
                let path = (directory as NSString).appendingPathComponent(name)
                let stamp: Date?
                if name.hasSuffix(".json") {
                    stamp = files.contents(atPath: path).flatMap { try? JSONDecoder.uploads.decode(Metadata.self, from: $0) }?.created
                        ?? Self.modified(path)
                } else if name.hasSuffix(".data"), !files.fileExists(atPath: String(path.dropLast(5)) + ".json") {
                    stamp = Self.modified(path)
                } else if name.contains(".json.tmp-") {
                    // A sidecar whose write was cut short by a crash (PrivateFile).
                    stamp = Self.modified(path)
                } else {
                    continue
                }
                guard let stamp, stamp < cutoff else { continue }
                try? files.removeItem(atPath: path)
                if name.hasSuffix(".json") { try? files.removeItem(atPath: String(path.dropLast(5)) + ".data") }
                removed += 1
            }
        }
        if removed > 0 { logger.info("expired uploads removed", metadata: ["count": "\(removed)"]) }
    }

    private static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}

enum UploadStoreError: Error, CustomStringConvertible {
    case cannotWrite(Int32)
    var description: String {
        switch self { case .cannotWrite(let code): "cannot write an upload: \(String(cString: strerror(code)))" }
    }
}

extension JSONEncoder {
    /// Upload sidecars: ISO 8601 times, readable by `JSONDecoder.uploads`.
    static var uploads: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension JSONDecoder {
    static var uploads: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
