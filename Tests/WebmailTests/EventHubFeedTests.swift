import Foundation
import Logging
import Synchronization
import Testing
@testable import Webmail

/// The hub's feeds against a scripted event source: the races a real server does not produce on
/// demand. (The same paths against the real Dovecot: `EventStreamLifetimeTests`.)
@Suite struct EventHubFeedTests {
    static func session(token: String = UUID().uuidString) -> Session {
        Session(email: "feed@zioinfo.co.kr", password: "pw", tokenID: token,
                expiresAt: Date().addingTimeInterval(3600), fromCookie: false)
    }

    /// One IDLE stream handed out by the scripted source, and whether its consumer dropped it
    /// (which, for a real one, logs the IDLE connection out).
    final class ScriptedFeed: Sendable {
        let events: AsyncThrowingStream<MailboxChange, any Error>
        let continuation: AsyncThrowingStream<MailboxChange, any Error>.Continuation
        private let dropped = Signal()

        init() {
            (events, continuation) = AsyncThrowingStream.makeStream()
            continuation.onTermination = { [dropped] _ in dropped.fire() }
        }

        /// Returns once the feed's consumer dropped the stream.
        func waitUntilDropped() async { await dropped.wait() }
    }

    /// A source whose first call (the feed that will be cancelled) is held until
    /// `releaseCancelled` (a connect that finishes late) and then gets `cancelled`; later calls
    /// get `live` at once.
    final class Source: MailFeedSource {
        let cancelled = ScriptedFeed()
        let live = ScriptedFeed()
        /// The first call is in progress (held).
        let firstCallStarted = Signal()
        private let gate = Signal()
        private let calls = Mutex(0)

        func inboxFeed(for session: Session) async throws -> (known: UInt32?, changes: AsyncThrowingStream<MailboxChange, any Error>) {
            let call = calls.withLock { count in
                defer { count += 1 }
                return count
            }
            guard call == 0 else { return (known: 1, changes: live.events) }
            firstCallStarted.fire()
            await gate.wait()
            return (known: 1, changes: cancelled.events)
        }

        func releaseCancelled() { gate.fire() }
    }

    /// A feed that was stopped while still connecting finishes after a newer feed of the same
    /// user started: it must neither end the newer feed's streams nor leave its own IDLE open.
    @Test func aLateEndingFeedLeavesTheNewerFeedAlone() async throws {
        let scripted = Source()
        let hub = MailEventHub(source: scripted, logger: Logger(label: "test"))

        let (firstID, _) = await hub.subscribe(Self.session())
        await scripted.firstCallStarted.wait()
        await hub.unsubscribe(email: Self.session().email, id: firstID)
        let (_, newer) = await hub.subscribe(Self.session())
        var events = newer.makeAsyncIterator()
        #expect(await events.next()?.name == "ready")

        // The first feed's connect finishes now, long after it was cancelled.
        scripted.releaseCancelled()
        await scripted.cancelled.waitUntilDropped()

        // The newer feed still delivers, to a stream still open.
        scripted.live.continuation.yield(.exists(2))
        #expect(await events.next()?.name == "new_message")
        #expect(await hub.activeFeeds == 1)
    }

    /// Logout ends the streams of that token only, and stops IDLE when nobody else listens.
    @Test func endingASessionsStreamsStopsTheFeedWhenNobodyElseListens() async throws {
        let scripted = Source()
        scripted.releaseCancelled()
        let hub = MailEventHub(source: scripted, logger: Logger(label: "test"))
        let first = Self.session(), second = Self.session()
        let (_, firstStream) = await hub.subscribe(first)
        let (_, secondStream) = await hub.subscribe(second)

        await hub.endStreams(of: first)
        var firstEvents = firstStream.makeAsyncIterator()
        while let event = await firstEvents.next() { #expect(event.name == "ready") }
        #expect(await hub.activeFeeds == 1)

        await hub.endStreams(of: second)
        var secondEvents = secondStream.makeAsyncIterator()
        while let event = await secondEvents.next() { #expect(event.name == "ready") }
        await scripted.cancelled.waitUntilDropped()
        #expect(await hub.activeFeeds == 0)
    }
}
