/// What 발송취소 did for one recipient (issue 33).
enum RecallResult: String, Sendable, Encodable {
    /// 취소됨: every unread copy was expunged.
    case recalled
    /// 이미 읽음: a copy was read; nothing was touched.
    case alreadyRead = "already_read"
    /// 찾을 수 없음: no copy in the folders looked at.
    case notFound = "not_found"
    /// 외부: another server's mailbox cannot be reached.
    case external
    /// 확인 불가: the recipient's mailbox did not answer in time (or refused); whether the copy
    /// is gone is not known — a later 수신확인 tells.
    case unknown
}
