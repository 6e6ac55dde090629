import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMAP
import NIOCore
import Testing
@testable import Webmail

/// The list tools of issue 25 against the real Dovecot: the order (bug 4: mail restored from
/// Trash jumped to the top), the filters, "all N" bulk actions resolved by the server, and the
/// forwarded mark. The folder has a space in its name and 240 messages with Korean subjects and
/// senders, received and written at dates that are in neither UID nor each other's order.
@Suite(.serialized, .enabled(if: MailStackEnvironment.runnable))
struct ListToolsStackTests {
    static let user = "webmailtest-listtools@zioinfo.co.kr"
    static let folder = "거래처 메일"
    static let count = 240

    /// What the test knows of each appended message, to compute every order itself.
    struct Stored {
        var uid: Int
        var received: Int
        var sent: Int
        var sender: String
        var subject: String
        var size: Int
        var seen: Bool
        var flagged: Bool
    }

    static let senders = ["김민수", "박지영", "이서준", "최유나", "정하늘", "강도윤", "Alice Kim", "bob Lee", "윤서연", "한지민"]
    static let subjects = ["회의 일정 안내", "견적서 송부", "Weekly report", "출장 보고서", "계약서 검토 요청", "휴가 신청"]

    static func account() async throws -> WebmailConfiguration {
        try await ComposeAccounts.account(user)
    }

    static func connect(_ configuration: WebmailConfiguration) async throws -> IMAPConnection {
        let connection = try await IMAPConnection.connect(configuration: MailServerProbes.imapConfiguration(configuration))
        try await connection.login(IMAPCredentials(username: user, password: ComposeAccounts.password))
        return connection
    }

    /// A date `minutes` after 2026-11-01 00:00 +0900.
    static func internalDate(minutes: Int) -> InternalDate {
        let day = 1 + minutes / 1440
        return InternalDate(year: 2026, month: 11, day: day, hour: (minutes % 1440) / 60, minute: minutes % 60, second: 0, zoneMinutes: 540)
    }

    static func mail(sender: String, subject: String, sent: Int, padding: Int) -> [UInt8] {
        let date = internalDate(minutes: sent)
        let dateHeader = "\(date.day) Nov \(date.year) \(String(format: "%02d:%02d", date.hour, date.minute)):00 +0900"
        let encodedSubject = "=?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?="
        let encodedSender = "=?UTF-8?B?\(Data(sender.utf8).base64EncodedString())?="
        return Array("""
            From: \(encodedSender) <sender\(padding)@example.com>\r
            To: \(user)\r
            Subject: \(encodedSubject)\r
            Date: \(dateHeader)\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=UTF-8\r
            \r
            \(String(repeating: "본문 ", count: padding))\r

            """.utf8)
    }

    /// `folder` made afresh with `count` messages; what was stored, by UID.
    static func fill(_ connection: IMAPConnection, folder: String, count: Int, subjectSuffix: (Int) -> String = { _ in "" }) async throws -> [Stored] {
        try? await connection.deleteMailbox(MailboxName(folder))
        try await connection.createMailbox(MailboxName(folder))
        var stored: [Stored] = []
        for index in 0..<count {
            // Received and written dates: two permutations of the index, neither the append order.
            let received = (index * 97) % count * 30
            let sent = (index * 53) % count * 30 + 7
            let sender = senders[index % senders.count]
            let subject = "\(subjects[(index / 3) % subjects.count]) \(String(format: "%03d", (index * 31) % 1000))\(subjectSuffix(index))"
            let bytes = mail(sender: sender, subject: subject, sent: sent, padding: (index * 37) % 400)
            var flags: [Flag] = index % 5 == 0 ? [] : [.seen]
            if index % 7 == 0 { flags.append(.flagged) }
            let appended = try await connection.append(bytes, to: MailboxName(folder), flags: flags, internalDate: internalDate(minutes: received))
            let uid = try #require(appended.uid.map(Int.init))
            stored.append(Stored(uid: uid, received: received, sent: sent, sender: sender, subject: subject, size: bytes.count,
                                 seen: index % 5 != 0, flagged: index % 7 == 0))
        }
        return stored
    }

    /// A text as IMAP's i;unicode-casemap compares it: case folded (upper), decomposed (Hangul to jamo), by scalar.
    static func collationKey(_ text: String) -> [UInt32] {
        text.uppercased().decomposedStringWithCanonicalMapping.unicodeScalars.map(\.value)
    }

