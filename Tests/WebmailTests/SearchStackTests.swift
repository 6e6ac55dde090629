import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMAP
import NIOCore
import Testing
@testable import Webmail

/// Search against the real Dovecot (issues 25 and 34): the default scope (subject, From, To, Cc)
/// and 본문 포함 (the body too), several words and a quoted Korean phrase with a space, each field
/// of the detailed search (from, to, subject, since/before, has attachment with Outlook's mail,
/// unread, starred), a bulk "all of this search", and the 400s that name a bad parameter.
@Suite(.serialized, .enabled(if: MailStackEnvironment.runnable))
struct SearchStackTests {
    static let user = "webmailtest-search@zioinfo.co.kr"
    static let folder = "거래처 메일"

    /// A day in November 2026 at noon, Seoul time (the same day in UTC: no zone question here).
    static func day(_ day: Int) -> InternalDate {
        InternalDate(year: 2026, month: 11, day: day, hour: 12, minute: 0, second: 0, zoneMinutes: 540)
    }

    static func encoded(_ text: String) -> String { "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?=" }

    static func headers(from: String, subject: String, cc: String? = nil, extra: String = "") -> String {
        "From: \(from)\r\nTo: \(user)\r\n" + (cc.map { "Cc: \($0)\r\n" } ?? "")
            + "Subject: \(encoded(subject))\r\nDate: Tue, 3 Nov 2026 12:00:00 +0900\r\nMIME-Version: 1.0\r\n\(extra)"
    }

    /// A plain mail whose body alone has `zebra크로싱`.
    static let plain = headers(from: "\(encoded("김민수")) <minsu@example.com>", subject: "회의 일정 안내")
        + "Content-Type: text/plain; charset=UTF-8\r\n\r\n다음 주 안건입니다. zebra크로싱\r\n"

    /// A PDF attached (Thunderbird's shape); its body has the phrase "회의 일정".
    static let withPDF = headers(from: "\(encoded("박지영")) <jiyoung@example.com>", subject: "견적서 송부",
                                 cc: "\(encoded("이서준")) <seojun@example.com>")
        + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
        + "회의 일정 변경 건으로 견적서를 보냅니다.\r\n--b1\r\nContent-Type: application/pdf; name=\"q.pdf\"\r\n"
        + "Content-Disposition: attachment; filename=\"q.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1--\r\n"

    /// Outlook 16's shape: multipart/mixed over multipart/alternative, a .docx attached.
    static let outlookAttachment = headers(from: "Alice Kim <alice@example.com>", subject: "Weekly report",
                                           extra: "X-Mailer: Microsoft Outlook 16.0\r\nThread-Index: AdnQk1x2\r\nContent-Language: ko-KR\r\n")
        + "Content-Type: multipart/mixed;\r\n\tboundary=\"----=_NextPart_000_0001_01DA1234.56789ABC\"\r\n\r\n"
        + "------=_NextPart_000_0001_01DA1234.56789ABC\r\nContent-Type: multipart/alternative;\r\n\tboundary=\"----=_NextPart_001_0002_01DA1234.56789ABC\"\r\n\r\n"
        + "------=_NextPart_001_0002_01DA1234.56789ABC\r\nContent-Type: text/plain; charset=\"ks_c_5601-1987\"\r\n\r\nreport\r\n"
        + "------=_NextPart_001_0002_01DA1234.56789ABC\r\nContent-Type: text/html; charset=\"ks_c_5601-1987\"\r\n\r\n<p>report</p>\r\n"
        + "------=_NextPart_001_0002_01DA1234.56789ABC--\r\n\r\n"
        + "------=_NextPart_000_0001_01DA1234.56789ABC\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;\r\n\tname=\"report.docx\"\r\n"
        + "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment;\r\n\tfilename=\"report.docx\"\r\n\r\nUEsDBBQ=\r\n"
        + "------=_NextPart_000_0001_01DA1234.56789ABC--\r\n"

    /// Outlook's HTML mail with an inline picture: multipart/related, no attachment.
    static let outlookInline = headers(from: "\(encoded("최유나")) <yuna@example.com>", subject: "사진 공유",
                                       extra: "X-Mailer: Microsoft Outlook 16.0\r\n")
        + "Content-Type: multipart/related;\r\n\tboundary=\"----=_NextPart_000_0003\";\r\n\ttype=\"text/html\"\r\n\r\n"
        + "------=_NextPart_000_0003\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<p>회의실 사진</p><img src=\"cid:image001.png@01DA\">\r\n"
        + "------=_NextPart_000_0003\r\nContent-Type: image/png; name=\"image001.png\"\r\nContent-ID: <image001.png@01DA>\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n------=_NextPart_000_0003--\r\n"

