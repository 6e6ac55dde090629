import Foundation
@testable import SMTP

/// `OutgoingMailStore` in memory, with switches to make each operation fail.
final class InMemoryMailStore: OutgoingMailStore, @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Contents: Sendable {
        var sent: [(uid: UInt32, message: [UInt8], flags: Set<String>)] = []
        var drafts: [(uid: UInt32, message: [UInt8], flags: Set<String>)] = []
        var answered: [OriginalMessage] = []
        var nextUID: UInt32 = 100
    }

    var failSentCopy = false
    var failDraft = false
    var failAnswered = false
    private let lock = NSLock()
    private var contents = Contents()

    var snapshot: Contents { lock.withLock { contents } }

    func storeSentCopy(_ message: [UInt8]) async throws -> UInt32? {
        if failSentCopy { throw Failure(description: "NO [OVERQUOTA] Quota exceeded") }
        return lock.withLock {
            contents.nextUID += 1
            contents.sent.append((contents.nextUID, message, ["\\Seen"]))
            return contents.nextUID
        }
    }

    func storeDraft(_ message: [UInt8]) async throws -> UInt32? {
        if failDraft { throw Failure(description: "IMAP connection lost") }
        return lock.withLock {
            contents.nextUID += 1
            contents.drafts.append((contents.nextUID, message, ["\\Draft", "\\Seen"]))
            return contents.nextUID
        }
    }

    func markAnswered(_ original: OriginalMessage) async throws {
        if failAnswered { throw Failure(description: "NO message vanished") }
        lock.withLock { contents.answered.append(original) }
    }
}
