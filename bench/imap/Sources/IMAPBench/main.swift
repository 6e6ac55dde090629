import Foundation
import IMAP

// Usage: eval "$(scripts/mailstack env)"; bench/imap/run.sh
// Fills a dedicated account (imapbench@) once with 300 messages and one 10 MB attachment,
// warms Dovecot's caches, then times the Swift client and Python's imaplib on the same data.

let environment = ProcessInfo.processInfo.environment
guard let portText = environment["MAILSTACK_IMAPS_PORT"], let port = Int(portText) else {
    print("MAILSTACK_* not set: eval \"$(scripts/mailstack env)\" first")
    exit(2)
}
let host = environment["MAILSTACK_HOST"] ?? "127.0.0.1"
let caFile = environment["MAILSTACK_CA_FILE"]
let domain = environment["MAILSTACK_DOMAIN"] ?? "zioinfo.co.kr"
let username = "imapbench@\(domain)"
let password = "Bench!2026"
let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    let inputPipe = Pipe()
    if input != nil { process.standardInput = inputPipe }
    try process.run()
    if let input {
        inputPipe.fileHandleForWriting.write(Data(input.utf8))
        try inputPipe.fileHandleForWriting.close()
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

_ = try run(repository.appendingPathComponent("scripts/mailstack").path, ["adduser", username, password])
let configuration = IMAPConfiguration(host: host, port: port, security: .implicitTLS, caFilePath: caFile, commandTimeout: .seconds(120))
let credentials = IMAPCredentials(username: username, password: password)
let connection = try await IMAPConnection.connect(configuration: configuration)
try await connection.login(credentials)

// Fill once.
let target = 300
var state = try await connection.select(.inbox)
if state.exists < target + 1 {
    for index in Int(state.exists)..<target {
        let subject = index % 2 == 0 ? "=?UTF-8?B?\(Data("주간 회의 #\(index)".utf8).base64EncodedString())?=" : "Quarterly review #\(index)"
        let message = "From: Sender \(index) <s\(index)@example.com>\r\nTo: \(username)\r\nSubject: \(subject)\r\n"
            + "Date: Wed, 25 Nov 2026 10:00:00 +0900\r\nMessage-ID: <bench-\(index)@example.com>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + String(repeating: "본문 line \(index)\r\n", count: 40)
        try await connection.append(Array(message.utf8), to: .inbox, flags: index % 10 == 0 ? [] : [.seen])
    }
    var payload = [UInt8](repeating: 0, count: 10 * 1024 * 1024)
    for index in payload.indices { payload[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 9) }
    let encoded = Data(payload).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
    let big = "From: big@example.com\r\nSubject: big attachment\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n"
        + "--B\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n--B\r\nContent-Type: application/octet-stream\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\n" + encoded + "\r\n--B--\r\n"
    try await connection.append(Array(big.utf8), to: .inbox)
    state = try await connection.select(.inbox)
}
let bigUID = try await connection.search(in: .inbox, .subject("big attachment")).last ?? 0

let clock = ContinuousClock()
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

// Warm Dovecot's cache (first ENVELOPE/BODYSTRUCTURE fetch is slow), then time.
_ = try await connection.fetchPage(in: .inbox, page: 2, pageSize: 50)
let pageRounds = Int(environment["BENCH_PAGE_ROUNDS"] ?? "40") ?? 40
var start = clock.now
for _ in 0..<pageRounds { _ = try await connection.fetchPage(in: .inbox, page: 2, pageSize: 50) }
let swiftSummaries = Double(pageRounds * 50) / seconds(clock.now - start)

let streamRounds = 5
var streamedBytes = 0
start = clock.now
for _ in 0..<streamRounds {
    guard let stream = try await connection.streamPart(in: .inbox, uid: bigUID, section: SectionSpecifier(part: [2])) else { break }
    for try await chunk in stream { streamedBytes += chunk.count }
}
let swiftMBs = Double(streamedBytes) / 1_048_576 / seconds(clock.now - start)
let exists = await connection.selectedMailbox?.exists ?? 0
await connection.logout()

// The same work with Python's imaplib: FETCH of the same 50 messages (by sequence numbers,
// second page from the end) and BODY.PEEK[2] of the same part.
let python = """
    import imaplib, ssl, sys, time
    host, port, ca, user, pw, exists, big_uid, rounds, stream_rounds = sys.argv[1:10]
    exists, rounds, stream_rounds = int(exists), int(rounds), int(stream_rounds)
    ctx = ssl.create_default_context(cafile=ca)
    m = imaplib.IMAP4_SSL(host, int(port), ssl_context=ctx)
    m.login(user, pw)
    m.select("INBOX", readonly=True)
    upper = exists - 50; lower = max(1, upper - 49)
    items = "(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)"
    m.fetch("%d:%d" % (lower, upper), items)
    t = time.perf_counter()
    for _ in range(rounds):
        typ, data = m.fetch("%d:%d" % (lower, upper), items)
    summaries = rounds * 50 / (time.perf_counter() - t)
    t = time.perf_counter(); total = 0
    for _ in range(stream_rounds):
        typ, data = m.uid("FETCH", big_uid, "(BODY.PEEK[2])")
        total += len(data[0][1])
    mbs = total / 1048576 / (time.perf_counter() - t)
    print("%.0f %.1f" % (summaries, mbs))
    m.logout()
    """
let pythonOutput = try run(
    "/usr/bin/python3",
    ["-c", python, host, String(port), caFile ?? "", username, password, String(exists), String(bigUID), String(pageRounds), String(streamRounds)])
let pythonNumbers = pythonOutput.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }

