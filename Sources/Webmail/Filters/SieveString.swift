/// Sieve quoted strings (RFC 5228 section 2.4.2) from user text. Only `"` and `\` need a
/// backslash inside quotes, so with those escaped no user text can end the string and become
/// script. Control characters are refused outright (a name or a folder never needs one); only
/// the auto-reply's body keeps its line breaks, written as CRLF as Sieve wants.
enum SieveString {
    static func quoted(_ text: String, path: String, maximumLength: Int = 1000, multiline: Bool = false) throws(SieveRulesError) -> String {
        guard text.count <= maximumLength else {
            throw SieveRulesError(path: path, reason: "\(maximumLength)자 이하로 적어 주세요")
        }
        var out = "\""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\"", "\\":
                out.append("\\")
                out.unicodeScalars.append(scalar)
            case "\r" where multiline:
                out.append("\r\n")
            case "\n" where multiline:
                if !previousWasCR { out.append("\r\n") }
            case "\t" where multiline:
                out.unicodeScalars.append(scalar)
            default:
                if isControl(scalar) {
                    throw SieveRulesError(path: path, reason: "제어 문자는 쓸 수 없습니다")
                }
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A list of quoted strings: `["a", "b"]`.
    static func list(_ items: [String], path: String) throws(SieveRulesError) -> String {
        var quotedItems: [String] = []
        for (index, item) in items.enumerated() {
            quotedItems.append(try quoted(item, path: "\(path)[\(index)]"))
        }
        return "[" + quotedItems.joined(separator: ", ") + "]"
    }

    /// C0, DEL, C1 and the Unicode line and paragraph separators.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
