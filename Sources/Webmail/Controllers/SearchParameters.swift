import Foundation

/// The search and filter parameters of a message list (`GET /mail/messages`) and of a bulk
/// "all of this search" action (its `search` object), read and checked alike: every text is
/// free of control characters and at most 500 bytes, dates are real `YYYY-MM-DD` days, and a bad
/// one is a 400 whose detail names the parameter. Nothing here is ever spliced into a command:
/// the IMAP library sends each text as a quoted string or a literal.
enum SearchParameters {
    static let maximumTextBytes = 500

    /// The query `value(name)` describes (nil: the parameter is absent).
    static func query(_ value: (String) -> String?) throws(APIError) -> MessageQuery {
        var query = MessageQuery()
        query.text = try text(value("q"), name: "q")
        query.includeBody = MailController.flag(value("body"))
        query.from = try text(value("from"), name: "from")
        query.to = try text(value("to"), name: "to")
        query.subject = try text(value("subject"), name: "subject")
        query.since = try day(value("since"), name: "since")
        query.before = try day(value("before"), name: "before")
        query.withAttachments = MailController.flag(value("attachment"))
        switch value("filter")?.lowercased() ?? "" {
        case "", "all": break
        case "unread": query.unseenOnly = true
        case "flagged": query.flaggedOnly = true
        default: throw APIError.badRequest("filter must be unread or flagged", code: .invalidFilter)
        }
        query.unseenOnly = query.unseenOnly || MailController.flag(value("unseen"))
        query.flaggedOnly = query.flaggedOnly || MailController.flag(value("flagged"))
        return query
    }

    /// A search text, trimmed; nil when empty.
    static func text(_ raw: String?, name: String) throws(APIError) -> String? {
        guard let text = raw?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        try MailController.rejectControlCharacters(text, name: name, code: .invalidSearch)
        guard text.utf8.count <= maximumTextBytes else { throw APIError.badRequest("\(name) is too long", code: .invalidSearch) }
        return text
    }

    static func day(_ raw: String?, name: String) throws(APIError) -> CalendarDay? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let day = CalendarDay(iso: raw) else {
            throw APIError.badRequest("\(name) must be a date like 2026-12-07", code: .invalidDate)
        }
        return day
    }
}
