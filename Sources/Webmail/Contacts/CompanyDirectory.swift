import Foundation
import Logging

/// The colleagues on this mail server (회사 주소록), the same for every user: read once from
/// `ZM_DIRECTORY_FILE` (CSV: name, email, department, title, phone; a header row is skipped).
struct CompanyDirectory: Sendable {
    struct Entry: Sendable, Equatable {
        var name: String
        var email: String
        var department: String
        var title: String
        var phone: String
        /// Name, address, department and title, for the matcher.
        var searchText: String { [name, email, department, title].filter { !$0.isEmpty }.joined(separator: "\n") }
    }

    let entries: [Entry]
    /// `searchText` of each entry, folded (`KoreanInitials.folded`), computed once.
    private let folded: [String]

    init(entries: [Entry]) {
        self.entries = entries
        folded = entries.map { KoreanInitials.folded($0.searchText) }
    }

    static let empty = CompanyDirectory(entries: [])

    /// The directory in `path` (none without one); an unreadable file stops the start.
    init(file path: String?, logger: Logger) throws {
        guard let path else {
            self = .empty
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw CompanyDirectoryError.unreadable(path) }
        self.init(csv: String(decoding: data, as: UTF8.self))
        logger.info("company directory read", metadata: ["file": "\(path)", "entries": "\(entries.count)"])
    }

    /// The entries matching `query`.
    func matching(_ query: String) -> [Entry] {
        let key = KoreanInitials.folded(query), exact = KoreanInitials.foldDecides(query)
        return entries.indices.compactMap { index in
            folded[index].contains(key) && (exact || KoreanInitials.matches(query, in: entries[index].searchText)) ? entries[index] : nil
        }
    }

    /// Parses the CSV (UTF-8, an optional BOM); rows without a valid address are skipped.
    init(csv text: String) {
        var entries: [Entry] = []
        for row in CSVRows.parse(text) {
            let fields = row.map { $0.trimmingCharacters(in: .whitespaces) } + Array(repeating: "", count: max(0, 5 - row.count))
            guard ContactFields.isAddress(fields[1]),
                  !fields.contains(where: { $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }) else { continue }
            entries.append(Entry(name: fields[0], email: fields[1], department: fields[2], title: fields[3], phone: fields[4]))
        }
        self.init(entries: entries)
    }
}

enum CompanyDirectoryError: Error, CustomStringConvertible {
    case unreadable(String)
    var description: String {
        switch self { case .unreadable(let path): "ZM_DIRECTORY_FILE \(path) cannot be read" }
    }
}
