import NIOCore
import NIOHTTP1

/// Gathers one HTTP response (head, body parts, end) and completes the promise with it; fails
/// the promise when the connection errors or closes first, or the body outgrows the limit.
final class VerifyHTTPResponseCollector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<VerifyHTTPResponse>
    private let maxBodyBytes: Int
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []
    private var completed = false

    init(promise: EventLoopPromise<VerifyHTTPResponse>, maxBodyBytes: Int) {
        self.promise = promise
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !completed else { return }
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            head = responseHead
        case .body(var buffer):
            guard body.count + buffer.readableBytes <= maxBodyBytes else {
                fail(VerifyHTTPError.bodyTooLarge(limit: maxBodyBytes), context: context)
                return
            }
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else {
                fail(VerifyHTTPError.closedBeforeResponse, context: context)
                return
            }
            var headers: [String: String] = [:]
            for (name, value) in head.headers {
                let key = name.lowercased()
                headers[key] = headers[key].map { $0 + ", " + value } ?? value
            }
            completed = true
            promise.succeed(VerifyHTTPResponse(status: Int(head.status.code), headers: headers, body: body))
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !completed {
            completed = true
            promise.fail(VerifyHTTPError.closedBeforeResponse)
        }
        context.fireChannelInactive()
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        guard !completed else { return }
        completed = true
        promise.fail(error)
        context.close(promise: nil)
    }
}
