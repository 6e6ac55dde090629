import IMAP
import Logging

/// Looks into internal recipients' mailboxes through the Dovecot master user: a short-lived
/// connection per recipient (logged in as `recipient*master`), commands with a deadline each
/// and the whole visit under one deadline too. Lookups only EXAMINE (read-only: nothing of the
/// recipient's changes, \Seen included); a recall expunges exactly the copies it names.
struct RecipientMailboxes: Sendable {
    let server: IMAPConfiguration
    let master: IMAPMasterLogin
    let logger: Logger
    /// The most folders one lookup searches: INBOX, Junk, Trash, then the others in LIST order.
    static let folderLimit = 20
    /// The longest one recipient's visit (connect, login, LIST, SEARCHes, FETCHes) may take.
    static let visitDeadline: Duration = .seconds(20)

    init(configuration: WebmailConfiguration, master: IMAPMasterLogin, logger: Logger) {
        var server = MailServerProbes.imapConfiguration(configuration)
        server.connectTimeout = .seconds(5)
        server.commandTimeout = .seconds(10)
        self.init(server: server, master: master, logger: logger)
    }

    init(server: IMAPConfiguration, master: IMAPMasterLogin, logger: Logger) {
        self.server = server
        self.master = master
        self.logger = logger
    }

    /// Every copy of each of `messageIDs` in `recipient`'s mailbox, by Message-ID.
    func copies(of messageIDs: [String], for recipient: String) async throws -> [String: [RecipientCopy]] {
        try await visit(recipient) { connection in try await Self.locate(messageIDs, on: connection) }
    }

    /// Expunges the copies of `messageID` when none of them has been read.
    func recall(_ messageID: String, from recipient: String) async throws -> RecallResult {
        try await visit(recipient) { connection in
            let copies = try await Self.locate([messageID], on: connection)[messageID] ?? []
            if copies.isEmpty { return .notFound }
            if copies.contains(where: \.seen) { return .alreadyRead }
            for (mailbox, group) in Dictionary(grouping: copies, by: \.mailbox) {
                // STORE +FLAGS (\Deleted) then UID EXPUNGE of exactly these UIDs (UIDPLUS): a
                // message the recipient had marked \Deleted themselves stays.
                try await connection.expungeMessages(in: mailbox, uids: SequenceSet(numbers: group.map(\.uid)))
            }
            return .recalled
        }
    }

    private func visit<T: Sendable>(_ recipient: String, _ body: @escaping @Sendable (IMAPConnection) async throws -> T) async throws -> T {
        let server = self.server, master = self.master, logger = self.logger
        // Not a task-group race: a group waits for its children, and a connect or read on a
        // server that went silent need not notice cancellation (see `outcome`).
        let visited = try await outcome(of: {
            let connection = try await IMAPConnection.connect(configuration: server, logger: logger)
            do {
                try await connection.login(IMAPCredentials(username: master.loginName(for: recipient), password: master.password))
                let result = try await body(connection)
                await connection.logout(within: .seconds(2))
                return result
            } catch {
                await connection.close()
                throw error
            }
        }, within: Self.visitDeadline)
        guard case .value(let result) = visited else {
            throw IMAPError.connectionFailed("the recipient's mailbox did not answer within \(Self.visitDeadline)")
        }
        return result
    }

    /// The folders to search, in order: INBOX, Junk, Trash, the rest; Sent and Drafts are the
    /// recipient's own mail, never where a received message lands.
    static func searchOrder(_ infos: [MailboxInfo]) -> [(MailboxName, MailboxRole?)] {
        let selectable = infos.filter { !$0.attributes.contains(.noSelect) && !$0.attributes.contains(.nonExistent) }
            .map { ($0.name, MailboxRole(name: $0.name, attributes: $0.attributes)) }
            .filter { $0.1 != .sent && $0.1 != .drafts }
        let rank: (MailboxRole?) -> Int = { role in
            switch role {
            case .inbox: 0
            case .junk: 1
            case .trash: 2
            default: 3
            }
        }
        return Array(selectable.enumerated().sorted { (rank($0.element.1), $0.offset) < (rank($1.element.1), $1.offset) }
            .map(\.element).prefix(folderLimit))
    }

    static func locate(_ messageIDs: [String], on connection: IMAPConnection) async throws -> [String: [RecipientCopy]] {
        let wanted = Set(messageIDs)
        guard let firstID = messageIDs.first else { return [:] }
        // HEADER Message-ID as typed search keys (quoted strings, never spliced), OR-ed for a page.
        let criteria = messageIDs.dropFirst().reduce(SearchKey.header(name: "Message-ID", value: firstID)) {
            .or($0, .header(name: "Message-ID", value: $1))
        }
        var found: [String: [RecipientCopy]] = [:]
        for (mailbox, role) in searchOrder(try await connection.listMailboxes(pattern: "*")) {
            let uids: [UInt32]
            do {
                uids = try await connection.search(in: mailbox, criteria)
            } catch IMAPError.commandFailed {
                continue   // a folder that vanished or cannot be opened: look at the others
            }
            guard !uids.isEmpty else { continue }
            for summary in try await connection.fetchSummaries(in: mailbox, uids: SequenceSet(numbers: uids)) {
                // SEARCH HEADER matches substrings: keep only exact Message-IDs.
                guard let id = summary.envelope?.messageID?.utf8String?.trimmingCharacters(in: .whitespaces),
                      wanted.contains(id), !summary.flags.contains(.deleted) else { continue }
                found[id, default: []].append(RecipientCopy(
                    mailbox: mailbox, uid: summary.uid, seen: summary.flags.contains(.seen), inTrash: role == .trash))
            }
        }
        return found
    }
}
