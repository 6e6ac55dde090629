import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MIME
import NIOCore
import SMTP
import Testing
@testable import Webmail

/// Issue 29 through the real Postfix and Dovecot: undo send, scheduled send, the outbox's
/// routes. Time is injected: the app queues, and a second outbox over the same database (a new
/// instance, or the app after a restart) sends with a `now` of the test's choosing.
@Suite(.serialized, .enabled(if: MailStackEnvironment.runnable))
struct OutboxStackTests {
    typealias Compose = ComposeAPITests

    static func withApp(_ body: @Sendable (any TestClientProtocol, WebmailConfiguration) async throws -> Void) async throws {
        try await ComposeAccounts.ensure()
        let state = try TemporaryDirectory()
        let configuration = try MailStackAPITests.stackConfiguration(state: state)
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.router) { client in try await body(client, configuration) }
    }

    /// Another instance over the app's database and keys.
    static func instance(_ configuration: WebmailConfiguration, name: String = "restarted") throws -> Outbox {
        var logger = Logger(label: "outbox-stack-test")
        logger.logLevel = .warning
        let keys = try ServerKeys.load(configuration: configuration)
        let store = SQLiteStateStore(path: try #require(configuration.databaseURL.sqlitePath(stateDir: configuration.stateDir)), logger: logger)
        let imap = IMAPMailStore(configuration: configuration, logger: logger)
        let smtp = SMTPClient(configuration: MailServerProbes.smtpConfiguration(configuration), logger: logger)
        return Outbox(store: OutboxStore(store: store),
                      transport: IMAPOutboxTransport(mailbox: imap, smtp: smtp, maxMessageBytes: configuration.maxMessageBytes),
                      sealer: PasswordSealer(key: keys.sealingKey), events: MailEventHub(source: InMemoryMailFeed(), logger: logger),
                      instance: name, lease: .seconds(60), logger: logger)
    }

    static func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String, json: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    static func postfixLogMentions(_ text: String) throws -> Bool {
        let directory = try #require(MailStackEnvironment.environment["MAILSTACK_DIR"])
        let log = (try? String(contentsOfFile: directory + "/log/postfix.log", encoding: .utf8)) ?? ""
        return log.contains(text)
    }

    @Test func aMailCancelledWithinTheDelayNeverReachesPostfixAndComesBackAsADraft() async throws {
        try await Self.withApp { client, configuration in
            let sender = try await Compose.login(client, ComposeAccounts.sender)
            let recipient = try await Compose.login(client, ComposeAccounts.recipient)
            let subject = Compose.unique("발송 취소")
            let queued = try await Compose.post(client, "/mail/send", token: sender, [
                "to": [ComposeAccounts.recipient], "bcc": [ComposeAccounts.blindCopy], "subject": subject, "text": "취소될 메일", "delay_seconds": 30,
            ])
            #expect(queued.status == .accepted, "\(queued.text)")
            #expect(queued.json["status"] as? String == "queued")
            let id = try #require(queued.json["outbox_id"] as? String)
            let messageID = try #require(queued.json["message_id"] as? String)
            let sendAt = try #require((queued.json["send_at"] as? String).flatMap(OutboxSchedule.parse))
            #expect(abs(sendAt.timeIntervalSinceNow - 30) < 10)

            let listed = try await Self.call(client, .get, "/mail/outbox", token: sender)
            #expect((listed.json["entries"] as? [[String: Any]])?.contains { $0["id"] as? String == id && $0["state"] as? String == "queued" } == true)
            #expect(try await Self.call(client, .get, "/mail/outbox/\(id)", token: recipient).status == .notFound)
            #expect(try await Self.call(client, .delete, "/mail/outbox/\(id)", token: recipient).status == .notFound)

            let cancelled = try await Self.call(client, .delete, "/mail/outbox/\(id)", token: sender)
            #expect(cancelled.status == .ok, "\(cancelled.text)")
            let draftUID = try #require(cancelled.json["draft_uid"] as? Int)
            let draft = try await Compose.detail(client, token: sender, uid: draftUID, folder: "Drafts")
            #expect(draft.json["subject"] as? String == subject && (draft.json["text"] as? String ?? "").contains("취소될 메일"), "\(draft.text)")
            #expect(((draft.json["bcc"] as? [[String: Any]]) ?? []).contains { $0["email"] as? String == ComposeAccounts.blindCopy }, "\(draft.text)")
            #expect(try await Self.call(client, .delete, "/mail/outbox/\(id)", token: sender).status == .notFound)

            // Long past its time, nothing is left to send.
            let later = try Self.instance(configuration)
            #expect(try await later.sendDue(now: { Date().addingTimeInterval(86_400) }) == 0)
            let marker = Compose.unique("표지")
            #expect(try await Compose.post(client, "/mail/send", token: sender, ["to": [ComposeAccounts.recipient], "subject": marker, "text": "."]).status == .ok)
            _ = try await Compose.waitForMessage(client, token: recipient, subject: marker)
            #expect(try await Compose.search(client, token: recipient, folder: "INBOX", subject: subject).isEmpty)
            #expect(try Self.postfixLogMentions(messageID) == false)
        }
    }

    @Test func aScheduledMailIsDeliveredOnceWithItsAttachmentAndOneSentCopy() async throws {
        try await Self.withApp { client, configuration in
            let sender = try await Compose.login(client, ComposeAccounts.sender)
            let recipient = try await Compose.login(client, ComposeAccounts.recipient)
            let pdf = Array("%PDF-1.4\n예약 발송 첨부\n".utf8) + (0..<20_000).map { UInt8($0 % 251) }
            let upload = try await Compose.upload(client, token: sender, filename: "보고서.pdf", contentType: "application/pdf", data: pdf)
            let subject = Compose.unique("예약 발송")
            let tomorrow = OutboxSchedule.format(Date().addingTimeInterval(86_400))
            let queued = try await Compose.post(client, "/mail/send", token: sender, [
                "to": [ComposeAccounts.recipient], "subject": subject, "text": "내일 도착", "attachments": [upload], "send_at": tomorrow,
            ])
            #expect(queued.status == .accepted, "\(queued.text)")
            let id = try #require(queued.json["outbox_id"] as? String)
            let entry = try await Self.call(client, .get, "/mail/outbox/\(id)", token: sender)
            #expect(entry.json["subject"] as? String == subject && entry.json["state"] as? String == "queued", "\(entry.text)")
            #expect((entry.json["recipients"] as? [String]) == [ComposeAccounts.recipient])

            // The app "restarts": a new instance over the same database sends it at its time, once.
            let restarted = try Self.instance(configuration)
            #expect(try await restarted.sendDue(now: { Date().addingTimeInterval(3600) }) == 0)
            #expect(try await restarted.sendDue(now: { Date().addingTimeInterval(86_400 + 60) }) == 1)
            #expect(try await restarted.sendDue(now: { Date().addingTimeInterval(86_400 + 120) }) == 0)
            #expect(try await Self.instance(configuration, name: "third").sendDue(now: { Date().addingTimeInterval(90_000) }) == 0)

            let uid = try await Compose.waitForMessage(client, token: recipient, subject: subject)
            let detail = try await Compose.detail(client, token: recipient, uid: uid)
            let attachment = try #require(Compose.attachments(detail).first)
            #expect(attachment["filename"] as? String == "보고서.pdf", "\(detail.text)")
            let part = try #require(attachment["part"] as? String)
            #expect(try await Compose.download(client, token: recipient, uid: uid, part: part) == pdf)
            #expect(try await Compose.search(client, token: sender, folder: "Sent", subject: subject).count == 1)
            #expect(try await Compose.search(client, token: recipient, folder: "INBOX", subject: subject).count == 1)
            #expect(try await Self.call(client, .get, "/mail/outbox/\(id)", token: sender).status == .notFound)
            let late = try await Self.call(client, .delete, "/mail/outbox/\(id)", token: sender)
            #expect(late.status == .conflict && late.json["code"] as? String == "already_sent", "\(late.text)")
        }
    }

    @Test func aMailWhosePasswordChangedFailsIntoDraftsWithTheReason() async throws {
        try await Self.withApp { client, configuration in
            let sender = try await Compose.login(client, ComposeAccounts.sender)
            let subject = Compose.unique("비밀번호 변경")
            let instance = try Self.instance(configuration)
            var message = MessageBuilder(from: MailAddress(email: ComposeAccounts.sender), messageIDDomain: "zioinfo.co.kr")
            message.to = [MailAddress(email: ComposeAccounts.recipient)]
            message.subject = subject
            message.text = "예전 비밀번호로 예약된 메일"
            // Queued with the password of then; the account's password is another one now.
            let old = IMAPOutboxTransport.session(ComposeAccounts.sender, "Old-password-1!")
            let entry = try await instance.enqueue(message, bookkeeping: OutboxBookkeeping(), sendAt: Date(), session: old)
            #expect(try await instance.sendDue(now: { Date().addingTimeInterval(1) }) == 1)

            // The next start of the SPA (the new password) reads the notice; the mail is in Drafts by then.
            let failed = try await Self.call(client, .get, "/mail/outbox?state=failed", token: sender)
            let notice = try #require((failed.json["entries"] as? [[String: Any]])?.first { $0["id"] as? String == entry.id }, "\(failed.text)")
            #expect((notice["reason"] as? String ?? "").contains("비밀번호"), "\(notice)")
            let draftUID = try #require(notice["draft_uid"] as? Int, "\(notice)")
            let draft = try await Compose.detail(client, token: sender, uid: draftUID, folder: "Drafts")
            #expect(draft.json["subject"] as? String == subject)
            // Dismissed: gone from the notices.
            #expect(try await Self.call(client, .delete, "/mail/outbox/\(entry.id)", token: sender).json["draft_uid"] as? Int == draftUID)
            #expect(try await Self.call(client, .get, "/mail/outbox/\(entry.id)", token: sender).status == .notFound)
        }
    }

    @Test func aScheduledMailIsMovedThenSentNowAndBadTimesAre400() async throws {
        try await Self.withApp { client, _ in
            let sender = try await Compose.login(client, ComposeAccounts.sender)
            let recipient = try await Compose.login(client, ComposeAccounts.recipient)
            for bad: [String: Any] in [["delay_seconds": 31], ["send_at": "내일"], ["send_at": "2020-01-01T09:00:00+09:00"],
                                       ["send_at": OutboxSchedule.format(Date().addingTimeInterval(400 * 86_400))],
                                       ["send_at": OutboxSchedule.format(Date()), "delay_seconds": 5]] {
                let refused = try await Compose.post(client, "/mail/send", token: sender,
                                                     bad.merging(["to": [ComposeAccounts.recipient], "subject": "x", "text": "x"]) { a, _ in a })
                #expect(refused.status == .badRequest && refused.json["code"] as? String == "invalid_send_time", "\(bad): \(refused.text)")
            }
            let immediate = try await Compose.post(client, "/mail/send", token: sender, [
                "to": [ComposeAccounts.recipient], "subject": Compose.unique("즉시"), "text": ".", "delay_seconds": 0])
            #expect(immediate.status == .ok && immediate.json["status"] as? String == "sent", "\(immediate.text)")

            let subject = Compose.unique("시간 변경")
            let queued = try await Compose.post(client, "/mail/send", token: sender, [
                "to": [ComposeAccounts.recipient], "subject": subject, "text": ".", "send_at": OutboxSchedule.format(Date().addingTimeInterval(86_400))])
            let id = try #require(queued.json["outbox_id"] as? String, "\(queued.text)")
            let monday = Date().addingTimeInterval(3 * 86_400)
            let moved = try await Self.call(client, .patch, "/mail/outbox/\(id)", token: sender, json: #"{"send_at":"\#(OutboxSchedule.format(monday))"}"#)
            #expect(moved.status == .ok && (moved.json["send_at"] as? String).flatMap(OutboxSchedule.parse).map { abs($0.timeIntervalSince(monday)) < 1 } == true, "\(moved.text)")
            #expect(try await Self.call(client, .patch, "/mail/outbox/\(id)", token: sender, json: #"{"send_at":"어제"}"#).status == .badRequest)
            #expect(try await Self.call(client, .patch, "/mail/outbox/\(id)", token: recipient, json: #"{"send_at":"\#(OutboxSchedule.format(monday))"}"#).status == .notFound)
            let now = try await Self.call(client, .post, "/mail/outbox/\(id)/send", token: sender)
            #expect(now.status == .ok, "\(now.text)")
            // The app's own scanner is woken by the change (no polling) and sends it.
            _ = try await Compose.waitForMessage(client, token: recipient, subject: subject)
            #expect(try await Compose.search(client, token: sender, folder: "Sent", subject: subject).count == 1)
        }
    }
}
