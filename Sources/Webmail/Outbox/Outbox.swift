import Foundation
import Logging
import MIME

/// Undo send and scheduled send (issue 29): the mail waits in the state store (`OutboxStore`)
/// until its time, then one instance sends it, as its owner, with the password sealed in the entry.
///
/// Exactly once. An entry goes `queued` → (claimed) → `submitting` → `sent`, each step a
/// committed transaction that names the claimant. `submitting` is recorded *before* SMTP is
/// contacted, so after a crash the database tells an entry that never reached SMTP (`queued`,
/// claim expired: sent by whoever takes it over) from one that may have (`submitting`, claim
/// expired). The latter is never submitted again: the taker looks for its Message-ID in the
/// owner's Sent folder (the copy is appended right after the server's final OK) and, finding it,
/// records it sent; not finding it, it cannot tell "the server never got it" from "the server
/// got it and we died before the Sent copy", so it keeps the mail in Drafts with that reason
/// and tells the user — at most once, never twice. The same holds for a connection lost after the
/// body's last line (`OutboxSendError.uncertain`). A duplicate would need a crash between DATA's
/// final reply and the Sent APPEND, and is avoided even then. An entry is marked `submitting`
/// on its own, right before its bytes go to SMTP (the server's 354), not when its batch is
/// claimed: after a crash only the mail actually in flight is judged uncertain, the rest of the
/// batch is still `queued` and sent by the taker (tests/cluster/test_outbox_cluster.py). The
/// Sent copy is appended only by the instance whose `submit` got the OK.
///
/// The password: sealed with AES-GCM under the seal key (`PasswordSealer`, bound to the entry's
/// id and owner), erased from the row when the entry is sent, fails or is cancelled. A rejected
/// password (changed since) fails the entry; Drafts cannot be written without the new password
/// either, so the message stays in the row until the owner's next sign-in puts it there
/// (`placeAwaitingDrafts`, run by `GET /mail/outbox`).
struct Outbox: Sendable {
    let store: OutboxStore
    let transport: any OutboxTransport
    let sealer: PasswordSealer
    let events: MailEventHub
    /// This instance, as named in its claims.
    let instance: String
    /// How long a claim holds before another instance may take the entry over (`ZM_OUTBOX_LEASE_SECONDS`,
    /// 600 s by default: longer than any one submission, whose SMTP deadlines are shorter, so a claim
    /// never runs out under an instance still sending, which would then be judged interrupted).
    let lease: Duration
    let logger: Logger
    /// Transient failures (the server unreachable) are tried again this often before the mail goes to Drafts.
    static let maximumAttempts = 5

    static let latestSchedule: TimeInterval = 366 * 86_400
    static let pastTolerance: TimeInterval = 60

    // MARK: queueing (the routes)

    /// Queues `mail` for `sendAt`; the old draft it was written from is the outbox's now.
    func enqueue(_ message: MessageBuilder, bookkeeping: OutboxBookkeeping, sendAt: Date, session: Session, now: Date = Date()) async throws -> OutboxEntry {
        let (built, messageID) = try await transport.build(message)
        let id = UUID().uuidString.lowercased()
        let sealed = try sealer.seal(session.password, for: Self.sealSubject(id: id, owner: session.email))
        let recipients = (message.to + message.cc + message.bcc).map(Self.display)
        return try await store.enqueue(id: id, owner: session.email, message: built, bookkeeping: bookkeeping, messageID: messageID,
                                       subject: message.subject, recipients: recipients, sendAt: sendAt, credential: sealed, now: now)
    }

    enum CancelOutcome: Sendable, Equatable {
        case draft(uid: UInt32?)
        case notFound
        case tooLate
    }

