import NIOCore
import NIOSSL

/// Decodes responses on the event loop and hands each to the next waiting command, in order.
/// A response that arrives before anyone waits (the greeting) is kept until asked for. Any
/// failure (bad bytes, TLS, close, a deadline) fails every waiter and the ones after it.
final class ManageSieveResponseHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var decoder: ManageSieveResponseDecoder
    private var waiting = CircularBuffer<EventLoopPromise<ManageSieveResponse>>()
    private var arrived = CircularBuffer<ManageSieveResponse>()
    private var failure: ManageSieveError?

    init(limits: ManageSieveResponseLimits) {
        decoder = ManageSieveResponseDecoder(limits: limits)
    }

    func expect(_ promise: EventLoopPromise<ManageSieveResponse>) {
        if let response = arrived.popFirst() {
            promise.succeed(response)
        } else if let failure {
            promise.fail(failure)
        } else {
            waiting.append(promise)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        decoder.append(buffer.readableBytesView)
        do {
            while let response = try decoder.next() {
                if let promise = waiting.popFirst() {
                    promise.succeed(response)
                } else {
                    arrived.append(response)
                }
            }
        } catch {
            fail(.protocolViolation(String(describing: error)))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            fail(.tlsFailed(String(describing: error)))
        } else {
            fail(.connectionClosed)
        }
        context.close(promise: nil)
    }

    /// Fails every waiter; later `expect` calls fail at once.
    func fail(_ error: ManageSieveError) {
        if failure == nil { failure = error }
        while let promise = waiting.popFirst() {
            promise.fail(failure ?? error)
        }
    }
}
