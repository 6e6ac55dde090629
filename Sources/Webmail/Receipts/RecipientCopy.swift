import IMAP

/// One copy of a sent message found in a recipient's mailbox.
struct RecipientCopy: Sendable, Equatable {
    let mailbox: MailboxName
    let uid: UInt32
    let seen: Bool
    /// In the recipient's Trash (special use \Trash): they deleted it.
    let inTrash: Bool
}
