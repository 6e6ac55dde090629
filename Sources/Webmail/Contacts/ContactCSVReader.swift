import Foundation

/// Reads the address-book CSV files people have: Outlook's export (Korean headers 이름/성/전자 메일
/// 주소/회사/부서/직함/휴대폰 … or English First Name/E-mail Address/Company …), Gmail's (Name,
/// E-mail 1 - Value, Group Membership …), Naver's (이름, 이메일, 휴대폰, 회사, 부서, 직책, 그룹, 메모)
/// and our own export. Columns are known by their header (the first row), in any order; a file
/// whose header names neither a name nor an e-mail column is not an address book.
enum ContactCSVReader {
    enum Column: Equatable {
        case name, given, middle, family, email, phone, company, department, title, memo, groups
    }

    /// The contacts of `text`, or nil when its header is not one we know.
    static func read(_ text: String) -> [ImportedContact]? {
        let rows = CSVRows.numbered(text)
        guard let header = rows.first else { return nil }
        let columns = header.fields.map { column(for: $0, in: header.fields) }
        guard columns.contains(where: { [.name, .given, .family, .email].contains($0) }) else { return nil }
        return rows.dropFirst().map { row in contact(row, columns: columns) }
    }

    static func contact(_ row: CSVRows.Row, columns: [Column?]) -> ImportedContact {
        var contact = ImportedContact(line: row.line)
        var given = "", middle = "", family = ""
        for (index, raw) in row.fields.enumerated() where index < columns.count {
            let value = unguarded(raw.trimmingCharacters(in: .whitespaces))
            guard !value.isEmpty, let column = columns[index] else { continue }
            switch column {
            case .name: contact.name = value
            case .given: given = value
            case .middle: middle = value
            case .family: family = value
            case .email: contact.emails += split(value, on: [":::", ";", ","])
            case .phone: contact.phones += split(value, on: [":::", ";"])
            case .company: contact.company = value
            case .department: contact.department = value
            case .title: contact.title = value
            case .memo: contact.memo = contact.memo.isEmpty ? value : contact.memo + "\n" + value
            case .groups: contact.groups += split(value, on: [":::", ";"]).filter { !$0.hasPrefix("*") }
            }
        }
        if contact.name.isEmpty { contact.name = ImportedContact.fullName(given: given, family: family, middle: middle) }
        return contact
    }

    /// What a header cell names. Outlook's Korean 이름 is the given name when a 성 column is
    /// there (Naver's and ours are the whole name); type, label and display-name columns
    /// (전자 메일 유형, E-mail Display Name, Phone 1 - Type) are not addresses.
    static func column(for header: String, in headers: [String]) -> Column? {
        let key = header.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "\u{FEFF}", with: "")
        let hasFamily = headers.contains { ["성", "last name", "family name"].contains($0.trimmingCharacters(in: .whitespaces).lowercased()) }
        switch key {
        case "이름": return hasFamily ? .given : .name
        case "name", "full name", "display name", "표시 이름", "성명": return .name
        case "first name", "given name": return .given
        case "middle name", "additional name", "중간 이름": return .middle
        case "성", "last name", "family name": return .family
        case "회사", "company", "organization 1 - name", "organization name", "회사명": return .company
        case "부서", "department", "organization 1 - department", "부서명": return .department
        case "직함", "직책", "직위", "job title", "organization 1 - title", "organization title": return .title
        case "메모", "notes", "note", "비고": return .memo
        case "그룹", "group membership", "범주", "categories", "labels": return .groups
        default: break
        }
        let excluded = ["유형", "표시", "type", "display", "label", "팩스", "fax"]
        guard !excluded.contains(where: key.contains) else { return nil }
        if key.contains("메일") || key.contains("e-mail") || key.contains("email") { return .email }
        if key.contains("전화") || key.contains("휴대폰") || key.contains("phone") || key.contains("mobile") { return .phone }
        return nil
    }

    /// Our export writes `'` before a cell that a spreadsheet would read as a formula (`=`, `+`,
    /// `-`, `@`): taken off again here.
    static func unguarded(_ value: String) -> String {
        guard value.hasPrefix("'"), let second = value.dropFirst().first, "=+-@".contains(second) else { return value }
        return String(value.dropFirst())
    }

    private static func split(_ value: String, on separators: [String]) -> [String] {
        var parts = [value]
        for separator in separators { parts = parts.flatMap { $0.components(separatedBy: separator) } }
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
