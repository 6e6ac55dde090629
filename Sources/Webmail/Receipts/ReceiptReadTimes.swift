import Foundation

/// When the webmail first saw each recipient's copy read (`receipt_reads`, schema step 6):
/// IMAP keeps no time for `\Seen`, so 읽음's time is the first lookup that found it. Keyed by
/// (sender, Message-ID, recipient); the first time stays.
struct ReceiptReadTimes: Sendable {
    let store: any StateStore

    /// The recorded read times of `messageID`'s recipients, by recipient.
    func times(sender: String, messageID: String) async throws -> [String: Date] {
        let rows = try await store.transaction { transaction in
            try await transaction.query(
                "SELECT recipient, read_at FROM receipt_reads WHERE sender = $1 AND message_id = $2",
                .text(sender.lowercased()), .text(messageID))
        }
        var times: [String: Date] = [:]
        for row in rows {
            if let recipient = row.text(0), let at = row.time(1) { times[recipient] = at }
        }
        return times
    }

    /// Records `recipients` as read now unless they were already; returns every recorded time.
    func record(sender: String, messageID: String, readBy recipients: [String], now: Date = Date()) async throws -> [String: Date] {
        guard !recipients.isEmpty else { return try await times(sender: sender, messageID: messageID) }
        try await store.transaction { transaction in
            for recipient in recipients {
                try await transaction.query(
                    """
                    INSERT INTO receipt_reads (sender, message_id, recipient, read_at) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (sender, message_id, recipient) DO NOTHING
                    """,
                    .text(sender.lowercased()), .text(messageID), .text(recipient.lowercased()), .time(now))
            }
        }
        return try await times(sender: sender, messageID: messageID)
    }
}
