/// What a bulk request (`POST /mail/messages/flags|move|delete`) acts on: `uids`, or
/// `"all": true` with an optional `search`, which the server resolves itself (issue 25).
protocol BulkSelection {
    var uids: [UInt32]? { get }
    var all: Bool? { get }
    var search: BulkSearch? { get }
}

/// The search of the list a bulk "all" action covers: the list's own parameters (`q`, `filter`,
/// `body`, `from`, `to`, `subject`, `since`, `before`, `attachment`), checked as the list checks them.
struct BulkSearch: Decodable {
    let q: String?
    let filter: String?
    let body: Bool?
    let from: String?
    let to: String?
    let subject: String?
    let since: String?
    let before: String?
    let attachment: Bool?

    /// The parameter `name` as the list's query string would carry it.
    func value(_ name: String) -> String? {
        switch name {
        case "q": q
        case "filter": filter
        case "body": body.map { $0 ? "1" : "0" }
        case "from": from
        case "to": to
        case "subject": subject
        case "since": since
        case "before": before
        case "attachment": attachment.map { $0 ? "1" : "0" }
        default: nil
        }
    }
}