    static func less(_ a: [UInt32], _ b: [UInt32]) -> Bool { a.lexicographicallyPrecedes(b) }

    /// The UIDs in the order the API must give for `sort` and `descending`: ties newest received first.
    static func expected(_ stored: [Stored], sort: String, descending: Bool) -> [Int] {
        stored.sorted { a, b in
            let order: Bool?
            switch sort {
            case "received": order = a.received == b.received ? nil : (a.received < b.received)
            case "sent": order = a.sent == b.sent ? nil : (a.sent < b.sent)
            case "size": order = a.size == b.size ? nil : (a.size < b.size)
            case "from":
                let (x, y) = (collationKey(a.sender), collationKey(b.sender))
                order = x == y ? nil : less(x, y)
            default:
                let (x, y) = (collationKey(a.subject), collationKey(b.subject))
                order = x == y ? nil : less(x, y)
            }
            if let order { return descending ? !order : order }
            return a.received > b.received
        }.map(\.uid)
    }

    static func formEncoded(_ value: String) -> String { FolderNameRoutesTests.formEncoded(value) }

    static func login(_ client: some TestClientProtocol) async throws -> HTTPFields {
        let body = try JSONSerialization.data(withJSONObject: ["username": user, "password": ComposeAccounts.password])
        let login = try await client.execute(uri: "/auth/login", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(data: body))
        let token = try #require(login.json["access_token"] as? String, "\(login.text)")
        return [.authorization: "Bearer \(token)", .contentType: "application/json"]
    }

    /// Every UID of the list with `query`, page by page (100 a page), and its total.
    static func listed(_ client: some TestClientProtocol, _ auth: HTTPFields, folder: String, query: String = "") async throws -> (total: Int, uids: [Int], items: [[String: Any]]) {
        var items: [[String: Any]] = []
        var total = 0
        var page = 1
        repeat {
            let response = try await client.execute(uri: "/mail/messages?folder=\(formEncoded(folder))&size=100&page=\(page)\(query)", method: .get, headers: auth)
            #expect(response.status == .ok, "\(query): \(response.text)")
            total = response.json["total"] as? Int ?? 0
            items += response.json["messages"] as? [[String: Any]] ?? []
            page += 1
        } while items.count < total && page < 10
        return (total, items.compactMap { $0["uid"] as? Int }, items)
    }

