import IMAP
import Testing

/// A page listed again on a connection that keeps the mailbox selected is asked for with one
/// `UID FETCH low:high`, the UIDs at its ends known from the last listing. The server reports
/// at the end of that command what changed since the connection's last one; then, and whenever
/// the answer is not exactly the page, the page is listed again the long way (NOOP + FETCH by
/// sequence numbers from the new count).
@Suite struct AnchoredPageTests {
    /// A summary FETCH response for message `sequenceNumber` with UID `uid`.
    static func summary(_ sequenceNumber: Int, uid: Int, flags: String = "") -> String {
        #"* \#(sequenceNumber) FETCH (UID \#(uid) FLAGS (\#(flags)) INTERNALDATE "25-Nov-2026 10:12:29 +0900" "#
            + #"RFC822.SIZE 10 ENVELOPE (NIL "m\#(uid)" NIL NIL NIL NIL NIL NIL NIL NIL) "#
            + #"BODYSTRUCTURE ("text" "plain" NIL NIL NIL "7bit" 2 1))"# + "\r\n"
    }

    /// Three messages, UIDs 11–13; the page of two is sequence numbers 2:3.
    static let examine = "* 3 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n{tag} OK [READ-ONLY] examined\r\n"
    static let firstPage = summary(2, uid: 12) + summary(3, uid: 13)

    /// Lists the first page of two `times` times on one connection; returns each page and the
    /// command lines the server received after login, without their item lists.
    static func listFirstPage(
        times: Int, _ respond: @escaping @Sendable (_ command: String) -> FakeAction?
    ) async throws -> (pages: [(total: Int, uids: [UInt32], flags: [[Flag]])], commands: [String]) {
        let log = CommandLog()
        let server = try await ScriptedIMAPServer.start { _, command in
            let verb = command.split(separator: " ").prefix(2).joined(separator: " ").uppercased()
            if !["LOGIN", "CAPABILITY", "LOGOUT"].contains(where: verb.hasPrefix) { log.append(command) }
            if verb.hasPrefix("EXAMINE") { return .reply(Self.examine) }
            return respond(command) ?? ScriptedIMAPServer.standard(command)
        }
        let pool = IMAPConnectionPool(server: server.configuration(commandTimeout: .seconds(5)))
        let pages = try await pool.withConnection(for: FaultInjectionTests.credentials) { connection in
            var pages: [(total: Int, uids: [UInt32], flags: [[Flag]])] = []
            for _ in 0..<times {
                let page = try await connection.fetchPage(in: .inbox, page: 1, pageSize: 2)
                pages.append((page.total, page.summaries.map(\.uid), page.summaries.map(\.flags)))
            }
            return pages
        }
        await pool.shutdown()
        await server.stop()
        let commands = log.all.map { line in
            line.range(of: " (").map { String(line[..<$0.lowerBound]) } ?? line
        }
        return (pages, commands)
    }

    @Test func pageListedBeforeIsAskedForByUIDAloneWhenNothingChanged() async throws {
        let (pages, commands) = try await Self.listFirstPage(times: 3) { command in
            switch command.prefix(16) {
            case "FETCH 2:3 (UID F", "UID FETCH 12:13 ": return .reply(Self.firstPage + "{tag} OK fetched\r\n")
            default: return nil
            }
        }
        #expect(pages.map(\.uids) == [[13, 12], [13, 12], [13, 12]])
        #expect(pages.map(\.total) == [3, 3, 3])
        #expect(commands == ["EXAMINE INBOX", "FETCH 2:3", "UID FETCH 12:13", "UID FETCH 12:13"])
    }

