import Foundation
import IMAP
import Testing

/// Folders and messages against the real Dovecot, on a dedicated account. Tests share the
/// account's INBOX, so each uses unique subjects and folder names.
///
/// Serialized: on a freshly created Maildir account, six sessions at once auto-creating the
/// special-use folders while others CREATE and DELETE folders made Dovecot 2.3 hold
/// `mailboxes.lock` for its full 60-s timeout (seen in a fresh-clone CI run: every session
/// waited, every test hit the client's 30-s command timeout). The client is not what is tested
/// there, and one session at a time takes under two seconds for the whole suite.
@Suite(.enabled(if: MailStack.shouldRun), .serialized)
struct MailboxIntegrationTests {
    let credentials: IMAPCredentials

    init() throws { credentials = try MailStack.account("imaptest-mailbox") }

    @Test func foldersHaveSpecialUseRolesAndCounts() async throws {
        try await withLoggedInConnection(credentials) { connection in
            let folders = try await connection.listMailboxes(statusItems: [.messages, .unseen])
            let roles = Dictionary(folders.compactMap { folder in folder.role.map { ($0, folder) } }, uniquingKeysWith: { a, _ in a })
            for role in [MailboxRole.inbox, .drafts, .sent, .trash, .junk] {
                #expect(roles[role] != nil, "missing \(role)")
            }
            #expect(roles[.inbox]?.status?.messages != nil)
            #expect(roles[.sent]?.status?.unseen != nil)
            #expect(folders.allSatisfy { $0.delimiter == "/" })
        }
    }

    @Test func appendThreeAndPageNewestFirst() async throws {
        let tag = uniqueSuffix()
        let folder = MailboxName("Paging-\(tag)")
        try await withLoggedInConnection(credentials) { connection in
            try await connection.createMailbox(folder)
            var appended: [UInt32] = []
            for index in 1...3 {
                let result = try await connection.append(
                    testMessage(subject: "page \(tag) #\(index)"), to: folder, flags: index == 2 ? [.seen] : [],
                    internalDate: InternalDate(year: 2026, month: 11, day: 20 + index, hour: 9, minute: 0, second: 0, zoneMinutes: 540))
                let uid = try #require(result.uid)
                appended.append(uid)
            }
            #expect(appended == appended.sorted())
            let first = try await connection.fetchPage(in: folder, page: 1, pageSize: 2)
            #expect(first.total == 3)
            #expect(first.summaries.map(\.uid) == [appended[2], appended[1]])
            #expect(first.summaries[0].envelope?.subject?.utf8String == "page \(tag) #3")
            #expect(first.summaries[1].isSeen)
            #expect(first.summaries[0].internalDate?.day == 23)
            #expect(first.summaries[0].envelope?.from.first?.emailAddress == "tester@example.com")
            let second = try await connection.fetchPage(in: folder, page: 2, pageSize: 2)
            #expect(second.summaries.map(\.uid) == [appended[0]])
            let beyond = try await connection.fetchPage(in: folder, page: 3, pageSize: 2)
            #expect(beyond.summaries.isEmpty)
            let sorted = try await connection.fetchPage(in: folder, page: 1, pageSize: 3, sort: [SortKey(.arrival, reversed: true)])
            #expect(sorted.summaries.map(\.uid) == appended.reversed())
            // The transforming form gives the same pages, each summary turned into the caller's item.
            let mapped = try await connection.fetchPage(in: folder, page: 1, pageSize: 2) { "\($0.uid) \($0.summary.envelope?.subject?.utf8String ?? "")" }
            #expect(mapped.total == 3 && mapped.items == ["\(appended[2]) page \(tag) #3", "\(appended[1]) page \(tag) #2"])
            let searched = try await connection.fetchPage(in: folder, page: 1, pageSize: 5, search: .all) { $0.uid }
            #expect(searched.total == 3 && searched.items == appended.reversed())
            try await connection.deleteMailbox(folder)
        }
    }

