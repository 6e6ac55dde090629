import Crypto
import Foundation
import Logging
import MIME
import NIOConcurrencyHelpers
import Testing
@testable import Webmail

/// The outbox's rows and its exactly-once sending on both engines of the state store, with a
/// recording transport (the real Postfix and Dovecot: `OutboxStackTests`). Time is passed in.
@Suite struct OutboxStoreTests {
    static let owner = "ythong@zioinfo.co.kr"
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func message(_ tag: String) -> OutboxMessage {
        OutboxMessage(envelope: OutboxEnvelope(sender: owner, recipients: ["cskim@example.com"]),
                      message: Array("Subject: \(tag)\r\n\r\nbody\r\n".utf8), internationalized: nil,
                      draft: Array("Bcc: secret@example.com\r\nSubject: \(tag)\r\n\r\nbody\r\n".utf8))
    }

    static func add(_ store: OutboxStore, _ tag: String, at sendAt: Date, owner: String = owner, id: String? = nil) async throws -> OutboxEntry {
        try await store.enqueue(id: id ?? UUID().uuidString, owner: owner, message: message(tag), bookkeeping: OutboxBookkeeping(),
                                messageID: "\(tag)@zioinfo.co.kr", subject: tag, recipients: ["김철수 <cskim@example.com>"],
                                sendAt: sendAt, credential: "sealed", now: start)
    }

