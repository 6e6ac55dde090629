import IMAP
import Testing

/// The list's order where Dovecot's behaviour cannot show it (issue 25): a server without SORT
/// (the received-date order made by the client), one without SORT=DISPLAY (DISPLAYFROM asked as
/// FROM), and a SORT answered from a stale view (asked once more).
@Suite struct SortFallbackTests {
    static func fetchItem(uid: Int) -> String {
        #"* \#(uid) FETCH (UID \#(uid) FLAGS () INTERNALDATE "25-Nov-2026 10:12:29 +0900" RFC822.SIZE 10 "#
            + #"ENVELOPE (NIL "m\#(uid)" NIL NIL NIL NIL NIL NIL NIL NIL) BODYSTRUCTURE ("text" "plain" NIL NIL NIL "7bit" 2 1))"#
    }

    /// The summaries a UID FETCH of the page names, in the order the server would send them (ascending).
    static func pageAnswer(_ command: String) -> FakeAction {
        let set = command.split(separator: " ")[2]
        let uids = set.split(separator: ",").flatMap { part -> [Int] in
            let ends = part.split(separator: ":").compactMap { Int($0) }
            return ends.count == 2 ? Array(ends[0]...ends[1]) : ends
        }.sorted()
        return .reply(uids.map(fetchItem).joined(separator: "\r\n") + "\r\n{tag} OK fetched\r\n")
    }

    @Test func withoutSortTheReceivedOrderIsMadeFromInternalDates() async throws {
        let log = CommandLog()
        let server = try await ScriptedIMAPServer.start(capabilities: "IMAP4rev1 LITERAL+ UIDPLUS") { _, command in
            log.append(command)
            let upper = command.uppercased()
            if upper.hasPrefix("SELECT") || upper.hasPrefix("EXAMINE") {
                return .reply("* 3 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n{tag} OK [READ-ONLY] selected\r\n")
            }
            if upper.hasPrefix("UID SEARCH") { return .reply("* SEARCH 1 2 3\r\n{tag} OK searched\r\n") }
            if upper.hasPrefix("UID FETCH") && upper.contains("(UID INTERNALDATE)") {
                // UID 3 was restored from Trash: it came in last but was received first.
                return .reply(#"* 1 FETCH (UID 1 INTERNALDATE "02-Dec-2026 09:00:00 +0900")"# + "\r\n"
                    + #"* 2 FETCH (UID 2 INTERNALDATE "03-Dec-2026 09:00:00 +0900")"# + "\r\n"
                    + #"* 3 FETCH (UID 3 INTERNALDATE "01-Dec-2026 09:00:00 +0900")"# + "\r\n{tag} OK fetched\r\n")
            }
            if upper.hasPrefix("UID FETCH") { return Self.pageAnswer(command) }
            return ScriptedIMAPServer.standard(command)
        }
        let page = try await NewMailViewTests.withConnection(to: server) { connection in
            try await connection.fetchPage(in: .inbox, page: 1, pageSize: 50, sort: [SortKey(.arrival, reversed: true)])
        }
        #expect(page.summaries.map(\.uid) == [2, 1, 3])
        #expect(page.total == 3)
        #expect(!log.all.contains { $0.uppercased().contains("SORT") }, "no SORT sent to a server without it")
    }

    @Test func withoutSortAnotherOrderIsRefusedAsUnsupported() async throws {
        let server = try await ScriptedIMAPServer.start(capabilities: "IMAP4rev1 LITERAL+ UIDPLUS") { _, command in
            ScriptedIMAPServer.standard(command)
        }
        await #expect(throws: IMAPError.self) {
            try await NewMailViewTests.withConnection(to: server) { connection in
                try await connection.fetchPage(in: .inbox, page: 1, pageSize: 50, sort: [SortKey(.subject)])
            }
        }
    }

