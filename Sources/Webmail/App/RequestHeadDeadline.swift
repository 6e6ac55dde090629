import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request head (request line and headers) is not complete within
/// `ZM_HTTP_HEADER_TIMEOUT` of connecting, or of the first byte of a later request on a
/// keep-alive connection. A client that trickles its headers a byte at a time would otherwise
/// hold a connection (and a file descriptor) for as long as it likes: HTTP's decoder produces
/// nothing until the head is complete, so nothing else notices.
///
/// Once the head arrived the deadline is off: a slow upload or a long event stream is bounded by
/// the idle timeout (Hummingbird's, between body parts) and by its own logic, not by this.
///
/// It sits after the HTTP decoder (it needs to know when a head is complete) and learns of
/// raw bytes from ``RequestBytesObserver``, which it puts at the front of the pipeline.
final class RequestHeadDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private var headsRead = 0
    private var responsesEnded = 0
    private var deadline: Scheduled<Void>?
    private var observer: RequestBytesObserver?

    init(timeout: TimeAmount) { self.timeout = timeout }

    /// Waiting for the head of the next request: every request read has been answered.
    private var awaitingHead: Bool { headsRead == responsesEnded }

    func handlerAdded(context: ChannelHandlerContext) {
        let observer = RequestBytesObserver()
        self.observer = observer
        try? context.pipeline.syncOperations.addHandler(observer, position: .first)
        // Connecting is the start of the first request.
        if context.channel.isActive { arm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
        if let observer { context.pipeline.syncOperations.removeHandler(observer, promise: nil) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            headsRead += 1
            disarm()
        }
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is RequestBytesObserver.BytesArrived {
            if awaitingHead { arm(context) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { responsesEnded += 1 }
        context.write(data, promise: promise)
    }

    /// Starts the clock unless it runs already (later bytes of the same head don't extend it).
    private func arm(_ context: ChannelHandlerContext) {
        guard deadline == nil else { return }
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            deadline = nil
            if awaitingHead { context.close(promise: nil) }
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}

/// Tells ``RequestHeadDeadline`` that bytes arrived, before HTTP decoding swallows them.
final class RequestBytesObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    struct BytesArrived {}

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
        context.fireUserInboundEventTriggered(BytesArrived())
    }
}