    static func post(_ client: some TestClientProtocol, _ auth: HTTPFields, _ path: String, _ body: [String: Any]) async throws -> TestResponse {
        try await client.execute(uri: path, method: .post, headers: auth, body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
    }

    @Test func everyOrderAndDirectionIsTheServersAndSearchResultsFollowIt() async throws {
        let configuration = try await Self.account()
        let connection = try await Self.connect(configuration)
        let stored = try await Self.fill(connection, folder: Self.folder, count: Self.count)
        await connection.logout()
        try await buildApplication(configuration: configuration).test(.router) { client in
            let auth = try await Self.login(client)
            let cases: [(sort: String?, order: String?, descending: Bool)] = [
                (nil, nil, true), ("received", "asc", false), ("sent", nil, true), ("sent", "asc", false),
                ("from", nil, false), ("from", "desc", true), ("subject", nil, false), ("subject", "desc", true),
                ("size", nil, true), ("size", "asc", false),
            ]
            for (sort, order, descending) in cases {
                let query = (sort.map { "&sort=\($0)" } ?? "") + (order.map { "&order=\($0)" } ?? "")
                let list = try await Self.listed(client, auth, folder: Self.folder, query: query)
                #expect(list.total == Self.count, "\(query)")
                #expect(list.uids == Self.expected(stored, sort: sort ?? "received", descending: descending), "\(query)")
            }
            // A search (words with a space, as URLSearchParams sends them) in the order asked for.
            let hits = stored.filter { $0.subject.hasPrefix("견적서 송부") }
            let searched = try await Self.listed(client, auth, folder: Self.folder, query: "&q=" + Self.formEncoded("견적서 송부") + "&sort=size&order=asc")
            #expect(searched.total == hits.count && hits.count > 10)
            #expect(searched.uids == Self.expected(hits, sort: "size", descending: false))
            let newest = try await Self.listed(client, auth, folder: Self.folder, query: "&q=" + Self.formEncoded("견적서"))
            #expect(newest.uids == Self.expected(hits, sort: "received", descending: true), "search results newest received first")
        }
    }

    /// Bug 4: a message restored from Trash keeps its received date, so it goes back to its place
    /// in the list; it used to come first (the list was in sequence order, and it came in last).
    @Test func mailRestoredFromTrashTakesItsDatePlaceNotTheTop() async throws {
        let configuration = try await Self.account()
        let connection = try await Self.connect(configuration)
        let stored = try await Self.fill(connection, folder: "복원 시험", count: 30)
        let old = Self.mail(sender: "김민수", subject: "지난달 회의록", sent: 10, padding: 3)
        let inTrash = try await connection.append(old, to: MailboxName("Trash"), internalDate: Self.internalDate(minutes: 10 * 30 + 15))
        await connection.logout()
        try await buildApplication(configuration: configuration).test(.router) { client in
            let auth = try await Self.login(client)
            let moved = try await Self.post(client, auth, "/mail/messages/move", ["folder": "Trash", "uids": [try #require(inTrash.uid)], "to": "복원 시험"])
            #expect(moved.status == .ok, "\(moved.text)")
            let restoredUID = try #require((moved.json["moved"] as? [String: Any])?["uids"] as? [Int]).first
            let list = try await Self.listed(client, auth, folder: "복원 시험")
            #expect(restoredUID.map { uid in stored.allSatisfy { $0.uid < uid } } == true, "it came in last: the highest UID, the top in sequence order")
            // Its received date lies between the 11th and the 12th oldest of the 30.
            let restored = Stored(uid: restoredUID ?? 0, received: 10 * 30 + 15, sent: 10, sender: "", subject: "", size: 0, seen: false, flagged: false)
            #expect(list.uids == Self.expected(stored + [restored], sort: "received", descending: true))
            #expect(list.uids.firstIndex(of: restoredUID ?? 0) == 30 - 11, "\(list.uids)")
        }
    }

    @Test func filtersPickUnreadOrStarredAndUnknownValuesAreRefused() async throws {
        let configuration = try await Self.account()
        let connection = try await Self.connect(configuration)
        let stored = try await Self.fill(connection, folder: "필터 시험", count: 40)
        await connection.logout()
        try await buildApplication(configuration: configuration).test(.router) { client in
            let auth = try await Self.login(client)
            let unread = try await Self.listed(client, auth, folder: "필터 시험", query: "&filter=unread")
            #expect(unread.uids == Self.expected(stored.filter { !$0.seen }, sort: "received", descending: true))
            let starred = try await Self.listed(client, auth, folder: "필터 시험", query: "&filter=flagged&sort=subject")
            #expect(starred.uids == Self.expected(stored.filter(\.flagged), sort: "subject", descending: false))
            #expect(starred.items.allSatisfy { ($0["flags"] as? [String: Any])?["flagged"] as? Bool == true })
            for (query, code) in [("&sort=date", "invalid_sort"), ("&order=up", "invalid_sort"), ("&sort=from&order=", nil), ("&filter=starred", "invalid_filter")] {
                let response = try await client.execute(uri: "/mail/messages?folder=\(Self.formEncoded("필터 시험"))\(query)", method: .get, headers: auth)
                if let code {
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(response.json["code"] as? String == code, "\(query): \(response.text)")
                } else {
                    #expect(response.status == .ok, "\(query): an empty order is the field's default")
                }
            }
        }
    }

    /// "All N in this folder/search": the server resolves the UIDs (UID SEARCH) and acts on them
    /// 1,000 at a time; a message that arrives afterwards is left alone.
    @Test func bulkActionsOnAllOfAFolderOrSearchAreResolvedByTheServer() async throws {
        let configuration = try await Self.account()
        let connection = try await Self.connect(configuration)
        let source = "일괄 처리"
        let target = "보관 2026"
        let stored = try await Self.fill(connection, folder: source, count: 1_030) { $0 % 3 == 0 ? " 정리대상" : "" }
        try? await connection.deleteMailbox(MailboxName(target))
        try await connection.createMailbox(MailboxName(target))
        try await buildApplication(configuration: configuration).test(.router) { client in
            let auth = try await Self.login(client)
            // 모두 읽음: every unread message of the folder, more than one page and than one chunk of UIDs.
            let unreadBefore = stored.filter { !$0.seen }.count
            let read = try await Self.post(client, auth, "/mail/messages/flags", ["folder": source, "all": true, "search": ["filter": "unread"], "seen": true])
            #expect(read.status == .ok, "\(read.text)")
            #expect(read.json["count"] as? Int == unreadBefore)
            #expect(try await Self.listed(client, auth, folder: source, query: "&filter=unread").total == 0)
            // All of a search, moved: more than 1,000 messages in one request.
            let late = try await connection.append(Self.mail(sender: "박지영", subject: "늦게 온 정리대상", sent: 5, padding: 1), to: MailboxName(source))
            let picked = stored.filter { $0.subject.hasSuffix("정리대상") }.count + 1
            let move = try await Self.post(client, auth, "/mail/messages/move", ["folder": source, "all": true, "search": ["q": "정리대상"], "to": target])
            #expect(move.status == .ok, "\(move.text)")
            #expect(move.json["count"] as? Int == picked)
            #expect((move.json["moved"] as? [String: Any])?["uids"] as? [Any] != nil)
            #expect(try await Self.listed(client, auth, folder: target).total == picked)
            #expect(try await Self.listed(client, auth, folder: source).total == stored.count + 1 - picked)
            _ = late
            // A message arriving after the request was resolved is not among "all": delete all of the target, then one more arrives.
            let delete = try await Self.post(client, auth, "/mail/messages/delete", ["folder": target, "all": true])
            #expect(delete.status == .ok, "\(delete.text)")
            #expect(delete.json["count"] as? Int == picked)
            #expect((delete.json["moved"] as? [String: Any])?["folder"] as? String == "Trash")
            _ = try await connection.append(Self.mail(sender: "이서준", subject: "방금 도착", sent: 9, padding: 2), to: MailboxName(target))
            #expect(try await Self.listed(client, auth, folder: target).total == 1)
            // Neither uids nor all, or both: refused, nothing touched.
            for body: [String: Any] in [["folder": source], ["folder": source, "uids": [1], "all": true], ["folder": source, "all": false]] {
                let refused = try await Self.post(client, auth, "/mail/messages/delete", body)
                #expect(refused.status == .badRequest)
                #expect(refused.json["code"] as? String == "invalid_selection", "\(body): \(refused.text)")
            }
            let badFilter = try await Self.post(client, auth, "/mail/messages/flags", ["folder": source, "all": true, "search": ["filter": "x"], "seen": false])
            #expect(badFilter.json["code"] as? String == "invalid_filter")
            #expect(try await Self.listed(client, auth, folder: source).total == stored.count + 1 - picked)
        }
        await connection.logout()
    }

    /// A forward sent with `forwarded_uid` marks its original `$Forwarded`; the list says so, next
    /// to `answered`.
    @Test func aSentForwardMarksItsOriginal() async throws {
        try await ComposeAccounts.ensure()
        let configuration = try MailStackAPITests.stackConfiguration(state: try TemporaryDirectory())
        let connection = try await IMAPConnection.connect(configuration: MailServerProbes.imapConfiguration(configuration))
        try await connection.login(IMAPCredentials(username: ComposeAccounts.sender, password: ComposeAccounts.password))
        let tag = String(UUID().uuidString.prefix(8))
        let original = try await connection.append(Self.mail(sender: "최유나", subject: "전달할 메일 \(tag)", sent: 3, padding: 2), to: .inbox)
        await connection.logout()
        let uid = try #require(original.uid)
        try await buildApplication(configuration: configuration).test(.router) { client in
            let body = try JSONSerialization.data(withJSONObject: ["username": ComposeAccounts.sender, "password": ComposeAccounts.password])
            let login = try await client.execute(uri: "/auth/login", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(data: body))
            let token = try #require(login.json["access_token"] as? String)
            let sent = try await MailStackAPITests.send(client, token: token, [
                "to": [["name": "", "email": ComposeAccounts.recipient]], "subject": "Fwd: 전달할 메일 \(tag)", "text": "참고하세요.",
                "forwarded_uid": uid, "forwarded_folder": "INBOX",
            ])
            #expect(sent.status == .ok, "\(sent.text)")
            let page = try await client.execute(uri: "/mail/messages?folder=INBOX&q=\(tag)", method: .get, headers: [.authorization: "Bearer \(token)"])
            let item = try #require((page.json["messages"] as? [[String: Any]])?.first { $0["uid"] as? Int == Int(uid) }, "\(page.text)")
            let flags = item["flags"] as? [String: Any]
            #expect(flags?["forwarded"] as? Bool == true && flags?["answered"] as? Bool == false, "\(item)")
        }
    }
}