    /// The folder made afresh; the UIDs of the four mails, in the order above.
    static func fill() async throws -> (WebmailConfiguration, [Int]) {
        let configuration = try await ComposeAccounts.account(user)
        let connection = try await IMAPConnection.connect(configuration: MailServerProbes.imapConfiguration(configuration))
        try await connection.login(IMAPCredentials(username: user, password: ComposeAccounts.password))
        try? await connection.deleteMailbox(MailboxName(folder))
        try await connection.createMailbox(MailboxName(folder))
        let mails: [(String, [Flag], Int)] = [(plain, [.seen], 3), (withPDF, [], 10), (outlookAttachment, [.seen, .flagged], 20), (outlookInline, [.seen], 25)]
        var uids: [Int] = []
        for (text, flags, received) in mails {
            let appended = try await connection.append(Array(text.utf8), to: MailboxName(folder), flags: flags, internalDate: day(received))
            uids.append(Int(try #require(appended.uid)))
        }
        await connection.logout()
        return (configuration, uids)
    }

    static func login(_ client: some TestClientProtocol) async throws -> HTTPFields {
        let body = try JSONSerialization.data(withJSONObject: ["username": user, "password": ComposeAccounts.password])
        let login = try await client.execute(uri: "/auth/login", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(data: body))
        let token = try #require(login.json["access_token"] as? String, "\(login.text)")
        return [.authorization: "Bearer \(token)", .contentType: "application/json"]
    }

    static func found(_ client: some TestClientProtocol, _ auth: HTTPFields, _ query: String) async throws -> Set<Int> {
        Set(try await ListToolsStackTests.listed(client, auth, folder: folder, query: query).uids)
    }

    static func q(_ text: String) -> String { "&q=" + ListToolsStackTests.formEncoded(text) }

    @Test func theDefaultScopeIsTheHeadersAndTheBodyOnRequest() async throws {
        let (configuration, uids) = try await Self.fill()
        let (plain, pdf, outlook, inline) = (uids[0], uids[1], uids[2], uids[3])
        try await buildApplication(configuration: configuration).test(.router) { client in
            let auth = try await Self.login(client)
            // Two words, both in the subject of one mail; the other has them only in its body.
            #expect(try await Self.found(client, auth, Self.q("회의 일정")) == [plain])
            #expect(try await Self.found(client, auth, Self.q("회의 일정") + "&body=1") == [plain, pdf])
            // A quoted phrase with a space is one term.
            #expect(try await Self.found(client, auth, Self.q("\"회의 일정\"")) == [plain])
            #expect(try await Self.found(client, auth, Self.q("\"일정 회의\"") + "&body=1") == [])
            // A word only in a body: found with 본문 포함 alone.
            #expect(try await Self.found(client, auth, Self.q("zebra크로싱")) == [])
            #expect(try await Self.found(client, auth, Self.q("zebra크로싱") + "&body=true") == [plain])
            // From, To and Cc are in the default scope: names and addresses.
            #expect(try await Self.found(client, auth, Self.q("이서준")) == [pdf])
            #expect(try await Self.found(client, auth, Self.q("seojun")) == [pdf])
            #expect(try await Self.found(client, auth, Self.q("alice")) == [outlook])
            #expect(try await Self.found(client, auth, Self.q("webmailtest-search")) == [plain, pdf, outlook, inline])
            #expect(try await Self.found(client, auth, Self.q("회의실")) == [])
            #expect(try await Self.found(client, auth, Self.q("회의실") + "&body=1") == [inline])
        }
    }

    @Test func eachFieldOfTheDetailedSearch() async throws {
        let (configuration, uids) = try await Self.fill()
        let (plain, pdf, outlook, inline) = (uids[0], uids[1], uids[2], uids[3])
        try await buildApplication(configuration: configuration).test(.router) { client in
            let auth = try await Self.login(client)
            let enc = ListToolsStackTests.formEncoded
            #expect(try await Self.found(client, auth, "&from=" + enc("김민수")) == [plain])
            #expect(try await Self.found(client, auth, "&from=alice%40example.com") == [outlook])
            #expect(try await Self.found(client, auth, "&from=" + enc("이서준")) == [], "Cc is not From")
            #expect(try await Self.found(client, auth, "&to=webmailtest-search") == [plain, pdf, outlook, inline])
            #expect(try await Self.found(client, auth, "&to=seojun") == [])
            #expect(try await Self.found(client, auth, "&subject=" + enc("견적서 송부")) == [pdf])
            #expect(try await Self.found(client, auth, "&subject=" + enc("회의 일정")) == [plain])
            #expect(try await Self.found(client, auth, "&since=2026-11-10") == [pdf, outlook, inline])
            #expect(try await Self.found(client, auth, "&before=2026-11-10") == [plain])
            #expect(try await Self.found(client, auth, "&since=2026-11-10&before=2026-11-21") == [pdf, outlook])
            // Attachments: Thunderbird's PDF and Outlook's .docx; not Outlook's inline picture.
            #expect(try await Self.found(client, auth, "&attachment=1") == [pdf, outlook])
            #expect(try await Self.found(client, auth, "&filter=unread") == [pdf])
            #expect(try await Self.found(client, auth, "&flagged=1") == [outlook])
            // Fields and words together.
            #expect(try await Self.found(client, auth, "&attachment=1&since=2026-11-15" + Self.q("report")) == [outlook])
            #expect(try await Self.found(client, auth, "&from=" + enc("박지영") + Self.q("회의") + "&body=1") == [pdf])

            // A bulk "all of this search" acts on the same messages.
            let read = try await ListToolsStackTests.post(client, auth, "/mail/messages/flags",
                                                          ["folder": Self.folder, "all": true, "search": ["attachment": true, "from": "박지영"], "seen": true])
            #expect(read.status == .ok && read.json["count"] as? Int == 1, "\(read.text)")
            #expect(try await Self.found(client, auth, "&filter=unread") == [])

            // Bad input: a 400 whose code and detail name the parameter; nothing reaches Dovecot.
            for (query, code, name) in [("&since=2026-02-30", "invalid_date", "since"), ("&before=12%2F01%2F2026", "invalid_date", "before"),
                                        ("&from=a%0D%0AX", "invalid_search", "from"), ("&subject=%00", "invalid_search", "subject"),
                                        ("&to=" + String(repeating: "가", count: 200), "invalid_search", "to")] {
                let response = try await client.execute(uri: "/mail/messages?folder=\(enc(Self.folder))\(query)", method: .get, headers: auth)
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.json["code"] as? String == code, "\(query): \(response.text)")
                #expect((response.json["detail"] as? String)?.hasPrefix(name) == true, "\(query): \(response.text)")
            }
        }
    }
}
