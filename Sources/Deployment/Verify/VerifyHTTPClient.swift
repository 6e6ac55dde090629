import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP request as `zioinfo-mail verify` sends it.
public struct VerifyHTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String = "GET", url: URL, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A complete response: status, headers (names lower-cased) and the body bytes.
public struct VerifyHTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Why a request of the verifier got no response.
public enum VerifyHTTPError: Error, Equatable, CustomStringConvertible {
    case invalidURL(String)
    case timedOut(seconds: Int64)
    case closedBeforeResponse
    case bodyTooLarge(limit: Int)

    public var description: String {
        switch self {
        case .invalidURL(let url): return "not an http(s) URL with a host: \(url)"
        case .timedOut(let seconds): return "no complete response within \(seconds) s"
        case .closedBeforeResponse: return "the server closed the connection before a complete response"
        case .bodyTooLarge(let limit): return "response body larger than \(limit) bytes"
        }
    }
}

/// A small HTTP/1.1 client on SwiftNIO for the deployment checks: one request per connection
/// (`Connection: close`), the whole response in memory, HTTPS with full certificate and host
/// name verification against the system roots or a given CA file. It exists so that `verify`
/// needs nothing but the static binary on the server (no curl, no Python, no extra package).
/// There is deliberately no way to turn certificate verification off.
public struct VerifyHTTPClient: Sendable {
    /// A PEM file of CA certificates trusted for HTTPS instead of the system roots.
    public var caFile: String?
    /// The limit for connecting, sending and receiving the whole response.
    public var timeout: TimeAmount
    public var maxBodyBytes: Int

    public init(caFile: String? = nil, timeout: TimeAmount = .seconds(15), maxBodyBytes: Int = 8 << 20) {
        self.caFile = caFile
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
    }

    public func send(_ request: VerifyHTTPRequest) async throws -> VerifyHTTPResponse {
        guard let scheme = request.url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = request.url.host, !host.isEmpty else {
            throw VerifyHTTPError.invalidURL(request.url.absoluteString)
        }
        let useTLS = scheme == "https"
        let port = request.url.port ?? (useTLS ? 443 : 80)
        let tlsContext = useTLS ? try makeTLSContext() : nil
        // SNI and name checks take a DNS name; for an IP address NIOSSL matches the certificate's
        // IP SANs against the connected address instead.
        let serverHostname = Self.isIPAddress(host) ? nil : host

        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let promise = eventLoop.makePromise(of: VerifyHTTPResponse.self)
        let maxBodyBytes = self.maxBodyBytes
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tlsContext {
                        try pipeline.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname))
                    }
                    try pipeline.addHTTPClientHandlers()
                    try pipeline.addHandler(VerifyHTTPResponseCollector(promise: promise, maxBodyBytes: maxBodyBytes))
                }
            }

        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            promise.fail(error)
            throw error
        }
        let seconds = timeout.nanoseconds / 1_000_000_000
        let deadline = eventLoop.scheduleTask(in: timeout) {
            promise.fail(VerifyHTTPError.timedOut(seconds: seconds))
            channel.close(promise: nil)
        }
        defer {
            deadline.cancel()
            channel.close(promise: nil)
        }

        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method),
                                   uri: Self.target(of: request.url))
        head.headers.add(name: "Host", value: request.url.port.map { "\(host):\($0)" } ?? host)
        head.headers.add(name: "User-Agent", value: "zioinfo-mail-verify")
        head.headers.add(name: "Connection", value: "close")
        if !request.body.isEmpty || request.method == "POST" {
            head.headers.add(name: "Content-Length", value: String(request.body.count))
        }
        for header in request.headers { head.headers.add(name: header.name, value: header.value) }

        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if !request.body.isEmpty {
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: request.body))), promise: nil)
        }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        return try await promise.futureResult.get()
    }

    private func makeTLSContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caFile {
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// The request target: the path (at least "/") and the query, as they appear in the URL.
    static func target(of url: URL) -> String {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        var target = components?.percentEncodedPath ?? ""
        if target.isEmpty { target = "/" }
        if let query = components?.percentEncodedQuery { target += "?" + query }
        return target
    }

    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}
