import Foundation

/// Lines of plain text being written from an HTML body: collapses whitespace, keeps at most one
/// blank line between blocks, and puts each line's prefix in front of it (`> ` per quote level,
/// a list item's `- ` / `1. ` marker on its first line and its indent on the following ones).
/// One writer per table cell, so that a cell's lines can be laid out as a column afterwards.
final class PlainTextWriter {
    enum Context {
        case quote
        /// A list level; `next` is the number of the next item of an ordered list.
        case list(ordered: Bool, next: Int)
    }

    enum Break: Int, Comparable {
        case none, line, paragraph
        static func < (lhs: Break, rhs: Break) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Quote and list levels beyond this are not indented further (work per line stays bounded).
    static let maximumDepth = 24

    private(set) var lines: [String] = []
    private(set) var contexts: [Context] = []
    /// Levels opened beyond `maximumDepth`, closed before any real one.
    private var ignoredLevels = 0
    /// Quote levels of the last line written: a blank line between two blocks is quoted as deep as both are.
    private var lastQuoteDepth = 0
    private var line = ""
    private var prefix = ""
    private var lineStarted = false
    private var pendingSpace = false
    private var pendingBreak = Break.none
    /// The marker of a list item whose first line is still to come, and its list's level.
    private var pendingMarker: (text: String, level: Int)?

    /// Text as it appears between tags: runs of whitespace become one space.
    func inline(_ text: String) {
        for character in text {
            // Character, not scalar: "\r\n" is one Character (and a no-break space is kept, as a space).
            if character.isWhitespace, character != "\u{00A0}" {
                if lineStarted { pendingSpace = true }
                continue
            }
            if !lineStarted { startLine() }
            if pendingSpace { line.append(" "); pendingSpace = false }
            line.append(character == "\u{00A0}" ? " " : character)
        }
    }

    /// Text of a `<pre>`: spaces kept, line breaks kept.
    func preformatted(_ text: String) {
        var first = true
        let unified = text.replacingOccurrences(of: "\r\n", with: "\n")
        for piece in unified.split(separator: "\n", omittingEmptySubsequences: false) {
            if !first { breakLine() }
            first = false
            let content = piece.hasSuffix("\r") ? piece.dropLast() : piece
            if content.isEmpty { continue }
            if !lineStarted { startLine() }
            if pendingSpace { line.append(" "); pendingSpace = false }
            line += content.replacingOccurrences(of: "\u{00A0}", with: " ")
        }
    }

    /// `<br>`: ends the line, an empty one too.
    func breakLine() {
        if !lineStarted { startLine() }
        commit()
    }

    /// A block boundary: what follows starts on a new line (`.paragraph`: after a blank line).
    func block(_ kind: Break) {
        if lineStarted { commit() }
        pendingBreak = max(pendingBreak, kind)
    }

    func open(_ context: Context) {
        if contexts.count >= Self.maximumDepth { ignoredLevels += 1 } else { contexts.append(context) }
    }

    /// Closes the innermost quote (`lists: false`) or list level.
    func close(list: Bool) {
        if ignoredLevels > 0 { ignoredLevels -= 1; return }
        guard let index = contexts.lastIndex(where: { context in
            if case .list = context { return list }
            return !list
        }) else { return }
        contexts.removeSubrange(index...)
    }

    var isInList: Bool { contexts.contains { if case .list = $0 { true } else { false } } }

    /// Starts an item of the innermost list (`- `, or its number and a dot).
    func listItem() {
        block(.line)
        guard let level = contexts.lastIndex(where: { if case .list = $0 { true } else { false } }),
              case .list(let ordered, let next) = contexts[level] else {
            pendingMarker = ("- ", -1)
            return
        }
        if ordered { contexts[level] = .list(ordered: true, next: next + 1) }
        pendingMarker = (ordered ? "\(next). " : "- ", level)
    }

    /// Lines made elsewhere (a laid-out table): each one a line of its own, as a block.
    func appendBlock(_ block: [String]) {
        guard !block.isEmpty else { return }
        self.block(.paragraph)
        for text in block {
            startLine()
            line = text
            commit()
        }
        pendingBreak = .paragraph
    }

    /// Every line, without leading or trailing blank ones.
    func finish() -> [String] {
        if lineStarted { commit() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return Array(lines.drop { $0.isEmpty })
    }

    private func startLine() {
        if pendingBreak == .paragraph, let last = lines.last, !last.isEmpty {
            lines.append(String(repeating: "> ", count: min(lastQuoteDepth, quoteDepth)).trimmingSpacesAtEnd)
        }
        pendingBreak = .none
        prefix = ""
        for (level, context) in contexts.enumerated() {
            switch context {
            case .quote: prefix += "> "
            case .list(let ordered, _):
                if let marker = pendingMarker, marker.level == level {
                    prefix += marker.text
                } else {
                    prefix += ordered ? "   " : "  "
                }
            }
        }
        if let marker = pendingMarker, marker.level == -1 { prefix += marker.text }
        pendingMarker = nil
        lineStarted = true
        pendingSpace = false
    }

    private var quoteDepth: Int { contexts.count { if case .quote = $0 { true } else { false } } }

    private func commit() {
        let content = line.trimmingSpacesAtEnd
        // The signature delimiter keeps its space (RFC 3676 4.3): readers find the signature by it.
        let text = content == "--" ? prefix + "-- " : (prefix + content).trimmingSpacesAtEnd
        lines.append(text)
        lastQuoteDepth = quoteDepth
        line = ""
        lineStarted = false
        pendingSpace = false
    }
}

extension String {
    var trimmingSpacesAtEnd: String {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
        return String(self[..<end])
    }
}