    @Test(arguments: TestEngine.available)
    func entriesAreListedPerOwnerAndDedupedByMessageID(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let store = OutboxStore(store: try fixture.makeStore())
            let first = try await Self.add(store, "a", at: Self.start.addingTimeInterval(10))
            let again = try await Self.add(store, "a", at: Self.start.addingTimeInterval(99))
            #expect(again.id == first.id && again.sendAt == first.sendAt)
            _ = try await Self.add(store, "other", at: Self.start, owner: "someone@zioinfo.co.kr")
            #expect(try await store.list(owner: Self.owner).map(\.subject) == ["a"])
            #expect(try await store.entry(first.id, owner: "someone@zioinfo.co.kr") == nil)
            #expect(try await store.reschedule(first.id, owner: "someone@zioinfo.co.kr", to: Self.start, now: Self.start) == .notFound)
            #expect(try await store.nextWake() == Self.start)
            let moved = try await store.reschedule(first.id, owner: Self.owner, to: Self.start.addingTimeInterval(3600), now: Self.start)
            guard case .done(let entry) = moved else { Issue.record("\(moved)"); return }
            #expect(entry.sendAt == Self.start.addingTimeInterval(3600) && entry.recipients == ["김철수 <cskim@example.com>"])
        }
    }

    @Test(arguments: TestEngine.available)
    func aClaimHoldsForItsLeaseAndIsTakenOverAfter(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let store = OutboxStore(store: try fixture.makeStore())
            let entry = try await Self.add(store, "due", at: Self.start)
            #expect(try await store.claimDue(instance: "A", lease: .seconds(60), now: Self.start.addingTimeInterval(-1)).isEmpty)
            let claimed = try await store.claimDue(instance: "A", lease: .seconds(60), now: Self.start)
            #expect(claimed.map(\.entry.id) == [entry.id] && claimed.first?.claimedFrom == .queued)
            #expect(claimed.first?.message == Self.message("due") && claimed.first?.credential == "sealed")
            // Held: neither another instance nor the owner's cancel gets it.
            #expect(try await store.claimDue(instance: "B", lease: .seconds(60), now: Self.start.addingTimeInterval(30)).isEmpty)
            #expect(try await store.claimForCancel(entry.id, owner: Self.owner, claimant: "c", lease: .seconds(60), now: Self.start.addingTimeInterval(30)).0 == .tooLate)
            #expect(try await store.markSubmitting(entry.id, instance: "A", now: Self.start))
            #expect(try await store.nextWake() == Self.start.addingTimeInterval(60))
            // A dies mid-send: B takes the entry over after the lease, as `submitting`.
            let taken = try await store.claimDue(instance: "B", lease: .seconds(60), now: Self.start.addingTimeInterval(61))
            #expect(taken.first?.claimedFrom == .submitting && taken.first?.entry.attempts == 2)
            // A's late steps no longer count.
            #expect(try await store.markSubmitting(entry.id, instance: "A") == false)
            try await store.markSent(entry.id, instance: "A")
            #expect(try await store.entry(entry.id, owner: Self.owner)?.state == .submitting)
            try await store.markSent(entry.id, instance: "B")
            #expect(try await store.list(owner: Self.owner).isEmpty)
            #expect(try await store.nextWake() == nil)
            // Sent stays the Message-ID's record: the same mail again is the sent entry, not a new one.
            #expect(try await Self.add(store, "due", at: Self.start).state == .sent)
        }
    }

    @Test(arguments: TestEngine.available)
    func aCancelTakesTheDraftFormAndRemovesTheEntry(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let store = OutboxStore(store: try fixture.makeStore())
            let entry = try await Self.add(store, "undo", at: Self.start.addingTimeInterval(10))
            let (change, message) = try await store.claimForCancel(entry.id, owner: Self.owner, claimant: "c", lease: .seconds(60), now: Self.start)
            #expect(change == .done(entry) && message?.draftForm == Self.message("undo").draft)
            #expect(try await store.claimDue(instance: "A", lease: .seconds(60), now: Self.start.addingTimeInterval(20)).isEmpty)
            try await store.release(entry.id, claimant: "c")
            #expect(try await store.claimForCancel(entry.id, owner: Self.owner, claimant: "d", lease: .seconds(60), now: Self.start).0 == .done(entry))
            #expect(try await store.remove(entry.id, owner: Self.owner, claimant: "d"))
            #expect(try await store.entry(entry.id, owner: Self.owner) == nil)
            #expect(try await store.claimForCancel(entry.id, owner: Self.owner, claimant: "e", lease: .seconds(60)).0 == .notFound)
        }
    }

    /// Two instances on PostgreSQL claim at the same moment: `SKIP LOCKED` hands them disjoint entries.
    @Test(arguments: TestEngine.available.filter { $0 == .postgres })
    func twoInstancesClaimDisjointEntries(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let one = OutboxStore(store: try fixture.makeStore()), two = OutboxStore(store: try fixture.makeStore())
            for index in 0..<40 { _ = try await Self.add(one, "m\(index)", at: Self.start) }
            async let a = one.claimDue(instance: "A", lease: .seconds(60), limit: 25, now: Self.start)
            async let b = two.claimDue(instance: "B", lease: .seconds(60), limit: 25, now: Self.start)
            let (first, second) = try await (a, b)
            let ids = first.map(\.entry.id) + second.map(\.entry.id)
            #expect(Set(ids).count == ids.count && ids.count == 40, "\(first.count) + \(second.count)")
        }
    }

    // MARK: sending, with a recording transport

    static func outbox(_ store: any StateStore, transport: RecordingTransport, instance: String) -> Outbox {
        var logger = Logger(label: "outbox-test")
        logger.logLevel = .warning
        return Outbox(store: OutboxStore(store: store), transport: transport, sealer: PasswordSealer(key: sealKey),
                      events: MailEventHub(source: InMemoryMailFeed(), logger: logger),
                      instance: instance, lease: .seconds(60), logger: logger)
    }

    static let sealKey = SymmetricKey(size: .bits256)

    static func queue(_ outbox: Outbox, _ tag: String, password: String = "right", at sendAt: Date) async throws -> OutboxEntry {
        let id = UUID().uuidString
        let sealed = try outbox.sealer.seal(password, for: Outbox.sealSubject(id: id, owner: owner))
        return try await outbox.store.enqueue(id: id, owner: owner, message: message(tag), bookkeeping: OutboxBookkeeping(),
                                              messageID: "\(tag)@zioinfo.co.kr", subject: tag, recipients: ["cskim@example.com"],
                                              sendAt: sendAt, credential: sealed, now: start)
    }

    @Test(arguments: TestEngine.available)
    func aDueEntryIsSubmittedOnceAndAChangedPasswordWaitsForDrafts(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let transport = RecordingTransport()
            let outbox = Self.outbox(try fixture.makeStore(), transport: transport, instance: "A")
            let due = try await Self.queue(outbox, "due", at: Self.start)
            let stale = try await Self.queue(outbox, "stale", password: "old", at: Self.start)
            _ = try await Self.queue(outbox, "later", at: Self.start.addingTimeInterval(3600))
            #expect(try await outbox.sendDue(now: { Self.start }) == 2)
            #expect(try await outbox.sendDue(now: { Self.start }) == 0)
            #expect(transport.submitted == ["due@zioinfo.co.kr"])
            let failed = try #require(try await outbox.store.entry(stale.id, owner: Self.owner))
            #expect(failed.state == .failed && failed.lastError == OutboxSendError.credentialsRejected.reason && failed.draftUID == nil)
            #expect(try await outbox.store.entry(due.id, owner: Self.owner) == nil)
            // The next sign-in (the new password) puts it in Drafts.
            await outbox.placeAwaitingDrafts(IMAPOutboxTransport.session(Self.owner, "right"))
            #expect(transport.drafts == [Self.message("stale").draft!])
            #expect(try await outbox.store.entry(stale.id, owner: Self.owner)?.draftUID == 1)
            #expect(try await outbox.store.awaitingDrafts(owner: Self.owner).isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func anEntryInterruptedWhileSubmittingIsNeverSubmittedAgain(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let transport = RecordingTransport()
            let dead = Self.outbox(try fixture.makeStore(), transport: transport, instance: "dead")
            let inSent = try await Self.queue(dead, "in-sent", at: Self.start)
            let lost = try await Self.queue(dead, "lost", at: Self.start)
            // The dead instance claimed both and recorded `submitting`, then died.
            for claimed in try await dead.store.claimDue(instance: "dead", lease: .seconds(60), now: Self.start) {
                #expect(try await dead.store.markSubmitting(claimed.entry.id, instance: "dead", now: Self.start))
            }
            transport.inSent.withLockedValue { $0 = ["in-sent@zioinfo.co.kr"] }
            let taker = Self.outbox(try fixture.makeStore(), transport: transport, instance: "taker")
            #expect(try await taker.sendDue(now: { Self.start.addingTimeInterval(30) }) == 0)
            #expect(try await taker.sendDue(now: { Self.start.addingTimeInterval(61) }) == 2)
            #expect(transport.submitted.isEmpty)
            #expect(try await taker.store.entry(inSent.id, owner: Self.owner) == nil)
            let failed = try #require(try await taker.store.entry(lost.id, owner: Self.owner))
            #expect(failed.state == .failed && failed.draftUID == 1 && (failed.lastError ?? "").contains("발송 여부"))
        }
    }

    /// Issue 29: two instances and 100 mails due in the same second: each submitted exactly once.
    @Test(arguments: TestEngine.available)
    func twoInstancesSendAHundredDueMailsEachOnce(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let transport = RecordingTransport()
            let one = Self.outbox(try fixture.makeStore(), transport: transport, instance: "one")
            let two = Self.outbox(try fixture.makeStore(), transport: transport, instance: "two")
            for index in 0..<100 { _ = try await Self.queue(one, "bulk\(index)", at: Self.start) }
            async let a = one.sendDue(now: { Self.start })
            async let b = two.sendDue(now: { Self.start })
            let handled = try await a + b
            #expect(handled == 100)
            #expect(transport.submitted.count == 100 && Set(transport.submitted).count == 100)
            #expect(try await one.store.list(owner: Self.owner).isEmpty)
        }
    }
}

