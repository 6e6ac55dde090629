import Foundation

/// The rules for a folder name a user makes or renames to (issue 25), shared by the stores:
/// what the levels of a path are, which folders lie inside another, and the refusals.
/// Control characters and the length are checked by the routes (`FolderPath.validatedNewName`),
/// before anything reaches a store.
enum FolderPath {
    /// UTF-8 bytes of a whole new path: one maildir file name holds a level, and modified UTF-7
    /// makes Korean a little longer than UTF-8 is.
    static let maximumBytes = 255

    /// The name a user typed for a new folder (or a new name): surrounding spaces dropped, not
    /// empty, no control character, at most `maximumBytes`.
    static func validatedNewName(_ raw: String?, field: String) throws(APIError) -> String {
        let name = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw APIError.invalidFolder("\(field) is empty") }
        try MailController.rejectControlCharacters(name, name: field, code: .invalidFolderName)
        guard name.utf8.count <= maximumBytes else { throw APIError.invalidFolder("\(field) is over \(maximumBytes) bytes") }
        return name
    }

    /// The full path of `name` under `parent`, checked level by level: no empty level (`a//b`,
    /// a leading or trailing delimiter), none with surrounding spaces.
    static func fullName(_ name: String, parent: String?, delimiter: Character?) throws(MailStoreError) -> String {
        var full = name
        if let parent {
            if let delimiter, name.contains(delimiter) {
                throw .invalid(.invalidFolderName, "하위 폴더 이름에는 '\(delimiter)'를 쓸 수 없습니다")
            }
            guard let delimiter else { throw .invalid(.invalidFolderName, "이 메일 서버는 하위 폴더를 지원하지 않습니다") }
            full = parent + String(delimiter) + name
        }
        for level in levels(full, delimiter: delimiter) where level.isEmpty || level != level.trimmingCharacters(in: .whitespaces) {
            throw .invalid(.invalidFolderName, "폴더 이름의 각 단계는 비어 있거나 공백으로 시작·끝날 수 없습니다")
        }
        if full.uppercased() == "INBOX" { throw .conflict(.folderExists, "같은 이름의 폴더가 이미 있습니다") }
        return full
    }

    static func levels(_ name: String, delimiter: Character?) -> [String] {
        guard let delimiter else { return [name] }
        return name.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
    }

    /// The parents of a path, outermost first: `a/b/c` → `a`, `a/b`.
    static func ancestors(_ name: String, delimiter: Character?) -> [String] {
        guard let delimiter else { return [] }
        let parts = levels(name, delimiter: delimiter)
        return parts.indices.dropLast().map { parts[...$0].joined(separator: String(delimiter)) }
    }

    /// Whether `name` is `folder` itself or one of its sub-folders.
    static func isWithin(_ name: String, _ folder: String, delimiter: Character?) -> Bool {
        if name == folder { return true }
        guard let delimiter else { return false }
        return name.hasPrefix(folder + String(delimiter))
    }

    /// `folder` and its sub-folders, deepest first (the order DELETE needs).
    static func subtree(of folder: String, in names: [String], delimiter: Character?) -> [String] {
        names.filter { isWithin($0, folder, delimiter: delimiter) }
            .sorted { levels($0, delimiter: delimiter).count > levels($1, delimiter: delimiter).count }
    }

    /// INBOX, Sent, Drafts, Trash, Junk, Archive … (or a folder holding one) stay as they are.
    static let specialFolderRefused = MailStoreError.invalid(.specialFolder, "기본 편지함(받은편지함, 보낸편지함, 휴지통 등)은 이름을 바꾸거나 삭제할 수 없습니다")
    static let exists = MailStoreError.conflict(.folderExists, "같은 이름의 폴더가 이미 있습니다")
    static let notEmptiable = MailStoreError.invalid(.folderNotEmptiable, "휴지통과 스팸함만 비울 수 있습니다")
    static let intoItself = MailStoreError.invalid(.invalidFolderName, "폴더를 자기 하위 폴더로 옮길 수 없습니다")
    static let noJunk = MailStoreError.invalid(.junkNotFound, "스팸함이 없습니다")
}
