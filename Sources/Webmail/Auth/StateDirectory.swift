import Foundation

/// A problem with `ZM_STATE_DIR` or a file in it, reported at start.
struct StateDirectoryError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "\(path) \(reason) (ZM_STATE_DIR)" }
}

/// `ZM_STATE_DIR` holds secrets: it is created 0700 when missing.
enum StateDirectory {
    static func prepare(_ path: String) throws {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StateDirectoryError(path: path, reason: "is not a folder") }
            return
        }
        do {
            try files.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StateDirectoryError(path: path, reason: "cannot be created: \(error.localizedDescription)")
        }
    }
}
