import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMAP
import Logging
import NIOCore
import Testing
@testable import Webmail

/// Conversations (issue 30) against the real Dovecot: a six-message conversation whose subject
/// changes, with a missing middle message and an Outlook reply (In-Reply-To and Thread-Index,
/// no References); the user's own reply from Sent in place; two "회의" mails months apart kept
/// apart; new mail threaded into the cached tree without a THREAD; flags and moves on a whole
/// conversation.
@Suite(.serialized, .enabled(if: MailStackEnvironment.runnable))
struct ConversationStackTests {
    static let user = "webmailtest-threads@zioinfo.co.kr"
    static let folder = "대화 테스트"
    static let archive = "대화 보관"

    static func encoded(_ text: String) -> String { "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?=" }

    static func mail(_ id: String, subject: String, from: String, date: String, inReplyTo: String? = nil,
                     references: [String] = [], extra: String = "") -> [UInt8] {
        var text = "From: \(from)\r\nTo: \(user)\r\nSubject: \(encoded(subject))\r\nDate: \(date)\r\nMessage-ID: <\(id)>\r\n"
        if let inReplyTo { text += "In-Reply-To: <\(inReplyTo)>\r\n" }
        if !references.isEmpty { text += "References: \(references.map { "<\($0)>" }.joined(separator: " "))\r\n" }
        text += extra + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n\(subject) 본문\r\n"
        return Array(text.utf8)
    }

    static let minsu = "\(encoded("김민수")) <minsu@example.com>"
    static let jiyoung = "\(encoded("박지영")) <jiyoung@example.com>"
    static let me = "\(encoded("통영희")) <\(user)>"

    /// What `fill` stored: UIDs by Message-ID's local part.
    struct Filled {
        var configuration: WebmailConfiguration
        var uids: [String: Int]
        var sent: String
    }

    static func connect(_ configuration: WebmailConfiguration) async throws -> IMAPConnection {
        let connection = try await IMAPConnection.connect(configuration: MailServerProbes.imapConfiguration(configuration))
        try await connection.login(IMAPCredentials(username: user, password: ComposeAccounts.password))
        return connection
    }

