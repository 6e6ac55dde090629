import NIOCore
import NIOSSL
import NIOTLS

/// The innermost channel handler: splits the byte stream into lines, assembles replies and hands
/// them to whoever waits, in order. Replies that arrive before anyone waits (the greeting,
/// pipelined replies) are queued. Lives on the channel's event loop only.
final class SMTPClientHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private var reader = SMTPReplyReader()
    private var queuedReplies: CircularBuffer<SMTPReply> = []
    private var waiters: CircularBuffer<(id: Int, promise: EventLoopPromise<SMTPReply>)> = []
    private var nextWaiterID = 0
    private var terminalFailure: SMTPTransportFailure?
    private var handshakePromise: EventLoopPromise<Void>?
    private var context: ChannelHandlerContext?

    /// True when nothing unread is buffered: checked right after the 220 to STARTTLS, so a
    /// server (or attacker) cannot inject plaintext that would be read as if it came over TLS.
    var isInputDrained: Bool { reader.isDrained && queuedReplies.isEmpty }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// The next reply, or a failure after `timeout`. A timeout closes the channel, because the
    /// reply stream is no longer in step with the commands.
    func nextReply(timeout: TimeAmount, on eventLoop: EventLoop) -> EventLoopFuture<SMTPReply> {
        if let reply = queuedReplies.popFirst() {
            return eventLoop.makeSucceededFuture(reply)
        }
        if let terminalFailure {
            return eventLoop.makeFailedFuture(terminalFailure)
        }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        let id = nextWaiterID
        nextWaiterID += 1
        waiters.append((id, promise))
        let timer = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            self?.expireWaiter(id: id)
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        return promise.futureResult
    }

    /// Resolves when the TLS handshake of a newly added `NIOSSLClientHandler` completes.
    func tlsHandshakeCompleted(timeout: TimeAmount, on eventLoop: EventLoop) -> EventLoopFuture<Void> {
        if let terminalFailure {
            return eventLoop.makeFailedFuture(terminalFailure)
        }
        let promise = eventLoop.makePromise(of: Void.self)
        handshakePromise = promise
        let timer = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            self?.fail(.timeout)
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard terminalFailure == nil else { return }
        var incoming = unwrapInboundIn(data)
        do {
            try reader.consume(&incoming) { deliver($0) }
        } catch {
            fail(error)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted = tlsEvent {
            handshakePromise?.succeed()
            handshakePromise = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(SMTPTransportFailure(pipelineError: error))
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.closed)
        context.fireChannelInactive()
    }

    private func deliver(_ reply: SMTPReply) {
        if let waiter = waiters.popFirst() {
            waiter.promise.succeed(reply)
        } else {
            queuedReplies.append(reply)
        }
    }

    private func expireWaiter(id: Int) {
        guard waiters.contains(where: { $0.id == id }) else { return }
        fail(.timeout)
    }

    /// Fails everything that waits, remembers the failure for later calls and closes the channel.
    private func fail(_ failure: SMTPTransportFailure) {
        if terminalFailure == nil { terminalFailure = failure }
        let failure = terminalFailure ?? failure
        while let waiter = waiters.popFirst() {
            waiter.promise.fail(failure)
        }
        handshakePromise?.fail(failure)
        handshakePromise = nil
        context?.close(promise: nil)
    }
}
