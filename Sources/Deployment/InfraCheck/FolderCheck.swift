import Foundation

/// Whether an install folder exists and is writable, or could be created (its nearest existing
/// parent is a writable folder). Read-only: nothing is created.
enum FolderCheck {
    static func creatable(_ path: String) -> (ok: Bool, detail: String) {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { return (false, "\(path) exists and is not a folder: move it away") }
            return files.isWritableFile(atPath: path)
                ? (true, "\(path) exists and is writable")
                : (false, "\(path) exists but is not writable: run the install as root or chown it")
        }
        var parent = URL(fileURLWithPath: path).deletingLastPathComponent()
        while !files.fileExists(atPath: parent.path, isDirectory: &isDirectory) {
            parent = parent.deletingLastPathComponent()
        }
        guard isDirectory.boolValue else { return (false, "\(parent.path) is a file, so \(path) cannot be created") }
        return files.isWritableFile(atPath: parent.path)
            ? (true, "\(path) can be created (in \(parent.path))")
            : (false, "\(path) cannot be created: \(parent.path) is not writable; run the install as root")
    }
}
