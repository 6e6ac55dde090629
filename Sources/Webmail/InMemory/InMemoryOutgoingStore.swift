import Foundation
import MIME
import NIOConcurrencyHelpers

/// An `OutgoingStore` over an `InMemoryMailStore`, with a scripted submission server: every
/// accepted message is recorded (envelope and bytes) and its copy put in Sent; `refuseSends`
/// makes the next submissions fail as a server would, the message then kept in Drafts. It takes
/// internationalised addresses as a server with SMTPUTF8 does (UTF-8 headers).
final class InMemoryOutgoingStore: OutgoingStore {
    /// A message the scripted server accepted.
    struct Submission: Sendable {
        var sender: String
        var recipients: [String]
        var bytes: [UInt8]
    }

    let mailbox: InMemoryMailStore
    let maxMessageBytes: Int
    private let state = NIOLockedValueBox<(submissions: [Submission], refusal: SendRefusal.Reason?)>(([], nil))

    init(mailbox: InMemoryMailStore, maxMessageBytes: Int = WebmailConfiguration().maxMessageBytes) {
        self.mailbox = mailbox
        self.maxMessageBytes = maxMessageBytes
    }

    /// Every accepted message, in order.
    var submissions: [Submission] { state.withLockedValue { $0.submissions } }

    /// From now on submissions fail for `reason` (nil: they succeed again).
    func refuseSends(_ reason: SendRefusal.Reason?) {
        state.withLockedValue { $0.refusal = reason }
    }

    func send(_ mail: OutgoingMail, session: Session) async throws(OutgoingError) -> SentMail {
        var message = mail.message
        message.assignMessageID()
        let built = try Self.build(message, limit: maxMessageBytes)
        if let reason = state.withLockedValue({ $0.refusal }) {
            message.isDraft = true
            let draft = try? Self.build(message, limit: maxMessageBytes)
            var kept: SavedDraft?
            if let draft, let folder = mailbox.folderName(.drafts, of: session.email),
               let uid = mailbox.append(draft.bytes, to: folder, of: session.email, flags: APIFlags(seen: true, draft: true)) {
                kept = SavedDraft(uid: uid, folder: folder)
            }
            throw .notSent(SendRefusal(reason: reason, keptDraft: kept, diagnostic: "refused by the in-memory server: \(reason)"))
        }
        state.withLockedValue {
            $0.submissions.append(Submission(sender: built.envelope.sender, recipients: built.envelope.recipients, bytes: built.bytes))
        }
        var stored = false
        if let folder = mailbox.folderName(.sent, of: session.email) {
            stored = mailbox.append(built.bytes, to: folder, of: session.email, flags: APIFlags(seen: true)) != nil
        }
        if let original = mail.answering { mailbox.markAnswered(folder: original.folder, uid: original.uid, of: session.email) }
        return SentMail(messageID: built.messageID, recipientCount: built.envelope.recipients.count, sentCopyStored: stored)
    }

    func saveDraft(_ draft: MessageBuilder, session: Session) async throws(OutgoingError) -> SavedDraft {
        var draft = draft
        draft.isDraft = true
        let built = try Self.build(draft, limit: maxMessageBytes)
        guard let folder = mailbox.folderName(.drafts, of: session.email),
              let uid = mailbox.append(built.bytes, to: folder, of: session.email, flags: APIFlags(seen: true, draft: true)) else {
            throw .draftsUnavailable("no Drafts folder")
        }
        return SavedDraft(uid: uid, folder: folder)
    }

    func deleteDraft(uid: UInt32, session: Session) async {
        guard let folder = mailbox.folderName(.drafts, of: session.email) else { return }
        mailbox.expunge(uid, from: folder, of: session.email)
    }

    private static func build(_ builder: MessageBuilder, limit: Int) throws(OutgoingError) -> BuiltMessage {
        var builder = builder
        builder.internationalizedHeaders = true
        let built: BuiltMessage
        do throws(MessageBuilderError) {
            built = try builder.build()
        } catch {
            throw .invalidMessage(error)
        }
        guard built.bytes.count <= limit else { throw .tooLarge }
        return built
    }
}
