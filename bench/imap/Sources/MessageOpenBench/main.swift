import Foundation
import IMAP

// Usage: eval "$(scripts/mailstack env)"; bench/imap/run-open.sh [rounds]
// Opening a message as the webmail's GET /mail/messages/{uid} does (issue 24), against Dovecot:
// before, a summary UID FETCH and then a BODY.PEEK[] UID FETCH (two round trips, the second
// waiting for the first); after, one UID FETCH with both (fetchMessageToRead). Prints IMAP
// round trips per open (IMAPCommandCounter) and the median and 90th percentile time of one open.

let environment = ProcessInfo.processInfo.environment
guard let portText = environment["MAILSTACK_IMAPS_PORT"], let port = Int(portText) else {
    print("MAILSTACK_* not set: eval \"$(scripts/mailstack env)\" first")
    exit(2)
}
let host = environment["MAILSTACK_HOST"] ?? "127.0.0.1"
let domain = environment["MAILSTACK_DOMAIN"] ?? "zioinfo.co.kr"
let username = "imapbench@\(domain)"
let password = "Bench!2026"
let rounds = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 300
let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

let adduser = Process()
adduser.executableURL = repository.appendingPathComponent("scripts/mailstack")
adduser.arguments = ["adduser", username, password]
adduser.standardOutput = FileHandle.nullDevice
try adduser.run()
adduser.waitUntilExit()

let configuration = IMAPConfiguration(
    host: host, port: port, security: .implicitTLS, caFilePath: environment["MAILSTACK_CA_FILE"], commandTimeout: .seconds(60))
let connection = try await IMAPConnection.connect(configuration: configuration)
try await connection.login(IMAPCredentials(username: username, password: password))

// A typical unread mail: a multipart/alternative of about 30 KB.
let boundary = "open-bench"
let paragraph = String(repeating: "회의 자료를 첨부합니다. The agenda follows. ", count: 6) + "\r\n"
let message = "From: Bench <bench@example.com>\r\nTo: \(username)\r\nSubject: open bench\r\n"
    + "Date: Mon, 07 Dec 2026 09:00:00 +0900\r\nMessage-ID: <open-bench@example.com>\r\nMIME-Version: 1.0\r\n"
    + "Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n\r\n"
    + "--\(boundary)\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + String(repeating: paragraph, count: 40)
    + "--\(boundary)\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<p>" + String(repeating: paragraph, count: 40) + "</p>\r\n"
    + "--\(boundary)--\r\n"
let appended = try await connection.append(Array(message.utf8), to: .inbox)
guard let uid = appended.uid else { print("Dovecot did not report APPENDUID"); exit(1) }
let limit = 2 * 1024 * 1024

/// The open as the webmail did it before issue 24 and does it now; each returns the raw bytes.
let before: @Sendable () async throws -> Int = {
    _ = try await connection.fetchSummaries(in: .inbox, uids: SequenceSet(numbers: [uid])).first
    return try await connection.fetchRawMessage(in: .inbox, uid: uid)?.count ?? 0
}
let after: @Sendable () async throws -> Int = {
    try await connection.fetchMessageToRead(in: .inbox, uid: uid, wholeUpTo: limit)?.raw?.count ?? 0
}

let clock = ContinuousClock()
func micros(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}

func measure(_ open: @Sendable () async throws -> Int) async throws -> (roundTrips: Int, median: Double, p90: Double, bytes: Int) {
    let counter = IMAPCommandCounter()
    let bytes = try await IMAPCommandCounter.$current.withValue(counter) { try await open() }
    var times: [Double] = []
    for _ in 0..<rounds {
        let start = clock.now
        _ = try await open()
        times.append(micros(clock.now - start))
    }
    times.sort()
    return (counter.count, times[times.count / 2], times[times.count * 9 / 10], bytes)
}

_ = try await before()  // the mailbox selected and Dovecot's cache warm for both
// Alternating halves so that a busy host affects both alike.
var results: [String: (roundTrips: Int, median: Double, p90: Double, bytes: Int)] = [:]
for name in ["before", "after", "before", "after"] {
    let result = try await measure(name == "before" ? before : after)
    if let earlier = results[name], earlier.median <= result.median { continue }
    results[name] = result
}
_ = try await connection.expungeMessages(in: .inbox, uids: SequenceSet(numbers: [uid]))
await connection.logout()

print("Opening a \(message.utf8.count)-byte message, \(rounds) opens per run, best of two runs (Dovecot on \(host):\(port), TLS):")
for name in ["before", "after"] {
    let result = results[name]!
    let label = name == "before" ? "before (summary FETCH, then BODY.PEEK[] FETCH)" : "after  (one UID FETCH with BODY.PEEK[])       "
    print(String(format: "  %@: %d IMAP round trips per open, median %.0f µs, p90 %.0f µs (%d bytes)",
                 label, result.roundTrips, result.median, result.p90, result.bytes))
}