    @Test func displayFromIsAskedAsFromWithoutSortDisplay() async throws {
        let log = CommandLog()
        let server = try await ScriptedIMAPServer.start(capabilities: "IMAP4rev1 LITERAL+ UIDPLUS SORT") { _, command in
            log.append(command)
            let upper = command.uppercased()
            if upper.hasPrefix("UID SORT") { return .reply("* SORT 1\r\n{tag} OK sorted\r\n") }
            if upper.hasPrefix("UID FETCH") { return Self.pageAnswer(command) }
            return ScriptedIMAPServer.standard(command)
        }
        let page = try await NewMailViewTests.withConnection(to: server) { connection in
            try await connection.fetchPage(in: .inbox, page: 1, pageSize: 50, sort: [SortKey(.displayFrom), SortKey(.arrival, reversed: true)])
        }
        #expect(page.summaries.map(\.uid) == [1])
        #expect(log.all.contains { $0.hasSuffix("UID SORT (FROM REVERSE ARRIVAL) UTF-8 ALL") }, "\(log.all)")
    }

    /// A SORT answered before the session took in new mail (EXISTS grew at its end) is asked again:
    /// the list after a new-mail push shows the new message.
    @Test func sortFromAStaleViewIsAskedAgain() async throws {
        let sorts = Counter()
        let server = try await ScriptedIMAPServer.start(capabilities: "IMAP4rev1 LITERAL+ UIDPLUS SORT SORT=DISPLAY") { _, command in
            let upper = command.uppercased()
            if upper.hasPrefix("UID SORT") {
                return sorts.increment() == 1
                    ? .reply("* SORT 1\r\n* 2 EXISTS\r\n{tag} OK sorted\r\n")
                    : .reply("* SORT 2 1\r\n{tag} OK sorted\r\n")
            }
            if upper.hasPrefix("UID FETCH") { return Self.pageAnswer(command) }
            return ScriptedIMAPServer.standard(command)
        }
        let page = try await NewMailViewTests.withConnection(to: server) { connection in
            try await connection.fetchPage(in: .inbox, page: 1, pageSize: 50, sort: [SortKey(.arrival, reversed: true)])
        }
        #expect(page.summaries.map(\.uid) == [2, 1])
        #expect(page.total == 2)
    }

    /// With ESORT only the page travels (RETURN (COUNT PARTIAL a:b)), read in the order written.
    @Test func esortSendsOnlyThePageInSortOrder() async throws {
        let log = CommandLog()
        let server = try await ScriptedIMAPServer.start(capabilities: "IMAP4rev1 LITERAL+ UIDPLUS SORT ESORT CONTEXT=SEARCH") { _, command in
            log.append(command)
            let upper = command.uppercased()
            if upper.hasPrefix("UID SORT") {
                return .reply("* ESEARCH (TAG \"{tag}\") UID PARTIAL (4:6 7,5:6) COUNT 9\r\n{tag} OK sorted\r\n")
            }
            if upper.hasPrefix("UID FETCH") { return Self.pageAnswer(command) }
            return ScriptedIMAPServer.standard(command)
        }
        let page = try await NewMailViewTests.withConnection(to: server) { connection in
            try await connection.fetchPage(in: .inbox, page: 2, pageSize: 3, sort: [SortKey(.size, reversed: true)])
        }
        #expect(page.summaries.map(\.uid) == [7, 5, 6])
        #expect(page.total == 9)
        #expect(log.all.contains { $0.hasSuffix("UID SORT RETURN (COUNT PARTIAL 4:6) (REVERSE SIZE) UTF-8 ALL") }, "\(log.all)")
    }

    /// A server that offers ESORT but refuses PARTIAL is asked the plain way, and still answers.
    @Test func refusedPartialFallsBackToThePlainSort() async throws {
        let server = try await ScriptedIMAPServer.start(capabilities: "IMAP4rev1 LITERAL+ UIDPLUS SORT ESORT CONTEXT=SORT") { _, command in
            let upper = command.uppercased()
            if upper.hasPrefix("UID SORT RETURN") { return .reply("{tag} BAD unknown return option\r\n") }
            if upper.hasPrefix("UID SORT") { return .reply("* SORT 3 1 2\r\n{tag} OK sorted\r\n") }
            if upper.hasPrefix("UID FETCH") { return Self.pageAnswer(command) }
            return ScriptedIMAPServer.standard(command)
        }
        let page = try await NewMailViewTests.withConnection(to: server) { connection in
            try await connection.fetchPage(in: .inbox, page: 1, pageSize: 50, sort: [SortKey(.subject)])
        }
        #expect(page.summaries.map(\.uid) == [3, 1, 2])
    }
}
