import NIOCore

/// What the connection reads from its channel: decoded response events, plus wake-ups the
/// connection schedules for itself (deadlines, IDLE interruption) so a pending read can end
/// without cancelling — and thereby destroying — the channel's inbound stream.
enum InboundEvent: Sendable {
    /// All events decoded from one socket read: one hop to the connection per read, not per event.
    case responses([ResponseEvent])
    /// A read deadline with the id of the read that armed it.
    case deadline(UInt64)
    /// Asks an IDLE in progress to end.
    case interrupt
}

/// Decodes bytes into ``InboundEvent``s on the event loop, and injects wake-ups.
final class ResponseDecoderHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = InboundEvent

    private var decoder: ResponseDecoder
    private var context: ChannelHandlerContext?
    private var failed = false

    init(limits: ResponseLimits) { self.decoder = ResponseDecoder(limits: limits) }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let buffer = unwrapInboundIn(data)
        do {
            let events = try decoder.decode(Array(buffer.readableBytesView))
            if !events.isEmpty { context.fireChannelRead(wrapInboundOut(.responses(events))) }
        } catch {
            failed = true
            context.fireErrorCaught(IMAPError.protocolViolation(String(describing: error)))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !failed && !decoder.isAtResponseBoundary {
            failed = true
            context.fireErrorCaught(IMAPError.connectionClosed("the server closed the connection in the middle of a response"))
        }
        context.fireChannelInactive()
    }

    /// Must be called on the event loop.
    func inject(_ event: InboundEvent) {
        guard let context else { return }
        context.fireChannelRead(wrapInboundOut(event))
        // NIOAsyncChannel hands reads to its consumer on read-complete.
        context.fireChannelReadComplete()
    }
}