    static func fill() async throws -> Filled {
        let configuration = try await ComposeAccounts.account(user)
        let connection = try await connect(configuration)
        for name in [folder, archive] {
            try? await connection.deleteMailbox(MailboxName(name))
            try await connection.createMailbox(MailboxName(name))
        }
        let sent = try #require(try await connection.listMailboxes().first { $0.role == .sent }?.name)
        var uids: [String: Int] = [:]
        let tag = String(UUID().uuidString.prefix(8))
        func id(_ local: String) -> String { "\(local)-\(tag)@example.com" }
        let conversation: [(String, [UInt8])] = [
            ("a1", mail(id("a1"), subject: "프로젝트 일정", from: minsu, date: "Mon, 2 Nov 2026 09:00:00 +0900")),
            ("a2", mail(id("a2"), subject: "Re: 프로젝트 일정", from: jiyoung, date: "Mon, 2 Nov 2026 10:00:00 +0900",
                        inReplyTo: id("a1"), references: [id("a1")])),
            // a3 (a reply to a2) never reached this folder: a4 names it, and a1 a2 before it.
            ("a4", mail(id("a4"), subject: "회신: 프로젝트 일정 변경", from: minsu, date: "Tue, 3 Nov 2026 09:00:00 +0900",
                        inReplyTo: id("a3"), references: [id("a1"), id("a2"), id("a3")])),
            // Outlook: In-Reply-To and Thread-Index, no References.
            ("a5", mail(id("a5"), subject: "RE: 프로젝트 일정 변경", from: jiyoung, date: "Tue, 3 Nov 2026 10:00:00 +0900",
                        inReplyTo: id("a4"), extra: "Thread-Index: AdnQk1x2AAAAAAAAAA==\r\nThread-Topic: =?UTF-8?B?7ZSE66Gc7KCd7Yq4?=\r\nX-Mailer: Microsoft Outlook 16.0\r\n")),
            ("a6", mail(id("a6"), subject: "Re: 프로젝트 일정 변경", from: minsu, date: "Wed, 4 Nov 2026 09:00:00 +0900",
                        inReplyTo: id("a5"), references: [id("a1"), id("a2"), id("a3"), id("a4"), id("a5")])),
            ("a7", mail(id("a7"), subject: "Re: 프로젝트 일정 변경", from: jiyoung, date: "Wed, 4 Nov 2026 10:00:00 +0900",
                        inReplyTo: id("a6"), references: [id("a1"), id("a5"), id("a6")])),
            // The same subject months apart, no References: two conversations.
            ("m1", mail(id("m1"), subject: "회의", from: minsu, date: "Mon, 5 Jan 2026 09:00:00 +0900")),
            ("m2", mail(id("m2"), subject: "회의", from: minsu, date: "Mon, 1 Jun 2026 09:00:00 +0900")),
        ]
        for (name, bytes) in conversation {
            uids[name] = Int(try #require(try await connection.append(bytes, to: MailboxName(folder), flags: name == "a1" ? [.seen] : []).uid))
        }
        // The user's own reply to a2, in Sent.
        let own = mail(id("s1"), subject: "Re: 프로젝트 일정", from: me, date: "Mon, 2 Nov 2026 11:00:00 +0900",
                       inReplyTo: id("a2"), references: [id("a1"), id("a2")])
        uids["s1"] = Int(try #require(try await connection.append(own, to: sent, flags: [.seen]).uid))
        uids["tag-\(tag)"] = 0
        await connection.logout()
        return Filled(configuration: configuration, uids: uids, sent: sent.displayName)
    }

    static func tag(_ filled: Filled) -> String {
        String(filled.uids.keys.first { $0.hasPrefix("tag-") }?.dropFirst(4) ?? "")
    }

    static func login(_ client: some TestClientProtocol) async throws -> HTTPFields {
        let body = try JSONSerialization.data(withJSONObject: ["username": user, "password": ComposeAccounts.password])
        let login = try await client.execute(uri: "/auth/login", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(data: body))
        let token = try #require(login.json["access_token"] as? String, "\(login.text)")
        return [.authorization: "Bearer \(token)", .contentType: "application/json"]
    }

    static func session() -> Session {
        Session(email: user, password: ComposeAccounts.password, tokenID: "threads-test", expiresAt: .distantFuture, fromCookie: false)
    }

    @Test func conversationsListReadAndJoinOwnReplies() async throws {
        let filled = try await Self.fill()
        let uids = filled.uids
        try await buildApplication(configuration: filled.configuration).test(.router) { client in
            let auth = try await Self.login(client)
            let enc = ListToolsStackTests.formEncoded
            let response = try await client.execute(uri: "/mail/threads?folder=\(enc(Self.folder))&size=10", method: .get, headers: auth)
            #expect(response.status == .ok, "\(response.text)")
            let threads = try #require(response.json["threads"] as? [[String: Any]])
            #expect(response.json["total"] as? Int == 3)
            #expect(response.json["page"] as? Int == 1)
            #expect(response.json["size"] as? Int == 10)
            // Newest activity first: the conversation (a7 is its newest), then the June 회의, then January's.
            let six = try #require(threads.first)
            #expect((six["uids"] as? [Int]) == ["a1", "a2", "a4", "a5", "a6", "a7"].map { uids[$0]! })
            #expect(six["count"] as? Int == 6)
            #expect(six["unseen"] as? Int == 5)
            #expect(six["flagged"] as? Bool == false)
            #expect(six["has_attachments"] as? Bool == false)
            #expect(six["subject"] as? String == "프로젝트 일정")
            let participants = try #require(six["participants"] as? [[String: Any]])
            #expect(participants.map { $0["name"] as? String } == ["김민수", "박지영"])
            #expect(participants.map { $0["email"] as? String } == ["minsu@example.com", "jiyoung@example.com"])
            #expect(participants.map { $0["count"] as? Int } == [3, 3])
            #expect((six["date"] as? String)?.hasPrefix("2026-11-04T01:00:00") == true, "\(six["date"] ?? "")")
            #expect(threads.count == 3)
            #expect(threads.dropFirst().map { $0["uids"] as? [Int] } == [[uids["m2"]!], [uids["m1"]!]])
            #expect(threads.dropFirst().map { $0["subject"] as? String } == ["회의", "회의"])

            // Paging over conversations.
            let second = try await client.execute(uri: "/mail/threads?folder=\(enc(Self.folder))&size=2&page=2", method: .get, headers: auth)
            #expect((second.json["threads"] as? [[String: Any]])?.map { $0["uids"] as? [Int] } == [[uids["m1"]!]])
            #expect(second.json["total"] as? Int == 3)

            // q: conversations with a matching message (a5's subject has 변경; so does the whole conversation).
            let searched = try await client.execute(uri: "/mail/threads?folder=\(enc(Self.folder))&q=\(enc("변경"))", method: .get, headers: auth)
            #expect((searched.json["threads"] as? [[String: Any]])?.count == 1)
            #expect(searched.json["total"] as? Int == 1)

            // The conversation to read: oldest to newest, the own reply from Sent in place.
            let id = try #require(six["id"] as? String)
            let detail = try await client.execute(uri: "/mail/threads/\(id)?folder=\(enc(Self.folder))", method: .get, headers: auth)
            #expect(detail.status == .ok, "\(detail.text)")
            let messages = try #require(detail.json["messages"] as? [[String: Any]])
            #expect(messages.map { $0["uid"] as? Int } == ["a1", "a2", "s1", "a4", "a5", "a6", "a7"].map { uids[$0]! })
            #expect(messages.map { $0["folder"] as? String } == [Self.folder, Self.folder, filled.sent, Self.folder, Self.folder, Self.folder, Self.folder])
            #expect(messages.map { $0["own"] as? Bool } == [false, false, true, false, false, false, false])
            // The message JSON of GET /mail/messages/{uid}: bodies and headers are there.
            #expect((messages[4]["text"] as? String)?.contains("프로젝트 일정 변경 본문") == true)
            #expect(messages[4]["in_reply_to"] as? String == "a4-\(Self.tag(filled))@example.com")

            // Not found: an id of nothing, a malformed id, a folder the user does not have.
            let missing = try await client.execute(uri: "/mail/threads/zz-zzzz?folder=\(enc(Self.folder))", method: .get, headers: auth)
            #expect(missing.status == .notFound)
            let malformed = try await client.execute(uri: "/mail/threads/%2E%2E?folder=\(enc(Self.folder))", method: .get, headers: auth)
            #expect(malformed.status == .notFound)
            #expect(malformed.json["code"] as? String == "message_not_found")
            let otherFolder = try await client.execute(uri: "/mail/threads?folder=\(enc("없는 폴더"))", method: .get, headers: auth)
            #expect(otherFolder.status == .notFound)
            #expect(otherFolder.json["code"] as? String == "folder_not_found")
            let otherUser = try await client.execute(uri: "/mail/threads?folder=\(enc("../webmailtest-search/INBOX"))", method: .get, headers: auth)
            #expect(otherUser.status == .notFound)
            // Without a session: 401 as every /mail route.
            let anonymous = try await client.execute(uri: "/mail/threads", method: .get)
            #expect(anonymous.status == .unauthorized)

            // A whole conversation marked read, starred, then moved: the bulk routes with its uids.
            let conversationUIDs = try #require(six["uids"] as? [Int])
            let flags = try JSONSerialization.data(withJSONObject: ["folder": Self.folder, "uids": conversationUIDs, "seen": true, "flagged": true])
            let flagged = try await client.execute(uri: "/mail/messages/flags", method: .post, headers: auth, body: ByteBuffer(data: flags))
            #expect(flagged.status == .ok, "\(flagged.text)")
            let afterFlags = try await client.execute(uri: "/mail/threads?folder=\(enc(Self.folder))", method: .get, headers: auth)
            let row = try #require((afterFlags.json["threads"] as? [[String: Any]])?.first)
            #expect(row["unseen"] as? Int == 0)
            #expect(row["flagged"] as? Bool == true)
            #expect(row["id"] as? String == id)
            let move = try JSONSerialization.data(withJSONObject: ["folder": Self.folder, "uids": conversationUIDs, "to": Self.archive])
            let moved = try await client.execute(uri: "/mail/messages/move", method: .post, headers: auth, body: ByteBuffer(data: move))
            #expect(moved.status == .ok, "\(moved.text)")
            let afterMove = try await client.execute(uri: "/mail/threads?folder=\(enc(Self.folder))", method: .get, headers: auth)
            #expect(afterMove.json["total"] as? Int == 2)
            let archived = try await client.execute(uri: "/mail/threads?folder=\(enc(Self.archive))", method: .get, headers: auth)
            #expect(archived.json["total"] as? Int == 1)
            #expect((archived.json["threads"] as? [[String: Any]])?.first?["count"] as? Int == 6)
        }
    }

    @Test func newMailUpdatesTheCachedTreeWithoutAThread() async throws {
        let filled = try await Self.fill()
        let tag = Self.tag(filled)
        let store = IMAPMailStore(configuration: filled.configuration, logger: Logger(label: "threads-test"))
        let session = Self.session()
        let cold = IMAPCommandCounter()
        let first = try await IMAPCommandCounter.$current.withValue(cold) {
            try await store.conversations(for: session, folder: Self.folder, page: 1, size: 50, query: MessageQuery())
        }
        #expect(cold.commandNames.contains("UID THREAD"))
        #expect(first.total == 3)
        let id = try #require(first.threads.first?.id)

        // A reply to a7 and an unrelated mail arrive.
        let connection = try await Self.connect(filled.configuration)
        let reply = try #require(try await connection.append(
            Self.mail("a8-\(tag)@example.com", subject: "Re: 프로젝트 일정 변경", from: Self.minsu, date: "Thu, 5 Nov 2026 09:00:00 +0900",
                      inReplyTo: "a7-\(tag)@example.com", references: ["a1-\(tag)@example.com", "a6-\(tag)@example.com", "a7-\(tag)@example.com"]),
            to: MailboxName(Self.folder)).uid)
        let unrelated = try #require(try await connection.append(
            Self.mail("n1-\(tag)@example.com", subject: "새 소식", from: Self.jiyoung, date: "Thu, 5 Nov 2026 08:00:00 +0900"),
            to: MailboxName(Self.folder)).uid)

        let warm = IMAPCommandCounter()
        let second = try await IMAPCommandCounter.$current.withValue(warm) {
            try await store.conversations(for: session, folder: Self.folder, page: 1, size: 50, query: MessageQuery())
        }
        #expect(!warm.commandNames.contains("UID THREAD"), "\(warm.commandNames)")
        #expect(second.total == 4)
        // The newest activity first: the unrelated mail arrived last, then the grown conversation, same id.
        #expect(second.threads.map(\.uids.count) == [1, 7, 1, 1])
        #expect(second.threads[0].uids == [unrelated])
        #expect(second.threads[1].id == id)
        #expect(second.threads[1].uids.last == reply)

        // Nothing new: one UID FETCH says so (and the page's summaries).
        let idle = IMAPCommandCounter()
        _ = try await IMAPCommandCounter.$current.withValue(idle) {
            try await store.conversations(for: session, folder: Self.folder, page: 1, size: 50, query: MessageQuery())
        }
        #expect(idle.commandNames == ["UID FETCH", "UID FETCH"], "\(idle.commandNames)")

        // An expunge prunes.
        try await connection.expungeMessages(in: MailboxName(Self.folder), uids: SequenceSet(numbers: [unrelated]))
        let third = try await store.conversations(for: session, folder: Self.folder, page: 1, size: 50, query: MessageQuery())
        #expect(third.total == 3)
        #expect(third.threads.first?.id == id)
        await connection.logout()
        await store.pool.shutdown()
    }
}
