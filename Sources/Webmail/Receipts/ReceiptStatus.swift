/// What 수신확인 says about one recipient's copy of a sent message (issue 33).
enum ReceiptStatus: String, Sendable, Encodable {
    /// 읽음: the copy has `\Seen`.
    case read
    /// 안읽음: found, not `\Seen`.
    case unread
    /// 삭제됨: found only in the recipient's Trash, or gone after the webmail once saw it read.
    case deleted
    /// 찾을 수 없음: not in any folder looked at, and never seen read (filtered somewhere beyond the
    /// folders looked at, expunged unread, or never delivered).
    case notFound = "not_found"
    /// 외부: not in the server's own domains; never looked up.
    case external
    /// 확인 불가: the recipient's mailbox did not answer in time (or refused the lookup); the
    /// other recipients are still answered.
    case unknown
}
