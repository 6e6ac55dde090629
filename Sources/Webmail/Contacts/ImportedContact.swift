import Foundation
import MIME

/// One contact as an import file (vCard, CSV) describes it, before it meets the address book:
/// groups by name, every field as found, `line` where it starts (for the import report).
struct ImportedContact: Sendable, Equatable {
    var line: Int
    var name = ""
    var emails: [String] = []
    var phones: [String] = []
    var company = ""
    var department = ""
    var title = ""
    var memo = ""
    var groups: [String] = []

    init(line: Int) { self.line = line }

    /// Single-line fields with their control characters (a CSV cell's line breaks) turned into
    /// spaces, the memo with CRLF as LF and no other control character, entries trimmed and
    /// without empties: what `ContactFields` accepts, so only real limits refuse a row.
    var cleaned: ImportedContact {
        var copy = self
        copy.name = Self.line(name)
        copy.company = Self.line(company)
        copy.department = Self.line(department)
        copy.title = Self.line(title)
        copy.memo = String(String.UnicodeScalarView(memo.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars.filter {
            $0 == "\n" || $0 == "\t" || !($0.value < 0x20 || $0.value == 0x7F)
        })).trimmingCharacters(in: .whitespacesAndNewlines)
        copy.emails = emails.map(Self.line).filter { !$0.isEmpty }
        copy.phones = phones.map(Self.line).filter { !$0.isEmpty }
        copy.groups = groups.map(Self.line).filter { !$0.isEmpty }
        return copy
    }

    private static func line(_ text: String) -> String {
        let scalars = text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }
        return String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: .whitespaces)
    }

    /// A person's name from its parts: Korean (or any Hangul) family name first without a space
    /// (홍 + 길동 = 홍길동), others given name first (John Doe).
    static func fullName(given: String, family: String, middle: String = "") -> String {
        let parts = [given, middle, family].map { $0.trimmingCharacters(in: .whitespaces) }
        if (parts[0] + parts[2]).unicodeScalars.contains(where: isHangul) {
            return parts[2] + parts[1] + parts[0]
        }
        return parts.filter { !$0.isEmpty }.joined(separator: " ")
    }

    private static func isHangul(_ scalar: Unicode.Scalar) -> Bool {
        (0xAC00...0xD7A3).contains(scalar.value) || (0x1100...0x11FF).contains(scalar.value) || (0x3130...0x318F).contains(scalar.value)
    }
}

/// The text of an uploaded import file: valid UTF-8 (a BOM dropped) as UTF-8, anything else as
/// CP949 (the superset of EUC-KR that Korean Windows and phones write), through the MIME
/// module's decoder.
enum ImportFileText {
    static func decode(_ bytes: [UInt8]) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let valid = body.withContiguousStorageIfAvailable { UTF8Validator.isValid($0) } ?? false
        return valid ? String(decoding: body, as: UTF8.self) : CharsetDecoder.decode(body, charset: "cp949")
    }

    /// The lines of `text` split on LF with any CR before it dropped (by scalars: in a Swift
    /// string CRLF is one character) and the 1-based number of each.
    static func lines(_ text: String) -> [(number: Int, text: Substring.UnicodeScalarView)] {
        var result: [(Int, Substring.UnicodeScalarView)] = []
        let scalars = Substring(text).unicodeScalars
        var start = scalars.startIndex, number = 1
        for index in scalars.indices where scalars[index] == "\n" {
            var line = scalars[start..<index]
            if line.last == "\r" { line = line.dropLast() }
            result.append((number, line))
            number += 1
            start = scalars.index(after: index)
        }
        var last = scalars[start...]
        if last.last == "\r" { last = last.dropLast() }
        if !last.isEmpty { result.append((number, last)) }
        return result
    }
}
