import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files under `ZM_STATE_DIR` that only this user may read (keys, the revocation list,
/// upload sidecars): never readable by others, not even for a moment, whatever the umask.
///
/// The bytes go to a fresh temporary name opened with `O_CREAT|O_EXCL|O_NOFOLLOW` and mode
/// 0600 (so the file is private from its first byte and never an existing file or a planted
/// symlink), are fsynced, and only then take the final name: a crash leaves the old file or
/// the new one, never a truncated mix.
enum PrivateFile {
    struct Failure: Error, CustomStringConvertible {
        let path: String
        let operation: String
        let code: Int32
        var description: String { "\(path): \(operation) failed: \(String(cString: strerror(code)))" }
    }

    /// What to do when `path` already exists.
    enum Existing {
        /// Take its place atomically (`rename`).
        case replace
        /// Leave it, and report it with `false` (`link`, which refuses an existing name), so two
        /// processes creating the same key agree on one.
        case keep
    }

    /// Writes `contents` to `path` with mode 0600; returns false when `.keep` found a file there.
    @discardableResult
    static func write(_ contents: some DataProtocol, to path: String, existing: Existing = .replace) throws -> Bool {
        let temporary = path + ".tmp-" + UUID().uuidString
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(path: temporary, operation: "create", code: errno) }
        var closed = false
        defer {
            if !closed { close(descriptor) }
            unlink(temporary)
        }
        // A umask cannot widen 0600, but an odd one (e.g. 0277) could narrow it: set it exactly.
        guard fchmod(descriptor, 0o600) == 0 else { throw Failure(path: temporary, operation: "chmod", code: errno) }
        try writeAll(Array(contents), to: descriptor, path: temporary)
        guard fsync(descriptor) == 0 else { throw Failure(path: temporary, operation: "fsync", code: errno) }
        closed = true
        guard close(descriptor) == 0 else { throw Failure(path: temporary, operation: "close", code: errno) }
        switch existing {
        case .replace:
            guard rename(temporary, path) == 0 else { throw Failure(path: path, operation: "rename", code: errno) }
        case .keep:
            guard link(temporary, path) == 0 else {
                if errno == EEXIST { return false }
                throw Failure(path: path, operation: "link", code: errno)
            }
        }
        syncDirectory(of: path)
        return true
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, operation: "write", code: errno)
            }
            offset += written
        }
    }

    /// Makes the new name itself durable (best effort: a folder that cannot be opened is left).
    private static func syncDirectory(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
