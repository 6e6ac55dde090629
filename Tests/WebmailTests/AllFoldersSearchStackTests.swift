import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMAP
import Logging
import NIOCore
import NIOConcurrencyHelpers
import Testing
@testable import Webmail

/// "모든 폴더" search against the real Dovecot (issue 25): every selectable folder but Trash and
/// Spam, merged newest received first and paged, each row naming its folder; the user's
/// connection budget holds while eight folders are searched.
@Suite(.serialized, .enabled(if: MailStackEnvironment.runnable))
struct AllFoldersSearchStackTests {
    static let user = "webmailtest-allfolders@zioinfo.co.kr"
    /// The folders made, with the day (November 2026) each one's hit was received.
    static let folders: [(name: String, day: Int)] = [
        ("INBOX", 5), ("거래처 메일", 12), ("프로젝트/부산3D", 9), ("Trash", 20), ("Junk", 21),
        ("보관 1", 1), ("보관 2", 2), ("보관 3", 3), ("보관 4", 4),
    ]

    static func fill(tag: String) async throws -> WebmailConfiguration {
        let configuration = try await ComposeAccounts.account(user)
        let connection = try await IMAPConnection.connect(configuration: MailServerProbes.imapConfiguration(configuration))
        try await connection.login(IMAPCredentials(username: user, password: ComposeAccounts.password))
        for (name, day) in folders {
            let mailbox = MailboxName(name)
            // (INBOX, Trash and Junk always exist: Dovecot makes them; the tag keeps runs apart.)
            if !["INBOX", "Trash", "Junk"].contains(name) {
                try? await connection.deleteMailbox(mailbox)
                try await connection.createMailbox(mailbox)
            }
            let mail = "From: a@example.com\r\nTo: \(user)\r\nSubject: =?UTF-8?B?\(Data("견적 \(tag) \(name)".utf8).base64EncodedString())?=\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nbody\r\n"
            let other = "From: b@example.com\r\nTo: \(user)\r\nSubject: other \(name)\r\n\r\nbody\r\n"
            for text in [mail, other] {
                _ = try await connection.append(Array(text.utf8), to: mailbox, flags: [],
                                                internalDate: InternalDate(year: 2026, month: 11, day: day, hour: 12, minute: 0, second: 0, zoneMinutes: 540))
            }
        }
        await connection.logout()
        return configuration
    }

    @Test func allFoldersButTrashAndSpamMergedNewestFirstAndPaged() async throws {
        let tag = String(UUID().uuidString.prefix(8))
        let configuration = try await Self.fill(tag: tag)
        try await buildApplication(configuration: configuration).test(.router) { client in
            let body = try JSONSerialization.data(withJSONObject: ["username": Self.user, "password": ComposeAccounts.password])
            let login = try await client.execute(uri: "/auth/login", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(data: body))
            let token = try #require(login.json["access_token"] as? String, "\(login.text)")
            let auth: HTTPFields = [.authorization: "Bearer \(token)"]
            let expected = Self.folders.filter { !["Trash", "Junk"].contains($0.name) }.sorted { $0.day > $1.day }.map(\.name)

            let all = try await client.execute(uri: "/mail/messages?scope=all&size=50&q=\(tag)", method: .get, headers: auth)
            #expect(all.status == .ok, "\(all.text)")
            let items = all.json["messages"] as? [[String: Any]] ?? []
            #expect(all.json["total"] as? Int == expected.count)
            #expect(items.compactMap { $0["folder"] as? String } == expected, "newest received first, Trash and Junk left out")
            for item in items {
                #expect((item["subject"] as? String)?.hasSuffix(item["folder"] as? String ?? "?") == true, "\(item)")
            }

            // Paged: page 2 of 3 a page continues where page 1 stopped.
            let second = try await client.execute(uri: "/mail/messages?scope=all&size=3&page=2&q=\(tag)", method: .get, headers: auth)
            #expect((second.json["messages"] as? [[String: Any]])?.compactMap { $0["folder"] as? String } == Array(expected[3..<6]))

            // A row opens in its own folder, with its UID.
            let nested = try #require(items.first { $0["folder"] as? String == "프로젝트/부산3D" })
            let uid = try #require(nested["uid"] as? Int)
            let opened = try await client.execute(uri: "/mail/messages/\(uid)?folder=\(ListToolsStackTests.formEncoded("프로젝트/부산3D"))", method: .get, headers: auth)
            #expect((opened.json["subject"] as? String)?.contains(tag) == true, "\(opened.text)")

            // A folder search names no folder on its rows; bad scope and too deep a page: 400.
            let one = try await client.execute(uri: "/mail/messages?folder=INBOX&q=\(tag)", method: .get, headers: auth)
            #expect((one.json["messages"] as? [[String: Any]])?.first?["folder"] == nil)
            let badScope = try await client.execute(uri: "/mail/messages?scope=everything&q=\(tag)", method: .get, headers: auth)
            #expect(badScope.status == .badRequest && badScope.json["code"] as? String == "invalid_parameter", "\(badScope.text)")
            let deep = try await client.execute(uri: "/mail/messages?scope=all&size=200&page=6&q=\(tag)", method: .get, headers: auth)
            #expect(deep.status == .badRequest && deep.json["code"] as? String == "invalid_parameter", "\(deep.text)")
        }
    }

    @Test func theSearchStaysWithinTheUsersConnectionBudget() async throws {
        let tag = String(UUID().uuidString.prefix(8))
        let configuration = try await Self.fill(tag: tag)
        let limits = IMAPConnectionPool.Limits(maximumPerAccount: 3, maximumTotal: 10, idleTimeout: .seconds(60), waitTimeout: .seconds(20))
        let store = IMAPMailStore(server: MailServerProbes.imapConfiguration(configuration), limits: limits, logger: Logger(label: "all-folders-test"))
        let session = Session(email: Self.user, password: ComposeAccounts.password, tokenID: "all-folders", expiresAt: .distantFuture, fromCookie: false)
        let most = NIOLockedValueBox(0)
        let done = NIOLockedValueBox(false)
        // Watches the pool while the search runs (and until it is done), keeping the most seen.
        let watcher = Task {
            while !done.withLockedValue({ $0 }) {
                let open = store.pool.openConnections
                most.withLockedValue { $0 = max($0, open) }
                await Task.yield()
            }
        }
        var query = MessageQuery()
        query.text = tag
        let page = try await store.searchAllFolders(for: session, page: 1, size: 50, query: query)
        done.withLockedValue { $0 = true }
        await watcher.value
        #expect(page.total == Self.folders.count - 2)
        let seen = most.withLockedValue { $0 }
        #expect(seen <= 2 && seen >= 1, "at most the budget less one: \(seen)")
        await store.pool.shutdown()
    }
}