    /// A connection that keeps the mailbox selected between pages must still see mail that
    /// arrived in between (through another connection), at the top of the first page.
    @Test func pageOnAStillSelectedMailboxSeesNewMail() async throws {
        let tag = uniqueSuffix()
        let folder = MailboxName("Fresh-\(tag)")
        try await withLoggedInConnection(credentials) { reader in
            try await reader.createMailbox(folder)
            _ = try await reader.append(testMessage(subject: "fresh \(tag) #1"), to: folder)
            let before = try await reader.fetchPage(in: folder, page: 1, pageSize: 10)
            #expect(before.total == 1)
            let arrived = try await withLoggedInConnection(credentials) { writer in
                try await writer.append(testMessage(subject: "fresh \(tag) #2"), to: folder)
            }
            let after = try await reader.fetchPage(in: folder, page: 1, pageSize: 10)
            #expect(after.total == 2)
            #expect(after.summaries.first?.uid == arrived.uid)
            #expect(after.summaries.first?.envelope?.subject?.utf8String == "fresh \(tag) #2")
            try await reader.deleteMailbox(folder)
        }
    }

    /// The page of a still-selected mailbox is fetched by UID range when it was listed before,
    /// else pipelined with NOOP; when another connection expunged messages meanwhile
    /// (renumbering the mailbox, even below the page), the answer must still be the current
    /// newest-first page, with the right total.
    @Test func pageOnAStillSelectedMailboxAfterExpungesElsewhere() async throws {
        let tag = uniqueSuffix()
        let folder = MailboxName("Shrunk-\(tag)")
        try await withLoggedInConnection(credentials) { reader in
            try await reader.createMailbox(folder)
            var uids: [UInt32] = []
            for index in 1...6 {
                uids.append(try #require(try await reader.append(testMessage(subject: "shrunk \(tag) #\(index)"), to: folder).uid))
            }
            let before = try await reader.fetchPage(in: folder, page: 1, pageSize: 3)
            #expect(before.summaries.map(\.uid) == [uids[5], uids[4], uids[3]])
            // Another session removes the newest message and one older than the page.
            try await withLoggedInConnection(credentials) { writer in
                try await writer.expungeMessages(in: folder, uids: SequenceSet(numbers: [uids[5], uids[0]]))
            }
            let after = try await reader.fetchPage(in: folder, page: 1, pageSize: 3)
            #expect(after.total == 4)
            #expect(after.summaries.map(\.uid) == [uids[4], uids[3], uids[2]])
            // Unchanged mailbox: the pipelined answer is used as it is, in one round trip.
            let counter = IMAPCommandCounter()
            let again = try await IMAPCommandCounter.$current.withValue(counter) {
                try await reader.fetchPage(in: folder, page: 2, pageSize: 3)
            }
            #expect(counter.count == 1)
            #expect(again.total == 4)
            #expect(again.summaries.map(\.uid) == [uids[1]])
            // Mail arriving and leaving together (same count) is still noticed.
            try await withLoggedInConnection(credentials) { writer in
                try await writer.expungeMessages(in: folder, uids: SequenceSet(numbers: [uids[4]]))
                _ = try await writer.append(testMessage(subject: "shrunk \(tag) #7"), to: folder)
            }
            let swapped = try await reader.fetchPage(in: folder, page: 1, pageSize: 3)
            #expect(swapped.total == 4)
            #expect(swapped.summaries.first?.envelope?.subject?.utf8String == "shrunk \(tag) #7")
            #expect(!swapped.summaries.map(\.uid).contains(uids[4]))
            try await reader.deleteMailbox(folder)
        }
    }

    /// A page listed again is asked for with one UID FETCH; a flag another session changed in
    /// between shows on it, and so does mail that arrived in between.
    @Test func pageListedAgainShowsOtherSessionsChanges() async throws {
        let tag = uniqueSuffix()
        let folder = MailboxName("Again-\(tag)")
        try await withLoggedInConnection(credentials) { reader in
            try await reader.createMailbox(folder)
            var uids: [UInt32] = []
            for index in 1...3 {
                uids.append(try #require(try await reader.append(testMessage(subject: "again \(tag) #\(index)"), to: folder).uid))
            }
            _ = try await reader.fetchPage(in: folder, page: 1, pageSize: 2)
            let counter = IMAPCommandCounter()
            let unchanged = try await IMAPCommandCounter.$current.withValue(counter) {
                try await reader.fetchPage(in: folder, page: 1, pageSize: 2)
            }
            #expect(counter.count == 1)
            #expect(unchanged.summaries.map(\.uid) == [uids[2], uids[1]])
            #expect(unchanged.summaries.allSatisfy { !$0.isFlagged })
            try await withLoggedInConnection(credentials) { writer in
                try await writer.storeFlags(in: folder, uids: SequenceSet(numbers: [uids[2]]), .add, [.flagged])
            }
            let flagged = try await reader.fetchPage(in: folder, page: 1, pageSize: 2)
            #expect(flagged.summaries.map(\.uid) == [uids[2], uids[1]])
            #expect(flagged.summaries.map(\.isFlagged) == [true, false])
            let arrived = try await withLoggedInConnection(credentials) { writer in
                try await writer.append(testMessage(subject: "again \(tag) #4"), to: folder)
            }
            let grown = try await reader.fetchPage(in: folder, page: 1, pageSize: 2)
            #expect(grown.total == 4)
            #expect(grown.summaries.map(\.uid) == [try #require(arrived.uid), uids[2]])
            try await reader.deleteMailbox(folder)
        }
    }

    /// A message that arrived after this connection's last command is not in its view yet;
    /// another connection of the same user may have listed it. Flagging, streaming, copying,
    /// moving and deleting it here must still act on it (Dovecot completes a UID command on a
    /// UID missing from the view with OK, having done nothing).
    @Test func actingOnAMessageThisConnectionHasNotSeenYet() async throws {
        let tag = uniqueSuffix()
        let folder = MailboxName("Unseen-\(tag)")
        let target = MailboxName("Unseen-\(tag)-to")
        try await withLoggedInConnection(credentials) { reader in
            try await reader.createMailbox(folder)
            try await reader.createMailbox(target)
            let first = try #require(try await reader.append(testMessage(subject: "unseen \(tag) #1"), to: folder).uid)
            // Selects the folder read-write: from here the reader's view is only as new as its
            // last command.
            try await reader.storeFlags(in: folder, uids: SequenceSet(numbers: [first]), .add, [.seen])
            func arrive(_ index: Int) async throws -> UInt32 {
                try await withLoggedInConnection(credentials) { writer in
                    try #require(try await writer.append(testMessage(subject: "unseen \(tag) #\(index)"), to: folder).uid)
                }
            }
            let flagged = try await arrive(2)
            let flags = try await reader.storeFlags(in: folder, uids: SequenceSet(numbers: [flagged]), .add, [.flagged])
            #expect(flags[flagged]?.contains(.flagged) == true)
            let streamed = try await arrive(3)
            let raw = try #require(try await reader.streamRawMessage(in: folder, uid: streamed))
            #expect(String(decoding: try await raw.collect(), as: UTF8.self).contains("unseen \(tag) #3"))
            let copied = try await arrive(4)
            #expect(try await reader.copyMessages(in: folder, uids: SequenceSet(numbers: [copied]), to: target).uidMapping[copied] != nil)
            let moved = try await arrive(5)
            #expect(try await reader.moveMessages(in: folder, uids: SequenceSet(numbers: [moved]), to: target).uidMapping[moved] != nil)
            let deleted = try await arrive(6)
            try await reader.expungeMessages(in: folder, uids: SequenceSet(numbers: [deleted]))
            let left = try await withLoggedInConnection(credentials) { checker in
                try await checker.fetchPage(in: folder, page: 1, pageSize: 10)
            }
            #expect(left.summaries.map(\.uid) == [copied, streamed, flagged, first])
            #expect(left.summaries.first { $0.uid == flagged }?.isFlagged == true)
            try await reader.deleteMailbox(folder)
            try await reader.deleteMailbox(target)
        }
    }

    @Test func structureAndOnePart() async throws {
        let tag = uniqueSuffix()
        let message = """
            From: a@example.com\r
            Subject: structure \(tag)\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="xyz"\r
            \r
            --xyz\r
            Content-Type: text/plain; charset=UTF-8\r
            \r
            본문입니다\r
            --xyz\r
            Content-Type: application/octet-stream; name="data.bin"\r
            Content-Disposition: attachment; filename="data.bin"\r
            Content-Transfer-Encoding: base64\r
            \r
            AAECAwQFBgcICQ==\r
            --xyz--\r

            """
        try await withLoggedInConnection(credentials) { connection in
            let result = try await connection.append(Array(message.utf8), to: .inbox)
            let uid = try #require(result.uid)
            let structure = try #require(try await connection.fetchStructure(in: .inbox, uid: uid))
            let parts = structure.parts()
            #expect(parts.map(\.section.description) == ["1", "2"])
            #expect(parts[0].part.mediaType == "text/plain")
            #expect(parts[0].part.parameter("charset")?.utf8String == "UTF-8")
            #expect(parts[1].part.disposition?.type == "attachment")
            #expect(parts[1].part.disposition?.parameter("filename")?.utf8String == "data.bin")
            let text = try #require(try await connection.fetchSection(in: .inbox, uid: uid, section: SectionSpecifier(part: [1])))
            // The CRLF before the boundary belongs to the delimiter, not to the part.
            #expect(String(decoding: text, as: UTF8.self) == "본문입니다")
            let decoded = try #require(try await connection.streamPart(in: .inbox, uid: uid, section: SectionSpecifier(part: [2]), decoded: true))
            #expect(try await decoded.collect() == Array(0...9))
            try await connection.expungeMessages(in: .inbox, uids: SequenceSet(numbers: [uid]))
            #expect(try await connection.fetchStructure(in: .inbox, uid: uid) == nil)
        }
    }

    @Test func flagsMoveToTrashAndCopy() async throws {
        let tag = uniqueSuffix()
        try await withLoggedInConnection(credentials) { connection in
            let uid = try #require(try await connection.append(testMessage(subject: "flags \(tag)"), to: .inbox).uid)
            let set = SequenceSet(numbers: [uid])
            let added = try await connection.storeFlags(in: .inbox, uids: set, .add, [.seen, .flagged, Flag("$Work")])
            #expect(Set(added[uid] ?? []).subtracting([.recent]) == [.seen, .flagged, Flag("$Work")])
            let removed = try await connection.storeFlags(in: .inbox, uids: set, .remove, [.flagged])
            #expect(Set(removed[uid] ?? []).subtracting([.recent]) == [.seen, Flag("$Work")])

            let folders = try await connection.listMailboxes()
            let trash = try #require(folders.first { $0.role == .trash }).name
            let copy = try await connection.copyMessages(in: .inbox, uids: set, to: trash)
            #expect(copy.uidMapping[uid] != nil)
            let moved = try await connection.moveMessages(in: .inbox, uids: set, to: trash)
            let trashUID = try #require(moved.uidMapping[uid])
            #expect(try await connection.fetchSummaries(in: .inbox, uids: set).isEmpty)
            let inTrash = try await connection.fetchSummaries(in: trash, uids: SequenceSet(numbers: [trashUID]))
            #expect(inTrash.first?.envelope?.subject?.utf8String == "flags \(tag)")
            try await connection.expungeMessages(in: trash, uids: SequenceSet(numbers: [trashUID] + (copy.uidMapping.values.map { $0 })))
        }
    }

    @Test func searchByKoreanSubjectWord() async throws {
        let tag = uniqueSuffix()
        try await withLoggedInConnection(credentials) { connection in
            // RFC 2047 encoded subject "주간 회의 <tag>": the server decodes it for SEARCH.
            let encoded = "=?UTF-8?B?" + Data("주간 회의 \(tag)".utf8).base64EncodedString() + "?="
            let hit = try #require(try await connection.append(testMessage(subject: encoded), to: .inbox).uid)
            let miss = try #require(try await connection.append(testMessage(subject: "weekly \(tag)"), to: .inbox).uid)
            let found = try await connection.search(in: .inbox, .and([.subject("회의"), .subject(tag)]))
            #expect(found == [hit])
            let page = try await connection.fetchPage(in: .inbox, page: 1, pageSize: 10, search: .text(tag))
            #expect(Set(page.summaries.map(\.uid)) == [hit, miss])
            #expect(page.total == 2)
            try await connection.expungeMessages(in: .inbox, uids: SequenceSet(numbers: [hit, miss]))
        }
    }

    @Test func koreanFolderCreateListRenameDelete() async throws {
        let tag = uniqueSuffix()
        let name = MailboxName("프로젝트-\(tag)")
        let renamed = MailboxName("보관함-\(tag)")
        try await withLoggedInConnection(credentials) { connection in
            try await connection.createMailbox(name)
            var folders = try await connection.listMailboxes()
            #expect(folders.contains { $0.name.displayName == "프로젝트-\(tag)" })
            try await connection.renameMailbox(name, to: renamed)
            folders = try await connection.listMailboxes()
            #expect(!folders.contains { $0.name == name })
            #expect(folders.contains { $0.name.displayName == "보관함-\(tag)" })
            try await connection.deleteMailbox(renamed)
            folders = try await connection.listMailboxes()
            #expect(!folders.contains { $0.name == renamed })
        }
    }

    @Test func lineBreaksInUserInputAreRejectedBeforeSending() async throws {
        try await withLoggedInConnection(credentials) { connection in
            await #expect(throws: IMAPCommandError.forbiddenCharacter(field: "mailbox name")) {
                try await connection.createMailbox(MailboxName("evil\r\na1 DELETE INBOX"))
            }
            await #expect(throws: IMAPCommandError.forbiddenCharacter(field: "search term")) {
                _ = try await connection.search(in: .inbox, .subject("x\r\nA2 LOGOUT"))
            }
            // The connection is still fine afterwards: nothing was sent.
            try await connection.noop()
            #expect(await connection.isOpen)
        }
    }
}

