/// A calendar day for SEARCH date criteria (`SINCE 1-Feb-2026`); IMAP compares whole days
/// in the server's time zone, so no time of day is involved.
public struct SearchDay: Hashable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public var description: String {
        let monthName = (1...12).contains(month) ? InternalDate.monthNames[month - 1] : "Jan"
        return "\(day)-\(monthName)-\(year)"
    }
}

/// A SEARCH criterion. Text values are sent as quoted strings or, for non-ASCII text, as
/// literals with `CHARSET UTF-8`; CR, LF and NUL are rejected before sending.
public indirect enum SearchKey: Hashable, Sendable {
    case all
    case seen, unseen, flagged, unflagged, answered, unanswered, deleted, undeleted, draft, undraft
    case keyword(Flag), unkeyword(Flag)
    case subject(String), from(String), to(String), cc(String), bcc(String)
    case body(String), text(String)
    case header(name: String, value: String)
    case since(SearchDay), before(SearchDay), on(SearchDay)
    case sentSince(SearchDay), sentBefore(SearchDay)
    case larger(UInt32), smaller(UInt32)
    case uid(SequenceSet)
    case sequenceNumbers(SequenceSet)
    case modSeq(UInt64)
    case not(SearchKey)
    case or(SearchKey, SearchKey)
    /// All of the keys (a parenthesized list; an empty list means ALL).
    case and([SearchKey])

    /// `true` when the criterion contains non-ASCII text and so needs `CHARSET UTF-8`.
    var needsUTF8: Bool {
        switch self {
        case .subject(let s), .from(let s), .to(let s), .cc(let s), .bcc(let s), .body(let s), .text(let s):
            return s.utf8.contains { $0 >= 0x80 }
        case .header(let name, let value): return (name + value).utf8.contains { $0 >= 0x80 }
        case .not(let key): return key.needsUTF8
        case .or(let a, let b): return a.needsUTF8 || b.needsUTF8
        case .and(let keys): return keys.contains { $0.needsUTF8 }
        default: return false
        }
    }

    func write(to writer: inout CommandWriter) throws {
        switch self {
        case .all: writer.raw("ALL")
        case .seen: writer.raw("SEEN")
        case .unseen: writer.raw("UNSEEN")
        case .flagged: writer.raw("FLAGGED")
        case .unflagged: writer.raw("UNFLAGGED")
        case .answered: writer.raw("ANSWERED")
        case .unanswered: writer.raw("UNANSWERED")
        case .deleted: writer.raw("DELETED")
        case .undeleted: writer.raw("UNDELETED")
        case .draft: writer.raw("DRAFT")
        case .undraft: writer.raw("UNDRAFT")
        case .keyword(let flag):
            writer.raw("KEYWORD ")
            try writer.atom(flag.rawValue, field: "keyword")
        case .unkeyword(let flag):
            writer.raw("UNKEYWORD ")
            try writer.atom(flag.rawValue, field: "keyword")
        case .subject(let text): try Self.writeText("SUBJECT", text, to: &writer)
        case .from(let text): try Self.writeText("FROM", text, to: &writer)
        case .to(let text): try Self.writeText("TO", text, to: &writer)
        case .cc(let text): try Self.writeText("CC", text, to: &writer)
        case .bcc(let text): try Self.writeText("BCC", text, to: &writer)
        case .body(let text): try Self.writeText("BODY", text, to: &writer)
        case .text(let text): try Self.writeText("TEXT", text, to: &writer)
        case .header(let name, let value):
            writer.raw("HEADER ")
            try writer.atom(name, field: "header field name")
            writer.space()
            try writer.string(value, field: "search term")
        case .since(let day): writer.raw("SINCE \(day)")
        case .before(let day): writer.raw("BEFORE \(day)")
        case .on(let day): writer.raw("ON \(day)")
        case .sentSince(let day): writer.raw("SENTSINCE \(day)")
        case .sentBefore(let day): writer.raw("SENTBEFORE \(day)")
        case .larger(let size): writer.raw("LARGER \(size)")
        case .smaller(let size): writer.raw("SMALLER \(size)")
        case .uid(let set):
            guard !set.isEmpty else { throw IMAPCommandError.emptyValue(field: "UID set") }
            writer.raw("UID \(set)")
        case .sequenceNumbers(let set):
            guard !set.isEmpty else { throw IMAPCommandError.emptyValue(field: "sequence set") }
            writer.raw(set.description)
        case .modSeq(let value): writer.raw("MODSEQ \(value)")
        case .not(let key):
            writer.raw("NOT ")
            try key.write(to: &writer)
        case .or(let a, let b):
            writer.raw("OR ")
            try a.write(to: &writer)
            writer.space()
            try b.write(to: &writer)
        case .and(let keys):
            guard !keys.isEmpty else {
                writer.raw("ALL")
                return
            }
            writer.raw("(")
            for (index, key) in keys.enumerated() {
                if index > 0 { writer.space() }
                try key.write(to: &writer)
            }
            writer.raw(")")
        }
    }

    private static func writeText(_ keyword: String, _ text: String, to writer: inout CommandWriter) throws {
        writer.raw(keyword)
        writer.space()
        try writer.string(text, field: "search term")
    }
}

/// A SORT criterion (RFC 5256), optionally reversed.
public struct SortKey: Hashable, Sendable {
    public enum Field: String, Hashable, Sendable {
        case arrival = "ARRIVAL"
        case cc = "CC"
        case date = "DATE"
        case from = "FROM"
        case size = "SIZE"
        case subject = "SUBJECT"
        case to = "TO"
        /// RFC 5957 SORT=DISPLAY.
        case displayFrom = "DISPLAYFROM"
        case displayTo = "DISPLAYTO"
    }

    public var field: Field
    public var reversed: Bool

    public init(_ field: Field, reversed: Bool = false) {
        self.field = field
        self.reversed = reversed
    }

    var wireText: String { reversed ? "REVERSE \(field.rawValue)" : field.rawValue }

    /// The key without RFC 5957: DISPLAYFROM → FROM, DISPLAYTO → TO (for a server without SORT=DISPLAY).
    var withoutDisplay: SortKey {
        switch field {
        case .displayFrom: SortKey(.from, reversed: reversed)
        case .displayTo: SortKey(.to, reversed: reversed)
        default: self
        }
    }
}
