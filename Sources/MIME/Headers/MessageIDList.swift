/// Reads Message-ID, In-Reply-To and References values: `<id@host>` tokens in order, angle
/// brackets removed. A value without brackets (seen from broken mailers) counts as one id.
enum MessageIDList {
    static func parse(_ raw: [UInt8]) -> [String] {
        var ids: [String] = []
        var index = raw.startIndex
        while let open = raw[index...].firstIndex(of: ASCII.lessThan) {
            guard let close = raw[open...].firstIndex(of: ASCII.greaterThan) else { break }
            let id = raw[(open + 1)..<close].filter { !ASCII.isWhitespace($0) }
            if !id.isEmpty { ids.append(String(decoding: id, as: UTF8.self)) }
            index = close + 1
            if ids.count >= 1000 { break }
        }
        if ids.isEmpty {
            let bare = ASCII.trimmed(raw[...])
            if !bare.isEmpty, !bare.contains(where: ASCII.isWhitespace) { ids.append(String(decoding: bare, as: UTF8.self)) }
        }
        return ids
    }
}