    @Test func newMailReportedAtTheEndOfTheUIDFetchListsThePageAgain() async throws {
        let (pages, commands) = try await Self.listFirstPage(times: 2) { command in
            switch command.prefix(16) {
            case "FETCH 2:3 (UID F": return .reply(Self.firstPage + "{tag} OK fetched\r\n")
            // Answered from the connection's view, then the sync at its end reports the new mail.
            case "UID FETCH 12:13 ": return .reply(Self.firstPage + "* 4 EXISTS\r\n{tag} OK fetched\r\n")
            case "FETCH 3:4 (UID F": return .reply(Self.summary(3, uid: 13) + Self.summary(4, uid: 14) + "{tag} OK fetched\r\n")
            default: return nil
            }
        }
        #expect(pages.map(\.uids) == [[13, 12], [14, 13]])
        #expect(pages.map(\.total) == [3, 4])
        #expect(commands == ["EXAMINE INBOX", "FETCH 2:3", "UID FETCH 12:13", "NOOP", "FETCH 3:4"])
    }

    /// An expunge renumbers the mailbox: the page is listed again, and the UIDs remembered for
    /// the old numbers are forgotten, so the next listing anchors on the new ones.
    @Test func expungeReportedAtTheEndOfTheUIDFetchListsThePageAgain() async throws {
        let uidFetches = Counter()
        let (pages, commands) = try await Self.listFirstPage(times: 3) { command in
            let renumbered = Self.summary(1, uid: 12) + Self.summary(2, uid: 13) + "{tag} OK fetched\r\n"
            switch command.prefix(16) {
            case "FETCH 2:3 (UID F": return .reply(Self.firstPage + "{tag} OK fetched\r\n")
            case "UID FETCH 12:13 ":
                // Message 11 was expunged by another session before the first UID FETCH.
                return .reply(uidFetches.increment() == 1 ? Self.firstPage + "* 1 EXPUNGE\r\n{tag} OK fetched\r\n" : renumbered)
            case "FETCH 1:2 (UID F": return .reply(renumbered)
            default: return nil
            }
        }
        #expect(pages.map(\.uids) == [[13, 12], [13, 12], [13, 12]])
        #expect(pages.map(\.total) == [3, 2, 2])
        // The third listing asks for 12:13 again, now at sequence numbers 1:2: were the old
        // numbers still trusted, it could not have taken the first answer as the page.
        #expect(commands == ["EXAMINE INBOX", "FETCH 2:3", "UID FETCH 12:13", "NOOP", "FETCH 1:2", "UID FETCH 12:13"])
    }

    /// Another session's flag change arrives as a FETCH without ENVELOPE after the answer: the
    /// page is listed again so that it shows the new flags.
    @Test func flagChangeReportedAtTheEndOfTheUIDFetchListsThePageAgain() async throws {
        let fetches = Counter()
        let (pages, commands) = try await Self.listFirstPage(times: 2) { command in
            switch command.prefix(16) {
            case "FETCH 2:3 (UID F":
                let seen = fetches.increment() == 2 ? #"\Seen"# : ""
                return .reply(Self.summary(2, uid: 12) + Self.summary(3, uid: 13, flags: seen) + "{tag} OK fetched\r\n")
            case "UID FETCH 12:13 ": return .reply(Self.firstPage + #"* 3 FETCH (FLAGS (\Seen))"# + "\r\n{tag} OK fetched\r\n")
            default: return nil
            }
        }
        #expect(pages.map(\.uids) == [[13, 12], [13, 12]])
        #expect(pages[1].flags == [[.seen], []])
        #expect(commands == ["EXAMINE INBOX", "FETCH 2:3", "UID FETCH 12:13", "NOOP", "FETCH 2:3"])
    }

    /// A server that renumbered without saying so (no EXPUNGE) answers at other sequence
    /// numbers: that answer is not taken as the page.
    @Test func answerAtOtherSequenceNumbersIsNotTakenAsThePage() async throws {
        let (pages, commands) = try await Self.listFirstPage(times: 2) { command in
            switch command.prefix(16) {
            case "FETCH 2:3 (UID F": return .reply(Self.firstPage + "{tag} OK fetched\r\n")
            case "UID FETCH 12:13 ": return .reply(Self.summary(1, uid: 12) + Self.summary(2, uid: 13) + "{tag} OK fetched\r\n")
            default: return nil
            }
        }
        #expect(pages.map(\.uids) == [[13, 12], [13, 12]])
        #expect(commands == ["EXAMINE INBOX", "FETCH 2:3", "UID FETCH 12:13", "NOOP", "FETCH 2:3"])
    }
}
