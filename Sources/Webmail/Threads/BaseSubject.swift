/// A subject without its reply and forward prefixes (`Re:`, `RE[2]:`, `Fw:`, `Fwd:`, `회신:`,
/// `전달:`, `답장:`), as a conversation row shows it; repeated prefixes go too (`Re: Fw: 회의` → `회의`).
enum BaseSubject {
    static let prefixes = ["re", "fw", "fwd", "aw", "sv", "회신", "전달", "답장"]

    static func of(_ subject: String) -> String {
        var rest = Substring(subject)
        while true {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            guard let colon = rest.firstIndex(where: { $0 == ":" || $0 == "：" }) else { break }
            var word = rest[..<colon].trimmingSuffix(" ")
            // `RE[2]` / `Re(2)`: a counter some clients add.
            if let open = word.firstIndex(where: { $0 == "[" || $0 == "(" }), word.last == "]" || word.last == ")" {
                guard word[word.index(after: open)..<word.index(before: word.endIndex)].allSatisfy(\.isNumber) else { break }
                word = word[..<open]
            }
            guard prefixes.contains(word.lowercased()) else { break }
            rest = rest[rest.index(after: colon)...]
        }
        let trimmed = rest.drop(while: { $0 == " " || $0 == "\t" })
        return trimmed.isEmpty ? subject : String(trimmed)
    }
}

extension Substring {
    fileprivate func trimmingSuffix(_ character: Character) -> Substring {
        var result = self
        while result.last == character { result = result.dropLast() }
        return result
    }
}
