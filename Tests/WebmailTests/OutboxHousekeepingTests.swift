import Foundation
import NIOConcurrencyHelpers
import Testing
@testable import Webmail

/// Issue 29's remainder on both engines, with the recording transport of `OutboxStoreTests`: the
/// sweep of old sent rows (time injected), the `outbox` event reaching a stream on another
/// instance, and the lease setting.
@Suite struct OutboxHousekeepingTests {
    static let owner = OutboxStoreTests.owner
    static let start = OutboxStoreTests.start

    @Test(arguments: TestEngine.available)
    func theSweepDeletesSentRowsAfterTheRetentionAndKeepsTheRest(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let transport = RecordingTransport()
            let outbox = OutboxStoreTests.outbox(try fixture.makeStore(), transport: transport, instance: "A")
            let sent = try await OutboxStoreTests.queue(outbox, "sent", at: Self.start)
            let failed = try await OutboxStoreTests.queue(outbox, "failed", password: "old", at: Self.start)
            let waiting = try await OutboxStoreTests.queue(outbox, "waiting", at: Self.start.addingTimeInterval(30 * 86_400))
            #expect(try await outbox.sendDue(now: { Self.start }) == 2)
            #expect(try await outbox.store.record(sent.id, owner: Self.owner)?.state == .sent)
            // A day short of the retention: kept (a retried request still finds the sent mail).
            #expect(try await outbox.sweep(now: Self.start.addingTimeInterval(Outbox.sentRetention - 86_400)) == 0)
            #expect(try await OutboxStoreTests.add(outbox.store, "sent", at: Self.start).state == .sent)
            // Past it: the sent row goes; the failed one waits for its owner, the waiting one for its time.
            let later = Self.start.addingTimeInterval(Outbox.sentRetention + 1)
            #expect(try await outbox.sweep(now: later) == 1)
            #expect(try await outbox.store.record(sent.id, owner: Self.owner) == nil)
            #expect(try await outbox.store.record(failed.id, owner: Self.owner)?.state == .failed)
            #expect(try await outbox.store.record(waiting.id, owner: Self.owner)?.state == .queued)
            // Two instances sweeping at once: each row deleted once, neither fails.
            let other = OutboxStoreTests.outbox(try fixture.makeStore(), transport: transport, instance: "B")
            async let one = outbox.sweep(now: later)
            async let two = other.sweep(now: later)
            #expect(try await one + two == 0)
        }
    }

    /// Instance B handles the entry; the owner's stream is on instance A: the event reaches it.
    @Test(arguments: TestEngine.available)
    func anOutboxEventReachesTheOwnersStreamOnAnotherInstance(_ engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let transport = RecordingTransport()
            let storeA = try fixture.makeStore()
            // SQLite is one process: its "other instance" is another outbox over the same store.
            let storeB = engine == .sqlite ? storeA : try fixture.makeStore()
            let a = OutboxStoreTests.outbox(storeA, transport: transport, instance: "A")
            let b = OutboxStoreTests.outbox(storeB, transport: transport, instance: "B")
            let relayed = storeA.notices(on: .outboxEvents)
            let probe = storeA.notices(on: .outboxEvents)
            let heard = NIOLockedValueBox<[String]>([])
            let tasks = [
                Task { await a.eventRelay.relay(relayed) },
                Task { for await notice in probe { if case .message(let text) = notice { heard.withLockedValue { $0.append(text) } } } },
            ]
            defer { for task in tasks { task.cancel() } }
            // A listens (PostgreSQL's LISTEN is up) once a probe from B comes through. 30 s: the
            // listening connection is a new one, and under CI's load it has taken more than 5 s.
            #expect(await eventually(within: .seconds(30)) { try? await storeB.publish("probe", on: .outboxEvents); return heard.withLockedValue { $0.contains("probe") } })

            let session = IMAPOutboxTransport.session(Self.owner, "right")
            let (listener, stream) = await a.events.subscribe(session)
            defer { Task { await a.events.unsubscribe(email: Self.owner, id: listener) } }
            let events = NIOLockedValueBox<[String]>([])
            let reading = Task { for await event in stream where event.name == "outbox" { events.withLockedValue { $0.append(event.json) } } }
            defer { reading.cancel() }

            let sent = try await OutboxStoreTests.queue(b, "sent-by-b", at: Self.start)
            let failed = try await OutboxStoreTests.queue(b, "failed-by-b", password: "old", at: Self.start)
            #expect(try await b.sendDue(now: { Self.start }) == 2)
            #expect(await eventually(within: .seconds(30)) { events.withLockedValue { $0.count } == 2 })
            let received = events.withLockedValue { $0 }
            #expect(received.contains { $0.contains(sent.id) && $0.contains(#""state":"sent""#) })
            #expect(received.contains { $0.contains(failed.id) && $0.contains(#""state":"failed""#) && $0.contains("비밀번호가 바뀌어") })
            // A's own events are not relayed back to it a second time.
            let own = try await OutboxStoreTests.queue(a, "sent-by-a", at: Self.start)
            #expect(try await a.sendDue(now: { Self.start }) == 1)
            #expect(await eventually { events.withLockedValue { $0.contains { $0.contains(own.id) } } })
            try await storeB.publish("probe-2", on: .outboxEvents)
            #expect(await eventually { heard.withLockedValue { $0.contains("probe-2") } })
            #expect(events.withLockedValue { $0.filter { $0.contains(own.id) }.count } == 1)
        }
    }

    @Test func theLeaseIsASetting() throws {
        #expect(try WebmailConfiguration.load(environment: [:]).outboxLease == 600)
        #expect(try WebmailConfiguration.load(environment: ["ZM_OUTBOX_LEASE_SECONDS": "3"]).outboxLease == 3)
        #expect(try WebmailConfiguration.load(flags: [.outboxLeaseSeconds: "5"], environment: ["ZM_OUTBOX_LEASE_SECONDS": "3"]).outboxLease == 5)
        for bad in ["0", "-1", "ten", "86401"] {
            #expect(throws: ConfigurationError.self) { try WebmailConfiguration.load(environment: ["ZM_OUTBOX_LEASE_SECONDS": bad]) }
        }
        #expect(SettingKey.outboxLeaseSeconds.flagName == "outbox-lease-seconds")
    }
}