extension MailboxIntegrationTests {
    /// The folder list's counts come from LIST-STATUS on a pooled connection that often still
    /// has the mailbox selected; Dovecot answers that from the session's stale view, so the
    /// unread badge lagged one delivery behind (issue 25, bug 3).
    @Test func countsOfTheSelectedMailboxSeeMailDeliveredElsewhere() async throws {
        let tag = uniqueSuffix()
        let folder = MailboxName("Counted-\(tag)")
        try await withLoggedInConnection(credentials) { reader in
            try await reader.createMailbox(folder)
            _ = try await reader.append(testMessage(subject: "counted \(tag) #1"), to: folder)
            _ = try await reader.fetchPage(in: folder, page: 1, pageSize: 10)  // leaves it selected
            func counts() async throws -> MailboxStatus? {
                try await reader.listMailboxes(statusItems: [.messages, .unseen]).first { $0.name == folder }?.status
            }
            #expect(try await counts()?.messages == 1)
            _ = try await withLoggedInConnection(credentials) { writer in
                try await writer.append(testMessage(subject: "counted \(tag) #2"), to: folder)
            }
            let after = try await counts()
            #expect(after?.messages == 2)
            #expect(after?.unseen == 2)
            try await reader.deleteMailbox(folder)
        }
    }
}