    /// Takes a waiting entry back into Drafts (or dismisses a failed one, which is there already).
    func cancel(_ id: String, session: Session, now: Date = Date()) async throws -> CancelOutcome {
        if let entry = try await store.entry(id, owner: session.email), entry.state == .failed {
            try await store.remove(id, owner: session.email)
            return .draft(uid: entry.draftUID)
        }
        let claimant = "cancel:" + UUID().uuidString
        let (change, message) = try await store.claimForCancel(id, owner: session.email, claimant: claimant, lease: lease, now: now)
        switch change {
        case .notFound: return .notFound
        case .tooLate: return .tooLate
        case .done: break
        }
        guard let message else { return .notFound }
        let uid: UInt32?
        do throws(OutboxSendError) {
            uid = try await transport.storeDraft(message.draftForm, as: session.email, password: session.password)
        } catch {
            try? await store.release(id, claimant: claimant)
            throw APIError.mailServerUnavailable("임시보관함에 저장하지 못해 예약을 취소하지 않았습니다", code: .draftNotSaved)
        }
        try await store.remove(id, owner: session.email, claimant: claimant)
        return .draft(uid: uid)
    }

    /// Failed entries whose message could not go to Drafts (a changed password) go there now, with the owner's new session.
    func placeAwaitingDrafts(_ session: Session) async {
        guard let awaiting = try? await store.awaitingDrafts(owner: session.email) else { return }
        for (id, draft) in awaiting {
            do {
                let uid = try await transport.storeDraft(draft, as: session.email, password: session.password)
                try await store.storedInDrafts(id, owner: session.email, uid: uid)
            } catch {
                logger.notice("an outbox mail could not be put in Drafts yet", metadata: ["user": "\(session.email)", "outbox_id": "\(id)"])
            }
        }
    }

    // MARK: sending (the scanner)

    /// Claims and sends every entry due at `now`, in batches; returns how many were handled.
    @discardableResult
    func sendDue(now: @escaping @Sendable () -> Date = Date.init) async throws -> Int {
        var handled = 0
        while true {
            let claimed = try await store.claimDue(instance: instance, lease: lease, now: now())
            if claimed.isEmpty { return handled }
            await withTaskGroup(of: Void.self) { group in
                for entry in claimed { group.addTask { await self.deliver(entry, now: now) } }
            }
            handled += claimed.count
        }
    }

    private func deliver(_ claimed: ClaimedOutboxEntry, now: @escaping @Sendable () -> Date) async {
        let entry = claimed.entry
        let password = claimed.credential.flatMap { try? sealer.open($0, for: Self.sealSubject(id: entry.id, owner: entry.owner)) }
        guard let password else {
            await fail(claimed, reason: "보관된 인증 정보를 열 수 없어 메일을 보내지 못했습니다", password: nil, now: now())
            return
        }
        if claimed.claimedFrom == .submitting {
            await resolveInterrupted(claimed, password: password, now: now)
            return
        }
        // `submitting` only once the server waits for this message's bytes: an entry whose SMTP
        // session had not got that far when the instance died is still `queued`, sent by whoever
        // takes it over, not judged uncertain.
        let markSubmitting: @Sendable () async -> Bool = { [store, instance, logger] in
            do {
                return try await store.markSubmitting(entry.id, instance: instance, now: now())
            } catch {
                logger.warning("an outbox entry could not be marked submitting", metadata: ["outbox_id": "\(entry.id)", "error": "\(error)"])
                return false
            }
        }
        do throws(OutboxSendError) {
            let sentCopy = try await transport.submit(claimed.message, messageID: entry.messageID, bookkeeping: claimed.bookkeeping,
                                                      as: entry.owner, password: password, beforeMessage: markSubmitting)
            OutboxFaultPoint.afterSubmit.reach()
            await sent(claimed, sentCopy: sentCopy, now: now())
        } catch {
            if case .unavailable(let why) = error, entry.attempts < Self.maximumAttempts {
                let retryAt = now().addingTimeInterval(60 * Double(entry.attempts))
                logger.notice("outbox send failed; will retry", metadata: ["outbox_id": "\(entry.id)", "error": "\(why)"])
                try? await store.retry(entry.id, instance: instance, at: retryAt, reason: error.reason, now: now())
                return
            }
            logger.notice("outbox send failed", metadata: ["user": "\(entry.owner)", "outbox_id": "\(entry.id)", "error": "\(error)"])
            await fail(claimed, reason: error.reason, password: error == .credentialsRejected ? nil : password, now: now())
        }
    }

