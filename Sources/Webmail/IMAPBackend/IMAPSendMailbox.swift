import Foundation
import IMAP
import SMTP

/// The SMTP send pipeline's mailbox side for one signed-in user: APPEND to the user's `\Sent`
/// and `\Drafts` (found by special use, RFC 6154) and `\Answered` on the original, through the
/// same per-user IMAP pool as every other request.
struct IMAPSendMailbox: OutgoingMailStore {
    let store: IMAPMailStore
    let session: Session

    enum Failure: Error, CustomStringConvertible {
        case noFolder(String)
        var description: String {
            switch self { case .noFolder(let role): "no \(role) folder (special-use) on the server" }
        }
    }

    func storeSentCopy(_ message: [UInt8]) async throws -> UInt32? {
        try await append(message, role: .sent, flags: [.seen])
    }

    func storeDraft(_ message: [UInt8]) async throws -> UInt32? {
        try await append(message, role: .drafts, flags: [.draft, .seen])
    }

    func markAnswered(_ original: OriginalMessage) async throws {
        _ = try await store.withConnection(session) { connection in
            try await connection.storeFlags(in: MailboxName(original.folder), uids: SequenceSet(numbers: [original.uid]), .add, [.answered])
        }
    }

    func append(_ message: [UInt8], role: MailboxRole, flags: [Flag]) async throws -> UInt32? {
        guard let folder = try await store.folder(withRole: role, session: session) else { throw Failure.noFolder(role.rawValue) }
        return try await store.withConnection(session) { connection in
            try await connection.append(message, to: folder, flags: flags).uid
        }
    }
}
