/// What the webmail manages in the user's Sieve script: the filters (필터) in order and the
/// 부재중 auto-reply. The JSON form is the API's (`/settings/filters`, `/settings/vacation`)
/// and is embedded in the script we write, so a script of ours reads back exactly.
struct SieveRules: Codable, Equatable, Sendable {
    var filters: [MailFilter] = []
    var vacation: VacationSettings?
}

/// One rule: when its conditions match (all or any), do its actions.
struct MailFilter: Codable, Equatable, Sendable {
    enum Match: String, Codable, Sendable {
        case all, any
    }

    var name: String
    var enabled: Bool
    var match: Match
    var conditions: [FilterCondition]
    var actions: [FilterAction]
}

/// `field` is from, to, cc, subject, size or `header:<name>`; `op` is contains, is or matches
/// (text) or over or under (size, with a `value` such as `500K`).
struct FilterCondition: Codable, Equatable, Sendable {
    enum Operator: String, Codable, Sendable {
        case contains, `is`, matches, over, under
    }

    var field: String
    var op: Operator
    var value: String
}

struct FilterAction: Codable, Equatable, Sendable {
    enum Kind: String, Codable, Sendable {
        case move, copy, markRead = "mark_read", flag, forward, discard, stop
    }

    var type: Kind
    /// move, copy: the folder's name as the server shows it (UTF-8, `/` between levels).
    var folder: String?
    /// forward: one address.
    var to: String?
}

/// 부재중 자동응답 (RFC 5230 vacation; the dates with RFC 5260 `currentdate`, Korean time).
struct VacationSettings: Codable, Equatable, Sendable {
    var enabled: Bool
    /// First and last day (`YYYY-MM-DD`, inclusive); nil: from now on / until turned off.
    var start: String?
    var end: String?
    var subject: String
    /// The reply's text; with `html`, the text alternative the server made from it.
    var body: String
    /// An HTML reply (the body of the document, as sanitized by the server): sent as
    /// multipart/alternative with `body` (``VacationMIMEBody``). Nil: a text reply.
    var html: String? = nil
    /// A sender gets at most one reply in this many days.
    var days: Int
    /// The user's other addresses that count as "sent to me" (aliases).
    var addresses: [String]?

    static let off = VacationSettings(enabled: false, start: nil, end: nil, subject: "", body: "", days: 1, addresses: nil)
}