    /// An entry whose instance died while it was `submitting` (see the type's comment).
    private func resolveInterrupted(_ claimed: ClaimedOutboxEntry, password: String, now: @escaping @Sendable () -> Date) async {
        let entry = claimed.entry
        do throws(OutboxSendError) {
            if try await transport.sentFolderHolds(messageID: entry.messageID, as: entry.owner, password: password) {
                await sent(claimed, sentCopy: true, now: now())
                return
            }
        } catch {
            if case .unavailable = error {
                // Cannot look now: the claim runs out and the next look tries again.
                return
            }
        }
        logger.notice("outbox send interrupted; not sent again", metadata: ["user": "\(entry.owner)", "outbox_id": "\(entry.id)"])
        await fail(claimed, reason: "발송 도중 서버가 중단되어 발송 여부를 알 수 없습니다. 받는 사람에게 도착했는지 확인한 뒤 필요하면 다시 보내세요",
                   password: password, now: now())
    }

    private func sent(_ claimed: ClaimedOutboxEntry, sentCopy: Bool, now: Date) async {
        let entry = claimed.entry
        do {
            try await store.markSent(entry.id, instance: instance, now: now)
        } catch {
            // The mail is out; the row stays `submitting` and its next claimant finds the Sent copy.
            logger.warning("an outbox entry was sent but not marked", metadata: ["outbox_id": "\(entry.id)", "error": "\(error)"])
        }
        logger.info("sent from the outbox", metadata: ["user": "\(entry.owner)", "outbox_id": "\(entry.id)", "recipients": "\(claimed.message.envelope.recipients.count)"])
        var done = entry
        done.state = .sent
        await announce(done, sentCopy: sentCopy)
    }

    /// Not sent: into Drafts when the password still opens them, else at the owner's next sign-in.
    private func fail(_ claimed: ClaimedOutboxEntry, reason: String, password: String?, now: Date) async {
        let entry = claimed.entry
        var uid: UInt32?
        var inDrafts = false
        if let password, let stored = try? await transport.storeDraft(claimed.message.draftForm, as: entry.owner, password: password) {
            uid = stored
            inDrafts = true
        }
        do {
            try await store.markFailed(entry.id, instance: instance, reason: reason, inDrafts: inDrafts, draftUID: uid, now: now)
        } catch {
            logger.warning("an outbox failure could not be recorded", metadata: ["outbox_id": "\(entry.id)", "error": "\(error)"])
        }
        var failed = entry
        failed.state = .failed
        failed.lastError = reason
        failed.draftUID = uid
        await announce(failed, sentCopy: false)
    }

    /// Tells the owner's event streams here at once, and those on the other instances through the
    /// state store's notice (`OutboxEventRelay`): the user's tab may be connected to any of them.
    private func announce(_ entry: OutboxEntry, sentCopy: Bool) async {
        await events.announce(OutboxEventRelay.event(entry, sentCopy: sentCopy), to: entry.owner)
        do {
            try await store.store.publish(OutboxEventRelay.notice(entry, sentCopy: sentCopy, from: instance), on: .outboxEvents)
        } catch {
            logger.notice("an outbox event did not reach the other instances", metadata: ["outbox_id": "\(entry.id)", "error": "\(error)"])
        }
    }

    // MARK: housekeeping

    /// How long a sent entry's row (no message, no password: the Message-ID's record, so that a
    /// retried request is not a second mail) is kept.
    static let sentRetention: TimeInterval = 7 * 86_400
    /// How often an instance sweeps.
    static let sweepInterval: TimeInterval = 3600

    /// Deletes the sent entries older than `sentRetention`; returns how many. Cancelled entries
    /// are deleted when cancelled, failed ones only when their owner dismisses them. Any number of
    /// instances may sweep at once: each row goes in one `DELETE`, whoever runs it first.
    @discardableResult
    func sweep(now: Date = Date()) async throws -> Int {
        try await store.deleteSent(before: now.addingTimeInterval(-Self.sentRetention))
    }

    /// Tells this instance's streams of the entries the other instances handled.
    var eventRelay: OutboxEventRelay { OutboxEventRelay(store: store, events: events, instance: instance, logger: logger) }

    // MARK: helpers

    /// The sealed password's authenticated data: it opens only for this entry of this owner.
    static func sealSubject(id: String, owner: String) -> String { "outbox:\(id):\(owner)" }

    static func display(_ address: MailAddress) -> String {
        address.name.isEmpty ? address.email : "\(address.name) <\(address.email)>"
    }
}
