import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import Prometheus

/// The application's Prometheus metrics, in a registry of its own (no global bootstrap, so
/// tests can build as many applications as they like): requests by method and status class,
/// a latency histogram, IMAP round trips per mail request, and gauges sampled when scraped
/// (IMAP pool sizes, IDLE feeds).
final class WebmailMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let latency: DurationHistogram
    private let imapRoundTrips: ValueHistogram
    /// `zm_http_requests_total` by method and status class, made once each: the registry's own
    /// lookup builds the name and hashes the labels on every request.
    private let requestCounters = NIOLockedValueBox<[RequestKey: Counter]>([:])
    /// Read at scrape time: name → current value.
    private let samplers = NIOLockedValueBox<[(gauge: Gauge, read: @Sendable () async -> Double)]>([])

    init() {
        latency = registry.makeDurationHistogram(
            descriptor: Self.descriptor("zm_http_request_duration", unit: "seconds",
                                        help: "Time to answer an HTTP request (streamed bodies: until the handler returned)"),
            buckets: [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)])
        imapRoundTrips = registry.makeValueHistogram(
            descriptor: Self.descriptor("zm_imap_round_trips_per_request",
                                        help: "IMAP commands sent while answering one /mail request (logins of new pool connections included)"),
            buckets: [0, 1, 2, 3, 4, 5, 8, 13, 21, 50])
    }

    /// A metric name for swift-prometheus: `name_unit` (no unit: just `name`) with its help line.
    static func descriptor(_ name: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: unit, helpText: help)
    }

    func recordIMAPRoundTrips(_ count: Int) {
        imapRoundTrips.record(Double(count))
    }

    private struct RequestKey: Hashable {
        let method: String
        let statusClass: Int
    }

    func recordRequest(method: String, status: Int, duration: Duration) {
        let key = RequestKey(method: method, statusClass: status / 100)
        let counter = requestCounters.withLockedValue { counters in
            if let counter = counters[key] { return counter }
            let counter = registry.makeCounter(
                descriptor: Self.descriptor("zm_http_requests", unit: "total", help: "HTTP requests answered"),
                labels: [("method", method), ("status", "\(key.statusClass)xx")])
            counters[key] = counter
            return counter
        }
        counter.increment()
        latency.record(duration)
    }

    /// A gauge whose value is read from `read` at every scrape.
    func sample(name: String, help: String, _ read: @escaping @Sendable () async -> Double) {
        let gauge = registry.makeGauge(descriptor: Self.descriptor(name, help: help))
        samplers.withLockedValue { $0.append((gauge, read)) }
    }

    /// The Prometheus text exposition format.
    func scrape() async -> String {
        for (gauge, read) in samplers.withLockedValue({ $0 }) { gauge.set(to: await read()) }
        return registry.emitToString()
    }
}

/// Counts and times every request for `WebmailMetrics`.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: WebmailMetrics
    /// Counts the mail server commands of a /mail request.
    let commands: any MailCommandCounting

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.isMailRoute(request.uri.path) else { return try await timed(request, context: context, next: next) }
        return try await commands.counting({ try await timed(request, context: context, next: next) },
                                           report: metrics.recordIMAPRoundTrips)
    }

    static func isMailRoute(_ path: String) -> Bool {
        path.hasPrefix("/mail/") || path.hasPrefix("/api/mail/")
    }

    private func timed(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            metrics.recordRequest(method: request.method.rawValue, status: response.status.code, duration: ContinuousClock.now - start)
            return response
        } catch {
            let status = (error as? APIError)?.status.code ?? (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.recordRequest(method: request.method.rawValue, status: status, duration: ContinuousClock.now - start)
            throw error
        }
    }
}

/// `GET /metrics` on its own listener (ZM_METRICS_HOST:ZM_METRICS_PORT, loopback by default),
/// so the main port exposes nothing about the server's internals.
enum MetricsListener {
    static func router(_ metrics: WebmailMetrics) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("metrics") { _, _ -> Response in
            let text = await metrics.scrape()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return router
    }

    static func application(_ metrics: WebmailMetrics, configuration: WebmailConfiguration) -> some ApplicationProtocol {
        Application(router: router(metrics),
                    configuration: .init(address: .hostname(configuration.metricsHost, port: configuration.metricsPort), serverName: "zioinfo-mail-metrics"))
    }
}
