/// What a bulk request (`POST /mail/messages/flags|move|delete`) acts on: `uids`, or
/// `"all": true` with an optional `search`, which the server resolves itself (issue 25).
protocol BulkSelection {
    var uids: [UInt32]? { get }
    var all: Bool? { get }
    var search: BulkSearch? { get }
}

/// The words and filter of the list a bulk "all" action covers (as `q` and `filter` of the list).
struct BulkSearch: Decodable {
    let q: String?
    let filter: String?
}
