import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging

/// A problem with `ZM_STATE_DIR` or a file in it, reported at start.
struct StateDirectoryError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "\(path) \(reason) (ZM_STATE_DIR)" }
}

/// `ZM_STATE_DIR` holds secrets: it is created 0700 when missing, and an existing folder that
/// its group or others may enter or read is tightened to 0700 (reported to `logger`), or
/// refused when that is not possible.
enum StateDirectory {
    static func prepare(_ path: String, logger: Logger? = nil) throws {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StateDirectoryError(path: path, reason: "is not a folder") }
            try tighten(path, logger: logger)
            return
        }
        do {
            try files.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StateDirectoryError(path: path, reason: "cannot be created: \(error.localizedDescription)")
        }
        // createDirectory's mode goes through the umask; make it exactly 0700.
        try tighten(path, logger: nil)
    }

    /// Removes every group and other permission bit of the folder.
    private static func tighten(_ path: String, logger: Logger?) throws {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw StateDirectoryError(path: path, reason: "cannot be read: \(String(cString: strerror(errno)))")
        }
        let mode = status.st_mode & 0o7777
        guard mode & 0o077 != 0 else { return }
        guard chmod(path, mode & 0o700) == 0 else {
            throw StateDirectoryError(
                path: path,
                reason: "is accessible to other users (mode \(String(mode, radix: 8))) and cannot be made private: \(String(cString: strerror(errno))); chmod 700 it")
        }
        logger?.warning("state folder was accessible to other users: made private",
                        metadata: ["path": "\(path)", "was": "\(String(mode, radix: 8))", "now": "\(String(mode & 0o700, radix: 8))"])
    }
}