/// Records what the outbox hands to the mail servers; "right" is the only password they take.
final class RecordingTransport: OutboxTransport {
    private let log = NIOLockedValueBox<(submitted: [String], drafts: [[UInt8]])>(([], []))
    let inSent = NIOLockedValueBox<Set<String>>([])

    var submitted: [String] { log.withLockedValue { $0.submitted } }
    var drafts: [[UInt8]] { log.withLockedValue { $0.drafts } }

    func build(_ message: MessageBuilder) async throws(OutgoingError) -> (OutboxMessage, messageID: String) {
        (OutboxStoreTests.message(message.subject), "\(UUID().uuidString)@zioinfo.co.kr")
    }

    func submit(_ message: OutboxMessage, messageID: String, bookkeeping: OutboxBookkeeping, as owner: String, password: String,
                beforeMessage: @escaping @Sendable () async -> Bool) async throws(OutboxSendError) -> Bool {
        guard password == "right" else { throw .credentialsRejected }
        guard await beforeMessage() else { throw .unavailable("withdrawn") }
        log.withLockedValue { $0.submitted.append(messageID) }
        return true
    }

    func sentFolderHolds(messageID: String, as owner: String, password: String) async throws(OutboxSendError) -> Bool {
        guard password == "right" else { throw .credentialsRejected }
        return inSent.withLockedValue { $0.contains(messageID) }
    }

    func storeDraft(_ message: [UInt8], as owner: String, password: String) async throws(OutboxSendError) -> UInt32? {
        guard password == "right" else { throw .credentialsRejected }
        return log.withLockedValue { log in
            log.drafts.append(message)
            return UInt32(log.drafts.count)
        }
    }
}
