import Foundation
import Logging
import NIOCore

/// One event for the SPA, written as a Server-Sent Event.
struct MailEvent: Sendable {
    let name: String
    let json: String

    var serverSentEvent: ByteBuffer {
        ByteBuffer(string: "event: \(name)\ndata: \(json)\n\n")
    }

    static func make(_ name: String, _ fields: [String: Any]) -> MailEvent {
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
        return MailEvent(name: name, json: String(decoding: data, as: UTF8.self))
    }
}

/// One INBOX feed per user (for IMAP: one IDLE connection) however many tabs listen: the first listener
/// starts the feed, every listener gets every event, the last one to leave stops it.
///
/// Every feed has an id, and everything a feed does to the hub's state (ready, broadcast, its
/// end) applies only while it is still the user's current feed: a cancelled feed that finishes
/// late never touches the listeners of the feed that replaced it (which would then keep its
/// IDLE connection open with nobody listening).
actor MailEventHub {
    private struct Listener {
        /// The token the stream was opened with: a logout of that token ends the stream.
        let tokenID: String
        let continuation: AsyncStream<MailEvent>.Continuation
    }

    private struct Feed {
        let id: UUID
        var task: Task<Void, Never>
        var listeners: [UUID: Listener]
        var ready = false
    }

    private var feeds: [String: Feed] = [:]
    private let source: any MailFeedSource
    private let logger: Logger

    init(source: any MailFeedSource, logger: Logger) {
        self.source = source
        self.logger = logger
    }

    /// Number of users with a live IDLE feed (for metrics and tests).
    var activeFeeds: Int { feeds.count }

    func subscribe(_ session: Session) -> (UUID, AsyncStream<MailEvent>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<MailEvent>.makeStream(bufferingPolicy: .bufferingNewest(100))
        if feeds[session.email] == nil {
            let feedID = UUID()
            let task = Task { await self.runFeed(session, feedID: feedID) }
            feeds[session.email] = Feed(id: feedID, task: task, listeners: [:])
        }
        feeds[session.email]?.listeners[id] = Listener(tokenID: session.tokenID, continuation: continuation)
        if feeds[session.email]?.ready == true { continuation.yield(Self.ready) }
        return (id, stream)
    }

    func unsubscribe(email: String, id: UUID) {
        feeds[email]?.listeners[id]?.continuation.finish()
        feeds[email]?.listeners[id] = nil
        stopIfUnheard(email)
    }

    /// Ends every stream opened with `session`'s token (at logout); the IDLE feed stops when no
    /// other session of the user still listens.
    func endStreams(of session: Session) {
        guard let listeners = feeds[session.email]?.listeners else { return }
        for (id, listener) in listeners where listener.tokenID == session.tokenID {
            listener.continuation.finish()
            feeds[session.email]?.listeners[id] = nil
        }
        stopIfUnheard(session.email)
    }

    /// Hands `event` to every stream the user has open in this instance (an outbox mail sent or failed).
    func announce(_ event: MailEvent, to email: String) {
        for listener in feeds[email]?.listeners.values ?? [:].values { listener.continuation.yield(event) }
    }

    private func stopIfUnheard(_ email: String) {
        if let feed = feeds[email], feed.listeners.isEmpty {
            feed.task.cancel()
            feeds[email] = nil
        }
    }

    /// Sent once IDLE is running, so a client (or test) knows deliveries from now on are seen.
    static let ready = MailEvent.make("ready", ["folder": "INBOX"])

    /// The user's feed, if `feedID` is still the current one.
    private func isCurrent(_ email: String, _ feedID: UUID) -> Bool { feeds[email]?.id == feedID }

    private func markReady(_ email: String, feedID: UUID) {
        guard isCurrent(email, feedID) else { return }
        feeds[email]?.ready = true
        broadcast(Self.ready, to: email, feedID: feedID)
    }

    private func broadcast(_ event: MailEvent, to email: String, feedID: UUID) {
        guard isCurrent(email, feedID) else { return }
        for listener in feeds[email]?.listeners.values ?? [:].values { listener.continuation.yield(event) }
    }

    private func endFeed(_ email: String, feedID: UUID) {
        guard isCurrent(email, feedID) else { return }
        for listener in feeds[email]?.listeners.values ?? [:].values { listener.continuation.finish() }
        feeds[email] = nil
    }

    private func runFeed(_ session: Session, feedID: UUID) async {
        let email = session.email
        do {
            let (initial, events) = try await source.inboxFeed(for: session)
            var known = initial
            markReady(email, feedID: feedID)
            // Leaving this loop (end, error or cancellation) drops `events`, which logs the IDLE
            // connection out.
            for try await event in events {
                switch event {
                case .exists(let count):
                    if let previous = known, count > previous {
                        broadcast(MailEvent.make("new_message", ["folder": "INBOX", "exists": Int(count)]), to: email, feedID: feedID)
                    }
                    known = count
                case .expunged(let sequence):
                    if let previous = known, previous > 0 { known = previous - 1 }
                    broadcast(MailEvent.make("expunged", ["folder": "INBOX", "sequence": Int(sequence)]), to: email, feedID: feedID)
                case .vanished:
                    broadcast(MailEvent.make("expunged", ["folder": "INBOX"]), to: email, feedID: feedID)
                case .flags(let uid, let flags):
                    var fields: [String: Any] = ["folder": "INBOX", "flags": flags]
                    if let uid { fields["uid"] = Int(uid) }
                    broadcast(MailEvent.make("flags", fields), to: email, feedID: feedID)
                }
            }
        } catch {
            if !Task.isCancelled {
                logger.notice("IDLE feed ended", metadata: ["user": "\(email)", "error": "\(String(describing: error))"])
            }
        }
        // The SPA's EventSource reconnects by itself; that starts a fresh feed.
        endFeed(email, feedID: feedID)
    }
}
