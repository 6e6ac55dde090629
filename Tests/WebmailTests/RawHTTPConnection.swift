import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A raw TCP client for the HTTP deadline tests (tests only): sends exactly the bytes it is
/// given, when it is told to, and reports when the server closed the connection. Each
/// blocking call runs on a thread of its own, never on Swift concurrency's small pool.
final class RawHTTPConnection: @unchecked Sendable {
    private let fd: Int32

    init(port: Int) throws {
        fd = try connectToLoopback(port: port)
    }

    deinit { Glibc.close(fd) }

    func send(_ text: String) {
        _ = text.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until the bytes so far contain `marker`; false when the connection ended first.
    func read(until marker: String, within timeout: Duration) async -> String? {
        await onThread { [self] in
            setReceiveTimeout(timeout)
            var seen = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count <= 0 { return nil }
                seen += buffer[0..<count]
                let text = String(decoding: seen, as: UTF8.self)
                if text.contains(marker) { return text }
            }
        }
    }

    /// Waits (at most `timeout`) for the server to close the connection, discarding what it
    /// sends; returns how long that took, or nil when it stayed open.
    func waitForClose(within timeout: Duration) async -> Duration? {
        let start = ContinuousClock.now
        return await onThread { [self] in
            setReceiveTimeout(timeout)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { return ContinuousClock.now - start }
                if count < 0 { return nil }
            }
        }
    }

    private func setReceiveTimeout(_ timeout: Duration) {
        let (seconds, attoseconds) = timeout.components
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    private func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body()) }
        }
    }
}

/// A blocking TCP socket connected to 127.0.0.1:`port` (tests' raw clients).
func connectToLoopback(port: Int) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { Glibc.close(fd); throw POSIXError(.ECONNREFUSED) }
    return fd
}
