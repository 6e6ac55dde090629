import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage, the peer address (for the login limit)
/// and, once the auth middleware has run, the authenticated session.
public struct WebmailRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer; behind nginx this is loopback and the client is in X-Real-IP.
    public let peerAddress: SocketAddress?
    /// Set by `SessionAuthenticator` on routes that need a signed-in user.
    public var session: Session?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peerAddress = source.channel.remoteAddress
        self.session = nil
    }

    /// The authenticated session; routes behind `SessionAuthenticator` can rely on it.
    public func requireSession() throws -> Session {
        guard let session else { throw APIError(.unauthorized, "로그인이 필요합니다", code: .loginRequired) }
        return session
    }
}
