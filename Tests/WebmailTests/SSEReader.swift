import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#endif

/// A minimal blocking HTTP/1.1 client for `text/event-stream` (tests only): connects, sends a
/// GET with the bearer token, and yields each event name as it arrives, on a thread of its own.
/// With `closeWhenDone` it asks for `Connection: close`, so the server's end of the stream shows
/// as the pseudo-event "closed".
final class SSEReader: @unchecked Sendable {
    private let fd: Int32
    private let received = NIOLockedValueBox<[String]>([])
    /// The server ended the stream.
    private let end = Signal()

    init(port: Int, path: String, token: String, closeWhenDone: Bool = false) throws {
        let fd = try connectToLoopback(port: port)
        self.fd = fd
        let connection = closeWhenDone ? "Connection: close\r\n" : ""
        let request = "GET \(path) HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\(connection)Authorization: Bearer \(token)\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        let received = self.received
        let end = self.end
        Thread.detachNewThread {
            var pending = ""
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count <= 0 { break }
                pending += String(decoding: buffer[0..<count], as: UTF8.self)
                while let range = pending.range(of: "\n") {
                    let line = String(pending[..<range.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
                    pending.removeSubrange(..<range.upperBound)
                    if line.hasPrefix("event: ") { received.withLockedValue { $0.append(String(line.dropFirst("event: ".count))) } }
                    if line.hasPrefix("HTTP/1.1 ") { received.withLockedValue { $0.append("status " + line.dropFirst("HTTP/1.1 ".count).prefix(3)) } }
                    if line == ": heartbeat" { received.withLockedValue { $0.append("heartbeat") } }
                }
            }
            received.withLockedValue { $0.append("closed") }
            end.fire()
        }
    }

    /// Waits for the server to end the stream (the connection's EOF), at most `timeout`; true
    /// when it ended.
    func waitForEnd(within timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.end.wait()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            // The deadline child ends at once when cancelled; the waiting one only at the end,
            // so a timed-out wait closes the socket to release it.
            if !first { close() }
            group.cancelAll()
            return first
        }
    }

    /// Waits (bounded) until an event called `name` has arrived; true when it did.
    func waitFor(_ name: String, within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if received.withLockedValue({ $0.contains(name) }) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    var names: [String] { received.withLockedValue { $0 } }

    /// Ends the connection (the server notices at its next write).
    func close() {
        shutdown(fd, Int32(SHUT_RDWR))
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
    }
}

/// Downloads `path` over a raw socket and checks the bytes as they come (tests only), so the
/// test itself holds no copy and the process's memory shows what the server keeps.
enum DiscardingDownload {
    struct Result {
        /// The HTTP status line's start, e.g. "HTTP/1.1 200".
        var status: String
        /// Payload bytes after removing the chunked framing: exactly what the client gets.
        var payloadBytes: Int
        /// The offset of the first byte that differs from `expected`, if any.
        var firstMismatch: Int?
        /// True when a chunked body ended with its zero-size chunk (not cut short).
        var complete: Bool
    }

    /// The payload must repeat `pattern`: byte `offset` equals `pattern[offset % pattern.count]`.
    static func run(port: Int, path: String, token: String, pattern: [UInt8]) throws -> Result {
        precondition(!pattern.isEmpty)
        let fd = try connectToLoopback(port: port)
        defer { close(fd) }
        let request = "GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer \(token)\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var head = [UInt8]()
        var chunked: ChunkedBodyDecoder?
        var headerDone = false
        var result = Result(status: "", payloadBytes: 0, firstMismatch: nil, complete: false)
        // Compared a segment at a time with memcmp: fast even in debug builds.
        func check(_ payload: ArraySlice<UInt8>) {
            var index = payload.startIndex
            while index < payload.endIndex {
                let phase = result.payloadBytes % pattern.count
                let length = min(pattern.count - phase, payload.endIndex - index)
                let same = payload[index..<(index + length)].withUnsafeBytes { got in
                    pattern[phase..<(phase + length)].withUnsafeBytes { want in
                        memcmp(got.baseAddress!, want.baseAddress!, length) == 0
                    }
                }
                if !same, result.firstMismatch == nil {
                    let offset = zip(payload[index..<(index + length)], pattern[phase..<(phase + length)]).prefix { $0 == $1 }.count
                    result.firstMismatch = result.payloadBytes + offset
                }
                result.payloadBytes += length
                index += length
            }
        }
        func consume(_ bytes: ArraySlice<UInt8>) throws {
            if chunked != nil { try chunked?.feed(bytes, payload: check) } else { check(bytes) }
        }
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            if headerDone { try consume(buffer[0..<count]); continue }
            head += buffer[0..<count]
            if let end = head.firstRange(of: Array("\r\n\r\n".utf8)) {
                headerDone = true
                let header = String(decoding: head[..<end.upperBound], as: UTF8.self).lowercased()
                if header.contains("transfer-encoding: chunked") { chunked = ChunkedBodyDecoder() }
                try consume(head[end.upperBound...])
                head = Array(head[..<end.upperBound])
            }
        }
        result.status = String(decoding: head.prefix(12), as: UTF8.self)
        result.complete = chunked?.isDone ?? true
        return result
    }
}

/// The resident memory of this process, in bytes.
func residentMemory() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}


/// How much this process's resident memory grows at its peak (sampled every 20 ms) while a
/// blocking download runs on a thread of its own: the streaming tests' memory bound.
enum PeakMemory {
    static func growth<T: Sendable>(during work: @escaping @Sendable () throws -> T) async throws -> (T, Int) {
        let baseline = residentMemory()
        let peak = NIOLockedValueBox(baseline)
        let sampler = Task {
            while !Task.isCancelled {
                let now = residentMemory()
                peak.withLockedValue { $0 = max($0, now) }
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        defer { sampler.cancel() }
        // On a thread of its own: a blocking download on the cooperative pool (two cores, two
        // threads) would starve the in-process server when two such tests run at once.
        let result: T = try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
        return (result, peak.withLockedValue { $0 } - baseline)
    }
}
