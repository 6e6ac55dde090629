import Foundation
import IMAP
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

/// IMAP IDLE on INBOX, one connection per user however many tabs listen: the first listener
/// starts the feed, every listener gets every event, the last one to leave stops it.
actor MailEventHub {
    private struct Feed {
        var task: Task<Void, Never>
        var listeners: [UUID: AsyncStream<MailEvent>.Continuation]
        var ready = false
    }

    private var feeds: [String: Feed] = [:]
    private let pool: IMAPConnectionPool
    private let logger: Logger

    init(pool: IMAPConnectionPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    /// Number of users with a live IDLE feed (for metrics and tests).
    var activeFeeds: Int { feeds.count }

    func subscribe(_ session: Session) -> (UUID, AsyncStream<MailEvent>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<MailEvent>.makeStream(bufferingPolicy: .bufferingNewest(100))
        if feeds[session.email] == nil {
            let credentials = IMAPCredentials(username: session.email, password: session.password)
            let email = session.email
            let task = Task { await self.runFeed(email: email, credentials: credentials) }
            feeds[session.email] = Feed(task: task, listeners: [:])
        }
        feeds[session.email]?.listeners[id] = continuation
        if feeds[session.email]?.ready == true { continuation.yield(Self.ready) }
        return (id, stream)
    }

    func unsubscribe(email: String, id: UUID) {
        feeds[email]?.listeners[id]?.finish()
        feeds[email]?.listeners[id] = nil
        if let feed = feeds[email], feed.listeners.isEmpty {
            feed.task.cancel()
            feeds[email] = nil
        }
    }

    /// Sent once IDLE is running, so a client (or test) knows deliveries from now on are seen.
    static let ready = MailEvent.make("ready", ["folder": "INBOX"])

    private func markReady(_ email: String) {
        feeds[email]?.ready = true
        broadcast(Self.ready, to: email)
    }

    private func broadcast(_ event: MailEvent, to email: String) {
        for listener in feeds[email]?.listeners.values ?? [:].values { listener.yield(event) }
    }

    private func endFeed(_ email: String) {
        for listener in feeds[email]?.listeners.values ?? [:].values { listener.finish() }
        feeds[email] = nil
    }

    private func runFeed(email: String, credentials: IMAPCredentials) async {
        var known: UInt32?
        do {
            // The count before IDLE, so the first EXISTS that grows it is recognised as new mail.
            known = try await pool.withConnection(for: credentials) { connection in
                try await connection.status(of: .inbox, items: [.messages]).messages
            }
            let events = try await pool.idle(for: credentials, in: .inbox)
            markReady(email)
            for try await event in events {
                switch event {
                case .exists(let count):
                    if let previous = known, count > previous {
                        broadcast(MailEvent.make("new_message", ["folder": "INBOX", "exists": Int(count)]), to: email)
                    }
                    known = count
                case .expunged(let sequence):
                    if let previous = known, previous > 0 { known = previous - 1 }
                    broadcast(MailEvent.make("expunged", ["folder": "INBOX", "sequence": Int(sequence)]), to: email)
                case .vanished:
                    broadcast(MailEvent.make("expunged", ["folder": "INBOX"]), to: email)
                case .flagsChanged(_, let uid, let flags):
                    var fields: [String: Any] = ["folder": "INBOX", "flags": flags.map(\.rawValue)]
                    if let uid { fields["uid"] = Int(uid) }
                    broadcast(MailEvent.make("flags", fields), to: email)
                case .recent:
                    break
                }
            }
        } catch {
            if !Task.isCancelled {
                logger.notice("IDLE feed ended", metadata: ["user": "\(email)", "error": "\(String(describing: error))"])
            }
        }
        // The SPA's EventSource reconnects by itself; that starts a fresh feed.
        endFeed(email)
    }
}
