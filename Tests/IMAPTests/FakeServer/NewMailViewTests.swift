import IMAP
import Testing

/// A connection answers a UID FETCH from its own view of the mailbox, which takes in new mail
/// only when the server syncs it (Dovecot: at the end of the command, with the new EXISTS).
/// When another connection of the same user listed a message this one has not seen yet, the
/// first answer lacks it: `fetchSummaries` and `fetchSection` ask once more and find it.
@Suite struct NewMailViewTests {
    static let summary = #"* 2 FETCH (UID 2 FLAGS () INTERNALDATE "25-Nov-2026 10:12:29 +0900" RFC822.SIZE 10 "#
        + #"ENVELOPE (NIL "new" NIL NIL NIL NIL NIL NIL NIL NIL) BODYSTRUCTURE ("text" "plain" NIL NIL NIL "7bit" 2 1))"#

    /// Runs `body` on a pooled connection to `server`, then shuts both down.
    static func withConnection<T: Sendable>(
        to server: ScriptedIMAPServer, _ body: @Sendable (IMAPConnection) async throws -> T
    ) async throws -> T {
        let pool = IMAPConnectionPool(server: server.configuration(commandTimeout: .seconds(5)))
        let result = try await pool.withConnection(for: FaultInjectionTests.credentials, body)
        await pool.shutdown()
        await server.stop()
        return result
    }

    @Test func messageThatArrivedSinceTheLastCommandIsFoundOnTheSecondAsk() async throws {
        let fetches = Counter()
        let server = try await ScriptedIMAPServer.start { _, command in
            guard command.uppercased().hasPrefix("UID FETCH") else { return ScriptedIMAPServer.standard(command) }
            // The first answer comes from the stale view; the sync at its end reports the new mail.
            return fetches.increment() == 1
                ? .reply("* 2 EXISTS\r\n{tag} OK fetched\r\n")
                : .reply("\(Self.summary)\r\n{tag} OK fetched\r\n")
        }
        let summaries = try await Self.withConnection(to: server) { connection in
            try await connection.fetchSummaries(in: .inbox, uids: SequenceSet(numbers: [2]))
        }
        #expect(summaries.map(\.uid) == [2])
        #expect(fetches.increment() == 3)  // asked exactly twice
    }

    /// The same for a body section (the whole message when it is opened, a part's bytes).
    @Test func sectionOfAMessageThatArrivedSinceTheLastCommandIsFoundOnTheSecondAsk() async throws {
        let fetches = Counter()
        let server = try await ScriptedIMAPServer.start { _, command in
            guard command.uppercased().hasPrefix("UID FETCH") else { return ScriptedIMAPServer.standard(command) }
            return fetches.increment() == 1
                ? .reply("* 2 EXISTS\r\n{tag} OK fetched\r\n")
                : .reply("* 2 FETCH (UID 2 BODY[] {5}\r\nhello)\r\n{tag} OK fetched\r\n")
        }
        let raw = try await Self.withConnection(to: server) { connection in
            try await connection.fetchRawMessage(in: .inbox, uid: 2)
        }
        #expect(raw == Array("hello".utf8))
        #expect(fetches.increment() == 3)
    }

    /// A UID that does not exist costs one FETCH, not two: nothing new was reported.
    @Test func missingMessageIsAskedForOnce() async throws {
        let fetches = Counter()
        let server = try await ScriptedIMAPServer.start { _, command in
            guard command.uppercased().hasPrefix("UID FETCH") else { return ScriptedIMAPServer.standard(command) }
            _ = fetches.increment()
            return .reply("{tag} OK fetched\r\n")
        }
        let summaries = try await Self.withConnection(to: server) { connection in
            try await connection.fetchSummaries(in: .inbox, uids: SequenceSet(numbers: [9]))
        }
        #expect(summaries.isEmpty)
        #expect(fetches.increment() == 2)
    }

    /// A STORE (or COPY, MOVE, EXPUNGE, streamed FETCH) naming a UID above every UID the
    /// connection knows of syncs the view first with a NOOP; a known UID costs nothing more.
    @Test func actionOnAnUnknownUIDSyncsTheViewFirst() async throws {
        let log = CommandLog()
        let server = try await ScriptedIMAPServer.start { _, command in
            log.append(command)
            if command.uppercased().hasPrefix("SELECT") {
                return .reply("* 3 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 14] next\r\n{tag} OK [READ-WRITE] selected\r\n")
            }
            if command.uppercased().hasPrefix("UID STORE") {
                let uid = command.split(separator: " ")[2]
                return .reply("* 1 FETCH (UID \(uid) FLAGS (\\Flagged))\r\n{tag} OK stored\r\n")
            }
            return ScriptedIMAPServer.standard(command)
        }
        let stored = try await Self.withConnection(to: server) { connection in
            var stored: [UInt32] = []
            for uid: UInt32 in [13, 14, 14] {
                let flags = try await connection.storeFlags(in: .inbox, uids: SequenceSet(numbers: [uid]), .add, [.flagged])
                stored += flags.keys
            }
            return stored
        }
        #expect(stored == [13, 14, 14])
        let commands = log.all.filter { !["CAPABILITY", "LOGIN", "LOGOUT"].contains(where: $0.uppercased().hasPrefix) }
        // 13 is below UIDNEXT; 14 is not, until a FETCH answer has shown it.
        #expect(commands == [
            "SELECT INBOX", "UID STORE 13 +FLAGS (\\Flagged)", "NOOP", "UID STORE 14 +FLAGS (\\Flagged)",
            "UID STORE 14 +FLAGS (\\Flagged)",
        ])
    }
}
