/// A search box's text split the way Gmail and Naver Mail read it: words separated by spaces must
/// all occur, in any order; a "quoted phrase" must occur as written. `회의 일정` finds a mail with
/// "일정 회의 안내" too, and `"회의 일정"` only the exact phrase.
public enum SearchTerms {
    public static func split(_ text: String) -> [String] {
        var terms: [String] = []
        var current = ""
        var inQuotes = false
        for character in text {
            if character == "\"" {
                if !current.isEmpty { terms.append(current) }
                current = ""
                inQuotes.toggle()
            } else if character.isWhitespace && !inQuotes {
                if !current.isEmpty { terms.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { terms.append(current) }
        return terms.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}

private extension String {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
