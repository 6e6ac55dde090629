/// RFC 4180 rows: fields separated by commas, quoted with `"` (a doubled `""` inside, line
/// breaks allowed), rows by CRLF or LF; blank rows dropped. Never fails: an unclosed quote runs to
/// the end of the text.
enum CSVRows {
    struct Row: Equatable {
        /// The 1-based line the row starts on.
        var line: Int
        var fields: [String]
    }

    static func parse(_ text: String) -> [[String]] {
        numbered(text).map(\.fields)
    }

    static func numbered(_ text: String) -> [Row] {
        var rows: [Row] = [], row: [String] = [], field = "", quoted = false, afterQuote = false
        var line = 1, rowStart = 1
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending { pending = nil; return scalar }
            return iterator.next()
        }
        func endRow() {
            row.append(field); field = ""; afterQuote = false
            if row != [""] { rows.append(Row(line: rowStart, fields: row)) }
            row = []
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    if let following = next() {
                        if following == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; afterQuote = true; pending = following }
                    } else { quoted = false }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            case ",": row.append(field); field = ""; afterQuote = false
            case "\r": continue
            case "\n":
                endRow()
                line += 1
                rowStart = line
            default: field.unicodeScalars.append(scalar)
            }
        }
        endRow()
        return rows
    }
}
