import NIOCore
import NIOSSL
import NIOTLS

/// Builds the TLS client context: full certificate and host name verification against the
/// system roots plus an optional extra CA file.
enum TLSSetup {
    static func makeContext(caFilePath: String?) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .fullVerification
        configuration.minimumTLSVersion = .tlsv12
        if let caFilePath {
            do {
                let certificates = try NIOSSLCertificate.fromPEMFile(caFilePath)
                configuration.additionalTrustRoots = [.certificates(certificates)]
            } catch {
                throw IMAPError.tlsFailed("cannot read CA file \(caFilePath): \(error)")
            }
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw IMAPError.tlsFailed("cannot create TLS context: \(error)")
        }
    }

    /// The name to verify and send as SNI; `nil` for IP addresses, which NIOSSL then checks
    /// against the certificate's IP SANs.
    static func serverName(host: String, override: String?) -> String? {
        if let override { return override }
        return isIPAddress(host) ? nil : host
    }

    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    static func makeHandler(context: NIOSSLContext, serverName: String?) throws -> NIOSSLClientHandler {
        do {
            return try NIOSSLClientHandler(context: context, serverHostname: serverName)
        } catch {
            throw IMAPError.tlsFailed("cannot start TLS: \(error)")
        }
    }

    /// Whether an error came from the TLS layer (handshake, certificate, host name).
    static func isTLSError(_ error: Error) -> Bool {
        error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError
    }
}

/// Completes a promise when the TLS handshake finishes, or fails it with the reason it did not.
final class TLSHandshakeObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let promise: EventLoopPromise<Void>
    private var completed = false

    init(promise: EventLoopPromise<Void>) { self.promise = promise }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event { complete(nil) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        complete(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        complete(IMAPError.connectionClosed("closed during the TLS handshake"))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        complete(IMAPError.connectionClosed("closed during the TLS handshake"))
    }

    private func complete(_ error: Error?) {
        guard !completed else { return }
        completed = true
        if let error { promise.fail(error) } else { promise.succeed(()) }
    }
}
