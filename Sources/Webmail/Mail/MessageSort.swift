/// The order of a message list (`sort=` and `order=` of `GET /mail/messages`).
///
/// What mail clients offer (Roundcube, Naver Mail, Outlook): the received date (the default,
/// newest first), the date the sender wrote in the Date header, the sender, the subject and the
/// size. Each field has the direction people expect when they pick it (dates and sizes biggest
/// first, names and subjects A to Z); `order=` turns it round. Messages equal in the field come
/// newest received first.
public struct MessageSort: Sendable, Equatable {
    public enum Field: String, Sendable, CaseIterable {
        /// When the message reached this mailbox (IMAP INTERNALDATE, SORT ARRIVAL); a move
        /// keeps it, so mail restored from Trash goes back to its place.
        case received
        /// The Date header (SORT DATE).
        case sent
        /// The sender's display name, or the address when there is none (SORT DISPLAYFROM).
        case from
        /// The subject without `Re:`/`Fwd:` (SORT SUBJECT, RFC 5256's base subject).
        case subject
        case size
    }

    public var field: Field
    public var descending: Bool

    public init(_ field: Field, descending: Bool? = nil) {
        self.field = field
        self.descending = descending ?? Self.descendsByDefault(field)
    }

    /// Newest received first: every list unless the user picks another order.
    public static let newestFirst = MessageSort(.received)

    static func descendsByDefault(_ field: Field) -> Bool {
        switch field {
        case .received, .sent, .size: true
        case .from, .subject: false
        }
    }

    /// Reads `sort=` and `order=`; nil when either names something unknown.
    static func parse(field: String?, order: String?) -> MessageSort? {
        let field = field.map { $0.lowercased() } ?? ""
        let order = order.map { $0.lowercased() } ?? ""
        guard let parsedField = field.isEmpty ? .received : Field(rawValue: field) else { return nil }
        switch order {
        case "": return MessageSort(parsedField)
        case "desc": return MessageSort(parsedField, descending: true)
        case "asc": return MessageSort(parsedField, descending: false)
        default: return nil
        }
    }
}
