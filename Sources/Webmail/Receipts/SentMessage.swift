import Foundation
import IMAP
import MIME

/// The sender's Sent copy as 수신확인 needs it: its Message-ID, who it went to, and whether it
/// has been recalled. Built only from a message in the user's own Sent whose From is the user.
struct SentMessage: Sendable {
    /// The keyword 발송취소 sets on the Sent copy.
    static let recalledKeyword = Flag("$Recalled")

    let uid: UInt32
    let messageID: String
    let subject: String
    let date: Date?
    /// To, Cc and Bcc, lowercased, each once, in header order.
    let recipients: [String]
    let recalled: Bool

    /// nil when the message is not the user's own (From is someone else) or has no usable Message-ID.
    init?(_ summary: MessageSummary, sender: String) {
        guard let envelope = summary.envelope,
              let from = envelope.from.compactMap(Self.address).first, from == sender.lowercased(),
              let id = envelope.messageID?.utf8String?.trimmingCharacters(in: .whitespaces),
              Self.isUsableMessageID(id) else { return nil }
        uid = summary.uid
        messageID = id
        subject = envelope.subject.map { EncodedWords.decode($0.slice) } ?? ""
        date = summary.internalDate?.date
        var seen = Set<String>()
        recipients = (envelope.to + envelope.cc + envelope.bcc).compactMap(Self.address).filter { seen.insert($0).inserted }
        recalled = summary.flags.contains(Self.recalledKeyword)
    }

    /// `<…@…>`, printable ASCII only: the value goes into a SEARCH as a typed string, but a
    /// Message-ID that is not one is nothing to look for.
    static func isUsableMessageID(_ id: String) -> Bool {
        id.count <= 998 && id.hasPrefix("<") && id.hasSuffix(">") && id.contains("@")
            && id.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
    }

    static func address(_ address: Address) -> String? {
        guard let mailbox = address.mailbox?.utf8String, let host = address.host?.utf8String,
              !mailbox.isEmpty, !host.isEmpty else { return nil }
        return "\(mailbox)@\(host)".lowercased()
    }
}
