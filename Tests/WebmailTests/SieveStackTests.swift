import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MIME
import NIOCore
import Testing
@testable import Webmail

/// Filters and 부재중 through the API, the real managesieved and real delivery (issue 31):
/// a rule files a mail delivered over LMTP, the auto-reply answers once per sender within its
/// dates and never a list, injection strings stay strings, and without ManageSieve the pages
/// answer 502 while mail keeps working.
@Suite(.serialized, .enabled(if: MailStackEnvironment.runnable))
struct SieveStackTests {
    static let absent = "sieve-absent@zioinfo.co.kr"
    static let senders = ["sieve-sender1@zioinfo.co.kr", "sieve-sender2@zioinfo.co.kr", "sieve-sender3@zioinfo.co.kr"]

    static let accounts = Task<Void, any Error> {
        let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let configuration = try MailStackAPITests.stackConfiguration(state: try TemporaryDirectory())
        for user in [absent] + senders {
            if await ComposeAccounts.canLogIn(user, configuration: configuration) { continue }
            try ComposeAccounts.run(repository.appendingPathComponent("scripts/mailstack").path, ["adduser", user, "-"],
                                    input: ComposeAccounts.password + "\n")
        }
        try ComposeAccounts.run("/usr/bin/env", ["python3", "-c", ComposeAccounts.waitForRecipients] + [absent] + senders, input: "")
    }

    static func configuration(state: TemporaryDirectory, sievePort: Int? = nil) throws -> WebmailConfiguration {
        var configuration = try MailStackAPITests.stackConfiguration(state: state)
        let env = MailStackEnvironment.environment
        guard let port = sievePort ?? Int(env["MAILSTACK_SIEVE_PORT"] ?? "") else { throw MailStackAPITests.StackMissing() }
        configuration.sieve = MailServerEndpoint(host: env["MAILSTACK_HOST"] ?? "127.0.0.1", port: port, security: .starttls)
        return configuration
    }

    static func withApp(sievePort: Int? = nil, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await Self.accounts.value
        let state = try TemporaryDirectory()
        let app = try await buildApplication(configuration: try configuration(state: state, sievePort: sievePort))
        try await app.test(.router) { client in try await body(client) }
    }