// Parsing alone, without the network: the raw bytes of the same 50-message FETCH answer
// (captured through Python's ssl socket) decoded again and again into summaries.
let capture = """
    import socket, ssl, sys
    host, port, ca, user, pw, exists = sys.argv[1:7]
    upper = int(exists) - 50; lower = max(1, upper - 49)
    s = ssl.create_default_context(cafile=ca).wrap_socket(socket.create_connection((host, int(port))), server_hostname=host)
    def until(tag):
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk: return data
            data += chunk
            if data.endswith(b"\\r\\n") and data[:-2].rsplit(b"\\r\\n", 1)[-1].startswith(tag + b" "): return data
    s.recv(4096)
    s.sendall(b'a LOGIN "%s" "%s"\\r\\n' % (user.encode(), pw.encode())); until(b"a")
    s.sendall(b"b EXAMINE INBOX\\r\\n"); until(b"b")
    s.sendall(b"c FETCH %d:%d (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)\\r\\n" % (lower, upper))
    open(sys.argv[7], "wb").write(until(b"c"))
    """
let capturePath = FileManager.default.temporaryDirectory.appendingPathComponent("imapbench-fetch-\(getpid()).bin").path
_ = try run("/usr/bin/python3", ["-c", capture, host, String(port), caFile ?? "", username, password, String(exists), capturePath])
let rawFetch = [UInt8](try Data(contentsOf: URL(fileURLWithPath: capturePath)))
try? FileManager.default.removeItem(atPath: capturePath)
let parseRounds = 2_000
var parsedSummaries = 0
start = clock.now
for _ in 0..<parseRounds {
    var decoder = ResponseDecoder()
    for event in try decoder.decode(rawFetch) {
        if case .response(.untagged(.fetch(let fetch))) = event, MessageSummary(fetch) != nil { parsedSummaries += 1 }
    }
}
let parseMicros = seconds(clock.now - start) * 1e6 / Double(max(parsedSummaries, 1))

print("IMAP benchmark against Dovecot on \(host):\(port) (\(exists) messages, warm cache, TLS)")
print(String(format: "  summaries/s, 50-message page (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE): Swift %.0f   Python imaplib %.0f", swiftSummaries, pythonNumbers.first ?? 0))
print(String(format: "  streamed part, 10 MB base64 attachment BODY.PEEK[2]: Swift %.1f MB/s   Python imaplib %.1f MB/s (imaplib holds the whole part in memory)", swiftMBs, pythonNumbers.count > 1 ? pythonNumbers[1] : 0))
print(String(format: "  parsing alone (captured %d-byte FETCH answer, %d summaries per round): %.1f µs per summary", rawFetch.count, parsedSummaries / parseRounds, parseMicros))
