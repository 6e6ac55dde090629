import NIOCore

/// What the connection reads from its channel: decoded response events, plus wake-ups the
/// connection schedules for itself (deadlines, IDLE interruption) so a pending read can end
/// without being cancelled.
enum InboundEvent: Sendable {
    /// All events decoded from one socket read: one hop to the connection per read, not per event.
    case responses([ResponseEvent])
    /// A read deadline with the id of the read that armed it.
    case deadline(UInt64)
    /// Asks an IDLE in progress to end.
    case interrupt
}

/// Decodes bytes into ``InboundEvent``s on the event loop and queues them for the connection
/// (``InboundQueue``, which the connection's own wake-ups also go into); holds the socket's
/// reads while the queue is full.
final class ResponseDecoderHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let queue = InboundQueue()
    private var decoder: ResponseDecoder
    private var context: ChannelHandlerContext?
    private var failed = false
    /// A `read` held back because the queue was full.
    private var readPending = false

    init(limits: ResponseLimits) { self.decoder = ResponseDecoder(limits: limits) }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let buffer = unwrapInboundIn(data)
        do {
            let events = try decoder.decode(Array(buffer.readableBytesView))
            if !events.isEmpty { queue.push(.responses(events)) }
        } catch {
            fail(context: context, IMAPError.protocolViolation(String(describing: error)))
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context: context, error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !failed && !decoder.isAtResponseBoundary {
            fail(context: context, IMAPError.connectionClosed("the server closed the connection in the middle of a response"))
        }
        queue.finish(nil)
        context.fireChannelInactive()
    }

    private func fail(context: ChannelHandlerContext, _ error: any Error) {
        guard !failed else { return }
        failed = true
        queue.finish(error)
        context.fireErrorCaught(error)
    }

    /// No partial response buffered and no decoded one waiting for the connection: what must
    /// hold when the connection switches to TLS. Must be called on the event loop.
    var isDrained: Bool { decoder.isAtResponseBoundary && !queue.hasResponses }

    /// Back-pressure: the socket is read only while the queue has room.
    func read(context: ChannelHandlerContext) {
        if queue.holdReadIfFull() {
            readPending = true
        } else {
            context.read()
        }
    }

    /// The reader emptied the queue enough. Must be called on the event loop.
    func resumeReading() {
        guard readPending, let context else { return }
        readPending = false
        context.read()
    }
}
