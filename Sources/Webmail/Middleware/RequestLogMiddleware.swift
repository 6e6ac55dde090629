import Hummingbird
import Logging
import NIOPosix

/// One log line per request: method, path (never the query, which may hold search terms) and
/// status. Bodies and headers are never logged, so neither are passwords or tokens.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context: context, status: response.status.code, start: start)
            return response
        } catch {
            let status = (error as? APIError)?.status.code ?? (error as? HTTPError)?.status.code ?? 500
            log(request, context: context, status: status, start: start)
            throw error
        }
    }

    /// The line is written after the answer: on an event loop (where requests run, see
    /// EventLoopTaskExecutor) it is queued behind the current job, which goes on to write the
    /// response, so the log's `write(2)` is not on the request's path.
    private func log(_ request: Request, context: Context, status: Int, start: ContinuousClock.Instant) {
        let logger = context.logger
        guard logger.logLevel <= .info else { return }
        let elapsed = ContinuousClock.now - start
        let ms = Int(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        let line: Logger.Message = "\(request.method) \(request.uri.path) \(status)"
        if let loop = MultiThreadedEventLoopGroup.currentEventLoop {
            loop.execute { logger.info(line, metadata: ["ms": "\(ms)"]) }
        } else {
            logger.info(line, metadata: ["ms": "\(ms)"])
        }
    }
}
