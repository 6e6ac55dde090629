import MIME

/// What the outbox needs from the mail servers, as the entry's owner (the password unsealed from
/// the entry): submit the stored bytes, keep the Sent copy, flag the original, look for a
/// Message-ID in Sent, and keep a message in Drafts. Production: `IMAPOutboxTransport`.
protocol OutboxTransport: Sendable {
    /// Builds the message in every form its sending may need (the checks of an immediate send:
    /// control characters, addresses, `ZM_MAX_MESSAGE_BYTES`), and its Message-ID.
    func build(_ message: MessageBuilder) async throws(OutgoingError) -> (OutboxMessage, messageID: String)
    /// Submits the message, then (best effort) appends the bytes sent to Sent and flags the
    /// original; true when the Sent copy was stored. `beforeMessage` runs right before the
    /// message's bytes go to the server (SMTP's 354), once; false withdraws it, nothing sent
    /// (thrown as `.unavailable`).
    func submit(_ message: OutboxMessage, messageID: String, bookkeeping: OutboxBookkeeping,
                as owner: String, password: String,
                beforeMessage: @escaping @Sendable () async -> Bool) async throws(OutboxSendError) -> Bool
    /// Whether the user's Sent folder holds a message with this Message-ID.
    func sentFolderHolds(messageID: String, as owner: String, password: String) async throws(OutboxSendError) -> Bool
    /// Appends `message` to Drafts; its UID when the server reports one.
    func storeDraft(_ message: [UInt8], as owner: String, password: String) async throws(OutboxSendError) -> UInt32?
}

/// Why an outbox entry was not sent (or its Drafts copy not stored).
enum OutboxSendError: Error, Sendable, Equatable {
    /// The server refused the owner's password (it changed since the mail was queued).
    case credentialsRejected
    /// The server refused the message or a recipient: trying again changes nothing.
    case refused(String)
    /// The server could not be reached or failed before it had the message: worth another try later.
    case unavailable(String)
    /// The connection failed after the message's last line went out, before the server's
    /// answer: it may have been accepted. Never sent again (see `Outbox`).
    case uncertain(String)

    /// For the user (Korean), kept with the failed entry.
    var reason: String {
        switch self {
        case .credentialsRejected: "비밀번호가 바뀌어 예약된 메일을 보낼 수 없었습니다"
        case .refused(let why): why
        case .unavailable: "메일 서버(SMTP)에 연결할 수 없습니다"
        case .uncertain: "메일 서버의 응답을 받지 못해 발송 여부를 알 수 없습니다. 보낸편지함과 받는 사람에게 확인한 뒤 필요하면 다시 보내세요"
        }
    }
}
