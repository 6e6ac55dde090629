import Foundation
import IMAP
import Testing

/// A 20 MB attachment streamed with flat memory, and IDLE reporting a delivery, on the real Dovecot.
@Suite(.enabled(if: MailStack.shouldRun), .serialized)
struct StreamingAndIdleIntegrationTests {
    static let attachmentSize = 20 * 1024 * 1024

    /// Deterministic attachment content, so the streamed bytes can be checked without keeping them.
    static func attachmentByte(_ index: Int) -> UInt8 { UInt8(truncatingIfNeeded: (index &* 2_654_435_761) >> 11) }

    static func bigMessage(subject: String) -> [UInt8] {
        var content = [UInt8](repeating: 0, count: attachmentSize)
        for index in 0..<attachmentSize { content[index] = attachmentByte(index) }
        let encoded = Data(content).base64EncodedData(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        var message = Array("""
            From: big@example.com\r
            Subject: \(subject)\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="BIG"\r
            \r
            --BIG\r
            Content-Type: text/plain\r
            \r
            see attachment\r
            --BIG\r
            Content-Type: application/octet-stream; name="big.bin"\r
            Content-Disposition: attachment; filename="big.bin"\r
            Content-Transfer-Encoding: base64\r
            \r

            """.utf8)
        message.append(contentsOf: encoded)
        message.append(contentsOf: Array("\r\n--BIG--\r\n".utf8))
        return message
    }

    /// Resident set size of this process, from /proc.
    static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kilobytes * 1024
    }

    @Test func twentyMegabyteAttachmentStreamsWithFlatMemory() async throws {
        let credentials = try MailStack.account("imaptest-stream")
        let subject = "big \(uniqueSuffix())"
        try await withLoggedInConnection(credentials, configuration: try MailStack.implicitTLS(commandTimeout: .seconds(120))) { connection in
            let uid = try #require(try await connection.append(Self.bigMessage(subject: subject), to: .inbox).uid)
            let baseline = Self.residentBytes()
            var peak = baseline
            var received = 0
            var mismatches = 0
            var chunks = 0
            let stream = try #require(try await connection.streamPart(in: .inbox, uid: uid, section: SectionSpecifier(part: [2]), decoded: true))
            #expect(stream.byteCount == Self.attachmentSize)
            for try await chunk in stream {
                for (offset, byte) in chunk.enumerated() where byte != Self.attachmentByte(received + offset) { mismatches += 1 }
                received += chunk.count
                chunks += 1
                if chunks % 16 == 0 { peak = max(peak, Self.residentBytes()) }
            }
            peak = max(peak, Self.residentBytes())
            #expect(received == Self.attachmentSize)
            #expect(mismatches == 0)
            #expect(chunks > 20, "the part must arrive in many chunks, not at once")
            // Process-wide RSS: other suites running in parallel add noise, hence the headroom
            // (the stream itself holds well under 2 MB at any time).
            let growth = peak - baseline
            print("IMAP: streamed 20 MB in \(chunks) chunks, peak RSS growth \(growth / 1024) KiB")
            #expect(growth < 10 * 1024 * 1024, "peak memory grew by \(growth) bytes while streaming 20 MB")
            // The connection is usable again after the stream ended.
            try await connection.noop()
            let raw = try #require(try await connection.streamRawMessage(in: .inbox, uid: uid))
            var rawCount = 0
            for try await chunk in raw { rawCount += chunk.count }
            #expect(rawCount == raw.byteCount)
            try await connection.expungeMessages(in: .inbox, uids: SequenceSet(numbers: [uid]))
        }
    }

    @Test func abandonedStreamClosesOnlyThatConnection() async throws {
        let credentials = try MailStack.account("imaptest-stream")
        let pool = IMAPConnectionPool(server: try MailStack.implicitTLS())
        let uid = try await pool.withConnection(for: credentials) { connection in
            try #require(try await connection.append(Self.bigMessage(subject: "abandon \(uniqueSuffix())"), to: .inbox).uid)
        }
        do {
            let stream = try #require(try await pool.streamPart(for: credentials, in: .inbox, uid: uid, section: SectionSpecifier(part: [2])))
            for try await _ in stream { break }  // read one chunk, then drop the stream
        }
        try await pool.withConnection(for: credentials) { connection in
            try await connection.expungeMessages(in: .inbox, uids: SequenceSet(numbers: [uid]))
        }
        await pool.shutdown()
    }

    @Test func idleReportsADeliveryWithinTwoSeconds() async throws {
        let credentials = try MailStack.account("imaptest-idle")
        try await withLoggedInConnection(credentials) { connection in
            let subject = "idle \(uniqueSuffix())"
            // The stream lives only inside the closure: dropping it ends IDLE with DONE.
            let (before, elapsed) = try await withTestTimeout(.seconds(20)) {
                var iterator = await connection.idle(in: .inbox).makeAsyncIterator()
                guard case .exists(let before)? = try await iterator.next() else { throw TestTimeoutError() }
                // Timed from the moment the mail server has accepted the message.
                try MailStack.deliver(to: credentials.username, message: "From: a@example.com\r\nSubject: \(subject)\r\n\r\nnew mail\r\n")
                let clock = ContinuousClock()
                let start = clock.now
                while let event = try await iterator.next() {
                    if case .exists(let count) = event, count > before { return (before, clock.now - start) }
                }
                throw TestTimeoutError()
            }
            #expect(elapsed < .seconds(2), "IDLE reported the delivery after \(elapsed)")
            // Leaving IDLE (DONE) frees the connection for commands again.
            try await connection.noop()
            let status = try await connection.status(of: .inbox)
            #expect((status.messages ?? 0) > before)
            let found = try await connection.search(in: .inbox, .subject(subject))
            try await connection.expungeMessages(in: .inbox, uids: SequenceSet(numbers: found))
        }
    }

    @Test func idleRefreshesBeforeTheServerTimeout() async throws {
        let credentials = try MailStack.account("imaptest-idle")
        try await withLoggedInConnection(credentials) { connection in
            // A very short refresh interval: the client ends IDLE with DONE and starts it again.
            try await withTestTimeout(.seconds(10)) {
                var iterator = await connection.idle(in: .inbox, refreshInterval: .milliseconds(200)).makeAsyncIterator()
                _ = try await iterator.next()
                let other = try await IMAPConnection.connect(configuration: try MailStack.implicitTLS())
                try await other.login(credentials)
                try await Task.sleep(for: .milliseconds(700))  // several refresh cycles pass
                _ = try await other.append(testMessage(subject: "refresh"), to: .inbox)
                await other.logout()
                while let event = try await iterator.next() {
                    if case .exists = event { return }
                }
            }
            try await connection.noop()
            let found = try await connection.search(in: .inbox, .subject("refresh"))
            try await connection.expungeMessages(in: .inbox, uids: SequenceSet(numbers: found))
        }
    }
}
