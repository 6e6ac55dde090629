import Foundation
import Hummingbird
import NIOCore
import ServiceLifecycle

/// `GET /mail/events`: Server-Sent Events from the user's IDLE feed, a heartbeat comment every
/// `ZM_EVENTS_HEARTBEAT` (so proxies keep the stream open), ended when the token expires, at
/// logout (the hub ends it), or at the first heartbeat after the token was revoked by other means.
struct EventsController {
    let hub: MailEventHub
    let heartbeat: Duration
    /// Checked on every heartbeat: a stream must not outlive its token's revocation.
    let revocations: RevocationList

    func addRoutes(to group: RouterGroup<WebmailRequestContext>) {
        group.get("events", use: events)
    }

    /// What the writer loop reacts to.
    private enum Tick: Sendable {
        case event(MailEvent)
        case heartbeat
    }

    func events(_ request: Request, context: WebmailRequestContext) async throws -> Response {
        let session = try context.requireSession()
        var headers: HTTPFields = [:]
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.init("X-Accel-Buffering")!] = "no"
        let hub = self.hub
        let heartbeat = self.heartbeat
        let revocations = self.revocations
        let body = ResponseBody { writer in
            let (id, events) = await hub.subscribe(session)
            let (ticks, sink) = AsyncStream<Tick>.makeStream()
            let forward = Task {
                for await event in events { sink.yield(.event(event)) }
                sink.finish()
            }
            let beat = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: heartbeat)
                    sink.yield(.heartbeat)
                }
            }
            let expiry = Task {
                try? await Task.sleep(for: .seconds(max(0, session.expiresAt.timeIntervalSinceNow)))
                sink.finish()
            }
            defer {
                forward.cancel()
                beat.cancel()
                expiry.cancel()
            }
            do {
                // A server shutting down ends the stream, so it never waits for the client to leave.
                try await withGracefulShutdownHandler {
                    try await writer.write(ByteBuffer(string: "retry: 5000\n\n"))
                    for await tick in ticks {
                        switch tick {
                        case .event(let event): try await writer.write(event.serverSentEvent)
                        case .heartbeat:
                            if revocations.isRevoked(session.tokenID) { sink.finish(); continue }
                            try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                        }
                    }
                } onGracefulShutdown: {
                    sink.finish()
                }
            } catch {
                // The client went away; fall through to clean up.
            }
            await hub.unsubscribe(email: session.email, id: id)
            try? await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
