import Foundation

/// Writes contacts as CSV for Excel: UTF-8 with a BOM (so Korean shows right when the file is
/// double-clicked), CRLF, Korean headers `ContactCSVReader` knows, several addresses or phones in
/// one cell separated by `; `, and a `'` before a cell a spreadsheet would run as a formula.
enum ContactCSVWriter {
    static let headers = ["이름", "이메일", "전화", "회사", "부서", "직함", "메모", "그룹"]

    static func write(_ contacts: [Contact], groupNames: [String: String]) -> String {
        var output = "\u{FEFF}" + headers.joined(separator: ",") + "\r\n"
        for contact in contacts {
            let cells = [contact.name, contact.emails.joined(separator: "; "), contact.phones.joined(separator: "; "), contact.company,
                         contact.department, contact.title, contact.memo, contact.groups.compactMap { groupNames[$0] }.joined(separator: "; ")]
            output += cells.map(cell).joined(separator: ",") + "\r\n"
        }
        return output
    }

    static func cell(_ value: String) -> String {
        var text = value.replacingOccurrences(of: "\r\n", with: "\n")
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
