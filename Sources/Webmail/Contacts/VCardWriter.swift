/// Writes contacts as vCard 4.0 (RFC 6350), UTF-8: FN, every EMAIL and TEL, ORG (company;
/// department), TITLE, NOTE, CATEGORIES (group names); values escaped, lines CRLF and folded at
/// 75 octets without splitting a character. `VCardReader` reads it back to the same contacts.
enum VCardWriter {
    static func write(_ contacts: [Contact], groupNames: [String: String]) -> String {
        var output = ""
        for contact in contacts {
            var lines = ["BEGIN:VCARD", "VERSION:4.0", "FN:" + escape(contact.name)]
            lines += contact.emails.map { "EMAIL:" + escape($0) }
            lines += contact.phones.map { "TEL:" + escape($0) }
            if !contact.company.isEmpty || !contact.department.isEmpty {
                lines.append("ORG:" + escape(contact.company) + (contact.department.isEmpty ? "" : ";" + escape(contact.department)))
            }
            if !contact.title.isEmpty { lines.append("TITLE:" + escape(contact.title)) }
            if !contact.memo.isEmpty { lines.append("NOTE:" + escape(contact.memo)) }
            let groups = contact.groups.compactMap { groupNames[$0] }
            if !groups.isEmpty { lines.append("CATEGORIES:" + groups.map(escape).joined(separator: ",")) }
            lines.append("END:VCARD")
            for line in lines { output += folded(line) }
        }
        return output
    }

    /// `\` `,` `;` and line breaks escaped (RFC 6350 §3.4).
    static func escape(_ value: String) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case ",": result += "\\,"
            case ";": result += "\\;"
            case "\n": result += "\\n"
            case "\r": continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The line with CRLF, continued on lines starting with a space after every 75 octets.
    static func folded(_ line: String) -> String {
        var result = "", width = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if width + size > 75 {
                result += "\r\n "
                width = 1
            }
            result.unicodeScalars.append(scalar)
            width += size
        }
        return result + "\r\n"
    }
}