    static func put(_ client: some TestClientProtocol, _ uri: String, token: String, _ json: [String: Any]) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .put, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                 body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: json)))
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, token: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(token)"])
    }

    /// Delivers straight into Dovecot over LMTP (where Sieve runs), as Postfix would.
    static func deliverByLMTP(from sender: String, to recipient: String, subject: String, extraHeaders: String = "") throws {
        let message = "From: \(sender)\r\nTo: \(recipient)\r\nSubject: =?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?=\r\n"
            + "Message-ID: <\(UUID().uuidString)@example.com>\r\nDate: Mon, 07 Dec 2026 10:00:00 +0900\r\n\(extraHeaders)"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n본문입니다.\r\n"
        let script = """
            import os, smtplib, sys
            with smtplib.LMTP(os.environ.get("MAILSTACK_HOST", "127.0.0.1"), int(os.environ["MAILSTACK_LMTP_PORT"]), timeout=30) as lmtp:
                lmtp.sendmail(sys.argv[1], [sys.argv[2]], sys.stdin.buffer.read())
            """
        try ComposeAccounts.run("/usr/bin/env", ["python3", "-c", script, sender, recipient], input: message)
    }

    /// Waits until Postfix's queue is empty (every auto-reply delivered or bounced), 30 s at most.
    static func waitForEmptyQueue() async throws {
        let directory = (MailStackEnvironment.environment["MAILSTACK_DIR"] ?? "") + "/etc/postfix"
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/postqueue")
            process.arguments = ["-c", directory, "-j"]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            if process.terminationStatus == 0 && data.isEmpty { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("Postfix's queue did not empty")
    }

    @Test func aSubjectRuleFilesLMTPMailIntoItsFolder() async throws {
        try await Self.withApp { client in
            let token = try await ComposeAPITests.login(client, Self.absent)
            let folder = ComposeAPITests.unique("견적")
            let saved = try await Self.put(client, "/settings/filters", token: token, ["filters": [[
                "name": "견적 메일", "enabled": true, "match": "all",
                "conditions": [["field": "subject", "op": "contains", "value": "견적"]],
                "actions": [["type": "move", "folder": folder], ["type": "stop"]],
            ]], "replace_foreign": true])
            #expect(saved.status == .ok, "\(saved.text)")
            #expect(saved.json["editable"] as? Bool == true)
            let read = try await Self.get(client, "/settings/filters", token: token)
            let filters = try #require(read.json["filters"] as? [[String: Any]])
            #expect(filters.first?["name"] as? String == "견적 메일")
            let subject = ComposeAPITests.unique("견적 요청드립니다")
            try Self.deliverByLMTP(from: Self.senders[0], to: Self.absent, subject: subject)
            let encoded = folder.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            _ = try await ComposeAPITests.waitForMessage(client, token: token, subject: subject, folder: encoded)
            #expect(try await ComposeAPITests.search(client, token: token, folder: "INBOX", subject: subject).isEmpty)
        }
    }

    @Test func theAutoReplyAnswersOncePerSenderOnlyWithinItsDatesAndNeverLists() async throws {
        try await Self.withApp { client in
            let token = try await ComposeAPITests.login(client, Self.absent)
            _ = try await Self.put(client, "/settings/filters", token: token, ["filters": [], "replace_foreign": true])
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "Asia/Seoul")
            formatter.dateFormat = "yyyy-MM-dd"
            let today = Date()
            let replySubject = ComposeAPITests.unique("부재중")
            let on = try await Self.put(client, "/settings/vacation", token: token, [
                "enabled": true, "start": formatter.string(from: today.addingTimeInterval(-86400)),
                "end": formatter.string(from: today.addingTimeInterval(86400)),
                "subject": replySubject, "body": "휴가 중입니다.\n다음 주에 답장드리겠습니다.", "days": 1,
            ])
            #expect(on.status == .ok, "\(on.text)")
            #expect(on.json["enabled"] as? Bool == true)
            // Two mails from one sender, one from a list and one marked bulk from another.
            let sender = Self.senders[1]
            try Self.deliverByLMTP(from: sender, to: Self.absent, subject: ComposeAPITests.unique("첫 메일"))
            try Self.deliverByLMTP(from: sender, to: Self.absent, subject: ComposeAPITests.unique("둘째 메일"))
            try Self.deliverByLMTP(from: Self.senders[2], to: Self.absent, subject: ComposeAPITests.unique("목록"),
                                   extraHeaders: "List-Id: <news.example.com>\r\n")
            try Self.deliverByLMTP(from: Self.senders[2], to: Self.absent, subject: ComposeAPITests.unique("대량"),
                                   extraHeaders: "Precedence: bulk\r\n")
            try await Self.waitForEmptyQueue()
            let senderToken = try await ComposeAPITests.login(client, sender)
            _ = try await ComposeAPITests.waitForMessage(client, token: senderToken, subject: replySubject)
            #expect(try await ComposeAPITests.search(client, token: senderToken, folder: "INBOX", subject: replySubject).count == 1)
            let listToken = try await ComposeAPITests.login(client, Self.senders[2])
            #expect(try await ComposeAPITests.search(client, token: listToken, folder: "INBOX", subject: replySubject).isEmpty)

            // Outside its dates: none, even to a sender never answered.
            let pastSubject = ComposeAPITests.unique("지난 부재중")
            let past = try await Self.put(client, "/settings/vacation", token: token, [
                "enabled": true, "start": "2020-01-01", "end": "2020-01-02", "subject": pastSubject, "body": "지난 휴가", "days": 1,
            ])
            #expect(past.status == .ok, "\(past.text)")
            try Self.deliverByLMTP(from: Self.senders[0], to: Self.absent, subject: ComposeAPITests.unique("기간 밖"))
            try await Self.waitForEmptyQueue()
            let otherToken = try await ComposeAPITests.login(client, Self.senders[0])
            #expect(try await ComposeAPITests.search(client, token: otherToken, folder: "INBOX", subject: pastSubject).isEmpty)
            let off = try await Self.put(client, "/settings/vacation", token: token, [
                "enabled": false, "subject": "", "body": "", "days": 1,
            ])
            #expect(off.status == .ok, "\(off.text)")
        }
    }

    /// An HTML 부재중 body: the reply that arrives over IMAP is multipart/alternative, its HTML the
    /// server's sanitized one and its text made from it, both decoding to the Korean written; the
    /// page reads the HTML back.
    @Test func anHTMLAutoReplyArrivesAsMultipartAlternativeInKorean() async throws {
        try await Self.withApp { client in
            let token = try await ComposeAPITests.login(client, Self.absent)
            _ = try await Self.put(client, "/settings/filters", token: token, ["filters": [], "replace_foreign": true])
            let replySubject = ComposeAPITests.unique("HTML 부재중")
            let html = "<p><b>휴가</b> 중입니다.</p><ul><li>급한 일: 홍영태 과장</li></ul><script>alert(1)</script>"
            let on = try await Self.put(client, "/settings/vacation", token: token, [
                "enabled": true, "subject": replySubject, "body": "", "html": html, "days": 1,
            ])
            #expect(on.status == .ok, "\(on.text)")
            let storedHTML = try #require(on.json["html"] as? String)
            #expect(storedHTML.contains("<b>휴가</b> 중입니다.") && !storedHTML.contains("<script"))
            #expect((on.json["body"] as? String)?.contains("휴가 중입니다.") == true)
            let read = try await Self.get(client, "/settings/vacation", token: token)
            #expect(read.json["html"] as? String == storedHTML)
            #expect(read.json["editable"] as? Bool == true)

            let sender = Self.senders[0]
            try Self.deliverByLMTP(from: sender, to: Self.absent, subject: ComposeAPITests.unique("HTML 회신 요청"))
            try await Self.waitForEmptyQueue()
            let senderToken = try await ComposeAPITests.login(client, sender)
            let uid = try await ComposeAPITests.waitForMessage(client, token: senderToken, subject: replySubject)
            let message = MIMEMessage(try await ComposeAPITests.raw(client, token: senderToken, uid: uid))
            #expect(message.root.contentType.type == "multipart" && message.root.contentType.subtype == "alternative")
            #expect(message.root.children.map { "\($0.contentType.type)/\($0.contentType.subtype)" } == ["text/plain", "text/html"])
            let text = try #require(message.textBody)
            #expect(text.contains("휴가 중입니다.") && text.contains("급한 일: 홍영태 과장"), "\(text)")
            let body = try #require(message.htmlBody)
            #expect(body.contains("<b>휴가</b> 중입니다.") && body.contains("<li>급한 일: 홍영태 과장</li>") && !body.contains("<script"), "\(body)")

            let off = try await Self.put(client, "/settings/vacation", token: token, ["enabled": false, "subject": "", "body": "", "days": 1])
            #expect(off.status == .ok, "\(off.text)")
        }
    }

    /// Every condition and action the API offers, with a dated auto-reply: the server's Sieve
    /// compiler (PUTSCRIPT compiles) takes the script, and it reads back as sent.
    @Test func everyOfferedConditionAndActionCompilesOnTheServer() async throws {
        try await Self.withApp { client in
            let token = try await ComposeAPITests.login(client, Self.absent)
            let filters: [[String: Any]] = [
                ["name": "모두", "enabled": true, "match": "all", "conditions": [
                    ["field": "from", "op": "contains", "value": "홍길동"], ["field": "to", "op": "is", "value": "a@zioinfo.co.kr"],
                    ["field": "cc", "op": "matches", "value": "*@example.com"], ["field": "header:X-Priority", "op": "is", "value": "1"],
                    ["field": "size", "op": "over", "value": "500K"],
                ], "actions": [
                    ["type": "copy", "folder": "보관/2026"], ["type": "mark_read"], ["type": "flag"],
                    ["type": "forward", "to": "boss@example.com"], ["type": "stop"],
                ]],
                ["name": "아무거나", "enabled": true, "match": "any", "conditions": [
                    ["field": "subject", "op": "contains", "value": "광고"], ["field": "size", "op": "under", "value": "1M"],
                ], "actions": [["type": "discard"]]],
                ["name": "꺼짐", "enabled": false, "match": "all", "conditions": [], "actions": [["type": "move", "folder": "x"]]],
            ]
            let saved = try await Self.put(client, "/settings/filters", token: token, ["filters": filters, "replace_foreign": true])
            #expect(saved.status == .ok, "\(saved.text)")
            let vacation = try await Self.put(client, "/settings/vacation", token: token, [
                "enabled": true, "start": "2020-01-01", "end": "2020-01-02", "subject": "부재중", "body": "휴가\n중", "days": 7,
                "addresses": ["alias@zioinfo.co.kr"],
            ])
            #expect(vacation.status == .ok, "\(vacation.text)")
            let read = try await Self.get(client, "/settings/filters", token: token)
            let names = (read.json["filters"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names == ["모두", "아무거나", "꺼짐"])
            #expect(try await Self.get(client, "/settings/vacation", token: token).json["days"] as? Int == 7)
            // Clean up for the other tests: nothing filters, no auto-reply.
            _ = try await Self.put(client, "/settings/filters", token: token, ["filters": []])
            _ = try await Self.put(client, "/settings/vacation", token: token, ["enabled": false, "subject": "", "body": "", "days": 1])
        }
    }

    /// The strings Roundcube once let into its scripts: stored quoted (GETSCRIPT shows them as
    /// strings), read back as typed, and delivery goes on (nothing is discarded).
    @Test func injectionStringsStayStringsOnTheServer() async throws {
        try await Self.withApp { client in
            let token = try await ComposeAPITests.login(client, Self.absent)
            let hostile = "\"; discard; #"
            let saved = try await Self.put(client, "/settings/filters", token: token, ["filters": [[
                "name": hostile, "enabled": true, "match": "any",
                "conditions": [["field": "subject", "op": "contains", "value": hostile]],
                "actions": [["type": "move", "folder": "필터 \\ 폴더"]],
            ]], "replace_foreign": true])
            #expect(saved.status == .ok, "\(saved.text)")
            let raw = try await Self.get(client, "/settings/sieve/raw", token: token)
            let script = try #require(raw.json["script"] as? String)
            #expect(raw.json["ours"] as? Bool == true)
            #expect(script.contains(#"header :contains "subject" "\"; discard; #" {"#))
            #expect(script.contains(#"fileinto :create "필터 \\ 폴더";"#))
            let read = try await Self.get(client, "/settings/filters", token: token)
            #expect((read.json["filters"] as? [[String: Any]])?.first?["name"] as? String == hostile)
            let subject = ComposeAPITests.unique("평범한 메일")
            try Self.deliverByLMTP(from: Self.senders[0], to: Self.absent, subject: subject)
            _ = try await ComposeAPITests.waitForMessage(client, token: token, subject: subject)
            // A control character never reaches the server.
            let refused = try await Self.put(client, "/settings/filters", token: token, ["filters": [[
                "name": "a\nb", "enabled": true, "match": "all", "conditions": [], "actions": [["type": "stop"]],
            ]]])
            #expect(refused.status == .badRequest)
            #expect(refused.json["code"] as? String == "invalid_sieve_rules")
        }
    }

    /// The raw editor: CHECKSCRIPT's errors come back and nothing is saved; a script not ours
    /// makes the filter pages read-only until replaced.
    @Test func rawScriptsAreCheckedAndForeignOnesKept() async throws {
        try await Self.withApp { client in
            let token = try await ComposeAPITests.login(client, Self.absent)
            let broken = try await Self.put(client, "/settings/sieve/raw", token: token, ["script": "require \"fileinto\";\r\nif true {\r\n"])
            #expect(broken.status == .badRequest)
            #expect(broken.json["code"] as? String == "sieve_script_invalid")
            #expect((broken.json["detail"] as? String)?.contains("error") == true, "\(broken.text)")
            let foreign = "# another client\r\nkeep;\r\n"
            let saved = try await Self.put(client, "/settings/sieve/raw", token: token, ["script": foreign])
            #expect(saved.status == .ok, "\(saved.text)")
            #expect(saved.json["ours"] as? Bool == false)
            let filters = try await Self.get(client, "/settings/filters", token: token)
            #expect(filters.json["editable"] as? Bool == false)
            #expect((filters.json["foreign"] as? [String: Any])?["script"] as? String == foreign)
            let refused = try await Self.put(client, "/settings/vacation", token: token, ["enabled": false, "subject": "", "body": "", "days": 1])
            #expect(refused.status == .conflict)
            #expect(refused.json["code"] as? String == "sieve_script_foreign")
            let replaced = try await Self.put(client, "/settings/filters", token: token, ["filters": [], "replace_foreign": true])
            #expect(replaced.status == .ok)
            #expect(replaced.json["editable"] as? Bool == true)
        }
    }

    /// Our script edited by hand in the advanced editor: the pages become read-only, yet its rules
    /// are still known (the model line), and 되돌리기 (replace_foreign) writes them back unchanged.
    @Test func aHandEditedScriptOfOursKeepsItsRulesForTheWayBack() async throws {
        try await Self.withApp { client in
            let token = try await ComposeAPITests.login(client, Self.absent)
            let rule: [String: Any] = [
                "name": "견적 분류", "enabled": true, "match": "all",
                "conditions": [["field": "subject", "op": "contains", "value": "견적"]],
                "actions": [["type": "move", "folder": "견적"]],
            ]
            let saved = try await Self.put(client, "/settings/filters", token: token, ["filters": [rule], "replace_foreign": true])
            #expect(saved.status == .ok, "\(saved.text)")
            let raw = try await Self.get(client, "/settings/sieve/raw", token: token)
            let ours = try #require(raw.json["script"] as? String)
            let edited = try await Self.put(client, "/settings/sieve/raw", token: token, ["script": ours + "# 손으로 덧붙인 줄\r\nkeep;\r\n"])
            #expect(edited.status == .ok, "\(edited.text)")
            #expect(edited.json["name"] as? String == "zioinfo-mail")
            #expect(edited.json["ours"] as? Bool == false)
            let readOnly = try await Self.get(client, "/settings/filters", token: token)
            #expect(readOnly.json["editable"] as? Bool == false)
            #expect(((readOnly.json["filters"] as? [[String: Any]])?.first)?["name"] as? String == "견적 분류")
            let back = try await Self.put(client, "/settings/filters", token: token,
                                          ["filters": readOnly.json["filters"] ?? [], "replace_foreign": true])
            #expect(back.status == .ok, "\(back.text)")
            #expect(back.json["editable"] as? Bool == true)
            let restored = try await Self.get(client, "/settings/sieve/raw", token: token)
            #expect(restored.json["script"] as? String == ours)
            #expect(restored.json["ours"] as? Bool == true)
        }
    }

    /// ManageSieve taken away (a relay in front of the real one, stopped): the pages answer
    /// 502 with a clear code, and the mail list still answers.
    @Test func sieveDownIs502AndMailStillLists() async throws {
        let env = MailStackEnvironment.environment
        let relay = try await TCPRelay.start(to: env["MAILSTACK_HOST"] ?? "127.0.0.1", port: Int(env["MAILSTACK_SIEVE_PORT"] ?? "") ?? 0)
        try await Self.withApp(sievePort: relay.port) { client in
            let token = try await ComposeAPITests.login(client, Self.absent)
            #expect(try await Self.get(client, "/settings/filters", token: token).status == .ok)
            await relay.stop()
            for uri in ["/settings/filters", "/settings/vacation", "/settings/sieve/raw"] {
                let response = try await Self.get(client, uri, token: token)
                #expect(response.status == .badGateway, "\(uri)")
                #expect(response.json["code"] as? String == "sieve_server_unavailable")
                #expect((response.json["detail"] as? String)?.contains("ManageSieve") == true)
            }
            let list = try await Self.get(client, "/mail/messages?folder=INBOX", token: token)
            #expect(list.status == .ok)
        }
    }

    @Test func notConfiguredIs404() async throws {
        try await Self.accounts.value
        let state = try TemporaryDirectory()
        var configuration = try Self.configuration(state: state)
        configuration.sieve = nil
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.router) { client in
            let token = try await ComposeAPITests.login(client, Self.absent)
            let response = try await Self.get(client, "/settings/filters", token: token)
            #expect(response.status == .notFound)
            #expect(response.json["code"] as? String == "sieve_unavailable")
        }
    }
}
