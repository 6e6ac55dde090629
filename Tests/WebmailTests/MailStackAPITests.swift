import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import IMAP
import MIME
import NIOConcurrencyHelpers
import Testing
@testable import Webmail

/// The API against the real Dovecot + Postfix of `scripts/mailstack` (issue 6's tests).
/// Without the stack these fail on CI and are skipped elsewhere.
@Suite(.serialized, .enabled(if: MailStackEnvironment.runnable))
struct MailStackAPITests {
    static func stackConfiguration(state: TemporaryDirectory) throws -> WebmailConfiguration {
        let env = MailStackEnvironment.environment
        guard MailStackEnvironment.available else {
            throw StackMissing()
        }
        var configuration = makeTestConfiguration(stateDir: state.path)
        configuration.imap = MailServerEndpoint(host: env["MAILSTACK_HOST"] ?? "127.0.0.1", port: Int(env["MAILSTACK_IMAPS_PORT"] ?? "") ?? 10993, security: .implicit)
        configuration.smtp = MailServerEndpoint(host: env["MAILSTACK_HOST"] ?? "127.0.0.1", port: Int(env["MAILSTACK_SUBMISSION_PORT"] ?? "") ?? 10587, security: .starttls)
        configuration.caFile = env["MAILSTACK_CA_FILE"]
        configuration.mailDomain = env["MAILSTACK_DOMAIN"] ?? "zioinfo.co.kr"
        configuration.loginAttempts = 50
        return configuration
    }

    struct StackMissing: Error, CustomStringConvertible {
        var description: String { "MAILSTACK_* environment missing: eval \"$(scripts/mailstack env)\"" }
    }

    static func password(_ user: String) -> String {
        let pairs = (MailStackEnvironment.environment["MAILSTACK_USERS"] ?? "").split(separator: " ")
        for pair in pairs {
            let parts = pair.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0] == user { return String(parts[1]) }
        }
        return user.hasPrefix("ythong") ? "1q2w3e!Q" : ""
    }

    static func login(_ client: some TestClientProtocol, _ user: String) async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: ["username": user, "password": password(user)])
        let response = try await client.execute(uri: "/auth/login", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(data: body))
        #expect(response.status == .ok, "login \(user): \(response.text)")
        return try #require(response.json["access_token"] as? String)
    }

    static func send(_ client: some TestClientProtocol, token: String, _ message: [String: Any]) async throws -> TestResponse {
        let body = try JSONSerialization.data(withJSONObject: message)
        return try await client.execute(uri: "/mail/send", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: ByteBuffer(data: body))
    }

    static func list(_ client: some TestClientProtocol, token: String, query: String = "") async throws -> [[String: Any]] {
        let response = try await client.execute(uri: "/mail/messages?size=50\(query)", method: .get, headers: [.authorization: "Bearer \(token)"])
        #expect(response.status == .ok, "\(response.text)")
        return response.json["messages"] as? [[String: Any]] ?? []
    }

    @Test func seedPhase4Calls() async throws {
        let state = try TemporaryDirectory()
        let app = try await buildApplication(configuration: try Self.stackConfiguration(state: state))
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            let token = try await Self.login(client, "ythong@zioinfo.co.kr")
            try await client.execute(uri: "/mail/messages", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .ok)
                #expect(response.json["total"] is Int && response.json["messages"] is [Any])
                #expect(response.json["page"] as? Int == 1 && response.json["size"] as? Int == 50)
                // Mail is never kept in the browser's cache (SecurityHeadersMiddleware).
                #expect(response.headers[.cacheControl] == "no-store")
            }
        }
    }

    @Test func wrongPasswordIs401AndUnreachableIs502() async throws {
        let state = try TemporaryDirectory()
        var configuration = try Self.stackConfiguration(state: state)
        try await buildApplication(configuration: configuration).test(.router) { client in
            let body = ByteBuffer(string: #"{"username":"ythong@zioinfo.co.kr","password":"wrong-password"}"#)
            try await client.execute(uri: "/auth/login", method: .post, body: body) { response in
                #expect(response.status == .unauthorized)
                #expect(response.json["detail"] as? String == "인증 실패")
                #expect(response.json["code"] as? String == "authentication_failed")
            }
        }
        configuration.imap.port = 1  // nothing listens there
        try await buildApplication(configuration: configuration).test(.router) { client in
            let body = ByteBuffer(string: #"{"username":"ythong@zioinfo.co.kr","password":"1q2w3e!Q"}"#)
            try await client.execute(uri: "/auth/login", method: .post, body: body) { response in
                #expect(response.status == .badGateway)
                #expect(response.json["detail"] as? String != "인증 실패")
                #expect(response.json["code"] as? String == "mail_server_unavailable")
            }
        }
    }

    /// What Dovecot does not find is told apart by its code: the folder, the message, the part.
    @Test func missingFolderMessageAndPartHaveTheirCodes() async throws {
        let state = try TemporaryDirectory()
        try await buildApplication(configuration: try Self.stackConfiguration(state: state)).test(.router) { client in
            let token = try await Self.login(client, "ythong@zioinfo.co.kr")
            let auth: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            let missing = "Nowhere-\(UUID().uuidString.prefix(8))"
            let cases: [(String, HTTPRequest.Method, String?, String)] = [
                ("/mail/messages?folder=\(missing)", .get, nil, "folder_not_found"),
                ("/mail/messages/move", .post, #"{"folder": "\#(missing)", "uids": [1], "to": "INBOX"}"#, "folder_not_found"),
                ("/mail/messages/4000000000?folder=INBOX", .get, nil, "message_not_found"),
                ("/mail/messages/4000000000/attachments/2?folder=INBOX", .get, nil, "part_not_found"),
            ]
            for (uri, method, body, code) in cases {
                let response = try await client.execute(uri: uri, method: method, headers: auth, body: body.map { ByteBuffer(string: $0) })
                #expect(response.status == .notFound, "\(uri): \(response.text)")
                #expect(response.json["code"] as? String == code, "\(uri): \(response.text)")
            }
        }
    }

    @Test func foldersHaveRolesAndCounts() async throws {
        let state = try TemporaryDirectory()
        try await buildApplication(configuration: try Self.stackConfiguration(state: state)).test(.router) { client in
            let token = try await Self.login(client, "ythong@zioinfo.co.kr")
            try await client.execute(uri: "/mail/folders", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .ok, "\(response.text)")
                let folders = response.json["folders"] as? [[String: Any]] ?? []
                let roles = Set(folders.compactMap { $0["role"] as? String })
                #expect(roles.isSuperset(of: ["inbox", "drafts", "sent", "trash", "junk"]))
                #expect(folders.first?["role"] as? String == "inbox")
                #expect(folders.allSatisfy { $0["unseen"] is Int && $0["total"] is Int && $0["children"] is [Any] })
            }
        }
    }

    /// The seed's test scenario: ythong logs in, lists, opens a message, sends to info@ with a
    /// Korean subject; info@ finds it with the subject decoded right; then flags, move, delete.
    @Test func seedScenario() async throws {
        let state = try TemporaryDirectory()
        try await buildApplication(configuration: try Self.stackConfiguration(state: state)).test(.router) { client in
            let ythong = try await Self.login(client, "ythong@zioinfo.co.kr")
            let subject = "회의 자료 공유 \(UUID().uuidString.prefix(8))"
            let sent = try await Self.send(client, token: ythong, [
                "to": [["name": "정보", "email": "info@zioinfo.co.kr"]],
                "subject": subject, "text": "안녕하세요. 첨부 확인 부탁드립니다.\n감사합니다.",
                "html": "<p>안녕하세요. <b>첨부</b> 확인 부탁드립니다.</p>",
            ])
            #expect(sent.status == .ok, "\(sent.text)")
            #expect(sent.json["status"] as? String == "sent")

            // ythong's Sent folder has the copy.
            let sentCopies = try await Self.list(client, token: ythong, query: "&folder=Sent&q=\(subject.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect(sentCopies.contains { $0["subject"] as? String == subject })

            let info = try await Self.login(client, "info@zioinfo.co.kr")
            var found: [String: Any]?
            // Delivery through Postfix and LMTP is asynchronous: look again until it is there (bounded).
            for _ in 0..<50 where found == nil {
                found = try await Self.list(client, token: info).first { $0["subject"] as? String == subject }
                if found == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let item = try #require(found, "info@ never received \(subject)")
            #expect((item["from"] as? [String: Any])?["email"] as? String == "ythong@zioinfo.co.kr")
            #expect((item["flags"] as? [String: Any])?["seen"] as? Bool == false)
            // Dovecot's RFC 8970 preview of the text part, from the same page FETCH.
            #expect((item["preview"] as? String)?.hasPrefix("안녕하세요. 첨부 확인 부탁드립니다.") == true, "\(item["preview"] ?? "nil")")
            let uid = try #require(item["uid"] as? Int)

            try await client.execute(uri: "/mail/messages/\(uid)?folder=INBOX", method: .get, headers: [.authorization: "Bearer \(info)"]) { response in
                #expect(response.status == .ok, "\(response.text)")
                #expect(response.json["subject"] as? String == subject)
                #expect((response.json["text"] as? String)?.contains("첨부 확인 부탁드립니다") == true)
                #expect((response.json["html"] as? String)?.contains("<b>첨부</b>") == true)
                // Reading changes no flags (issue 23): the SPA marks read with the PATCH below.
                #expect((response.json["flags"] as? [String: Any])?["seen"] as? Bool == false)
            }
            let auth: HTTPFields = [.authorization: "Bearer \(info)", .contentType: "application/json"]
            try await client.execute(uri: "/mail/messages/\(uid)?folder=INBOX", method: .patch, headers: auth,
                                     body: ByteBuffer(string: #"{"seen":false,"flagged":true}"#)) { #expect($0.status == .ok) }
            let flagged = try await Self.list(client, token: info, query: "&flagged=1").first { $0["uid"] as? Int == uid }
            #expect((flagged?["flags"] as? [String: Any])?["flagged"] as? Bool == true)
            #expect((flagged?["flags"] as? [String: Any])?["seen"] as? Bool == false)

            try await client.execute(uri: "/mail/messages/\(uid)/raw?folder=INBOX", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "message/rfc822")
                #expect(response.text.contains("Subject: =?"))
            }
            try await client.execute(uri: "/mail/messages/\(uid)?folder=INBOX", method: .delete, headers: auth) { #expect($0.status == .ok) }
            let inTrash = try await Self.list(client, token: info, query: "&folder=Trash").first { $0["subject"] as? String == subject }
            let trashUID = try #require(inTrash?["uid"] as? Int)
            try await client.execute(uri: "/mail/messages/\(trashUID)?folder=Trash", method: .delete, headers: auth) { #expect($0.status == .ok) }
            let gone = try await Self.list(client, token: info, query: "&folder=Trash").contains { $0["subject"] as? String == subject }
            #expect(!gone)
        }
    }
}

extension MailStackAPITests {
    @Test func eventsReportADeliveryWithinTwoSeconds() async throws {
        let state = try TemporaryDirectory()
        let app = try await buildApplication(configuration: try Self.stackConfiguration(state: state))
        try await app.test(.live) { client in
            let info = try await Self.login(client, "info@zioinfo.co.kr")
            let ythong = try await Self.login(client, "ythong@zioinfo.co.kr")
            let reader = try SSEReader(port: try #require(client.port), path: "/mail/events", token: info)
            #expect(await reader.waitFor("ready", within: .seconds(15)), "\(reader.names)")
            let sent = try await Self.send(client, token: ythong, [
                "to": ["info@zioinfo.co.kr"], "subject": "SSE \(UUID().uuidString.prefix(8))", "text": "ping",
            ])
            #expect(sent.status == .ok, "\(sent.text)")
            #expect(await reader.waitFor("new_message", within: .seconds(2)), "\(reader.names)")
            #expect(reader.names.first == "status 200")
            reader.close()
        }
    }

    /// The stream ends by itself when the token it was opened with expires.
    @Test func eventsEndWhenTheTokenExpires() async throws {
        let state = try TemporaryDirectory()
        var configuration = try Self.stackConfiguration(state: state)
        // Set directly: ZM_TOKEN_LIFETIME itself accepts no less than 60 s.
        let lifetime = 3
        configuration.tokenLifetime = TimeInterval(lifetime)
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.live) { client in
            let token = try await Self.login(client, "info@zioinfo.co.kr")
            let opened = ContinuousClock.now
            let reader = try SSEReader(port: try #require(client.port), path: "/mail/events", token: token, closeWhenDone: true)
            #expect(await reader.waitFor("ready", within: .seconds(15)), "\(reader.names)")
            #expect(!reader.names.contains("closed"))
            // The server ends the response (and, asked for Connection: close, the connection).
            #expect(await reader.waitFor("closed", within: .seconds(lifetime + 5)), "\(reader.names)")
            // Not early: JWT times are whole seconds, so expiry is at most 1 s before the lifetime.
            #expect(ContinuousClock.now - opened >= .seconds(lifetime - 1) - .milliseconds(100))
            #expect(reader.names.first == "status 200")
            // And the expired token opens no new stream.
            try await client.execute(uri: "/mail/events", method: .get, headers: [.authorization: "Bearer \(token)"]) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    /// The attachment's content repeats this 64 KiB block (64 KiB is not a multiple of base64's
    /// 3-byte groups, so a shifted, dropped or repeated piece shows); the download is compared
    /// against it as it arrives, without a copy.
    static let attachmentPattern: [UInt8] = (0..<65_536).map { UInt8(truncatingIfNeeded: ($0 >> 8) &* 31 &+ $0) }

    /// A 50 MB attachment goes from Dovecot to the client without the server holding it.
    @Test func aLargeAttachmentIsStreamedWithFlatMemory() async throws {
        let state = try TemporaryDirectory()
        let configuration = try Self.stackConfiguration(state: state)
        let subject = "big \(UUID().uuidString.prefix(8))"
        let size = 50 * 1024 * 1024
        do {
            // Built and appended straight through IMAP; this memory is released before measuring.
            var builder = MessageBuilder(from: MailAddress(email: "ythong@zioinfo.co.kr"))
            builder.to = [MailAddress(email: "ythong@zioinfo.co.kr")]
            builder.subject = subject
            builder.text = "big attachment"
            builder.attachments = [.init(filename: "대용량.bin", contentType: "application/octet-stream",
                                         data: Array(repeating: Self.attachmentPattern, count: size / Self.attachmentPattern.count).flatMap { $0 })]
            let built = try builder.build()
            let connection = try await IMAPConnection.connect(configuration: MailServerProbes.imapConfiguration(configuration))
            try await connection.login(IMAPCredentials(username: "ythong@zioinfo.co.kr", password: Self.password("ythong@zioinfo.co.kr")))
            try await connection.append(built.bytes, to: .inbox)
            await connection.logout()
        }
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.live) { client in
            let token = try await Self.login(client, "ythong@zioinfo.co.kr")
            let query = subject.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let item = try #require(try await Self.list(client, token: token, query: "&q=\(query)").first)
            let uid = try #require(item["uid"] as? Int)
            let detail = try await client.execute(uri: "/mail/messages/\(uid)?peek=1", method: .get, headers: [.authorization: "Bearer \(token)"])
            let attachment = try #require((detail.json["attachments"] as? [[String: Any]])?.first)
            #expect(attachment["filename"] as? String == "대용량.bin")
            let part = try #require(attachment["part"] as? String)

            let port = try #require(client.port)
            let (result, growth) = try await PeakMemory.growth(during: {
                try DiscardingDownload.run(port: port, path: "/mail/messages/\(uid)/attachments/\(part)?folder=INBOX", token: token,
                                           pattern: Self.attachmentPattern)
            })
            #expect(result.status.hasSuffix("200"), "\(result.status)")
            // Every decoded byte, checked in place as it arrived: the exact count and content.
            #expect(result.complete)
            #expect(result.payloadBytes == size)
            #expect(result.firstMismatch == nil, "first differing byte at \(result.firstMismatch ?? -1)")
            print("attachment stream: \(size / 1_048_576) MiB sent, server+test RSS growth \(growth / 1_048_576) MiB")
            #expect(growth < 25 * 1024 * 1024, "memory grew by \(growth) bytes while streaming \(size) bytes")
            try await client.execute(uri: "/mail/messages/\(uid)?folder=INBOX", method: .delete, headers: [.authorization: "Bearer \(token)"]) { _ in }
        }
    }
}

extension MailStackAPITests {
    /// The SPA's multipart form: fields as text parts, files as `attachments`; the Korean file
    /// name arrives intact at the recipient.
    @Test func multipartSendCarriesAKoreanNamedAttachment() async throws {
        let state = try TemporaryDirectory()
        try await buildApplication(configuration: try Self.stackConfiguration(state: state)).test(.router) { client in
            let ythong = try await Self.login(client, "ythong@zioinfo.co.kr")
            let subject = "첨부 \(UUID().uuidString.prefix(8))"
            let boundary = "zm-test-boundary"
            var body = ""
            for (name, value) in [("to", "정보 <info@zioinfo.co.kr>"), ("subject", subject), ("text", "견적서를 보냅니다.")] {
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
            }
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"견적서.txt\"\r\nContent-Type: text/plain\r\n\r\n금액: 1,000원\r\n--\(boundary)--\r\n"
            let sent = try await client.execute(uri: "/mail/send", method: .post,
                headers: [.authorization: "Bearer \(ythong)", .contentType: "multipart/form-data; boundary=\(boundary)"],
                body: ByteBuffer(string: body))
            #expect(sent.status == .ok, "\(sent.text)")

            let info = try await Self.login(client, "info@zioinfo.co.kr")
            var found: [String: Any]?
            for _ in 0..<50 where found == nil {
                found = try await Self.list(client, token: info).first { $0["subject"] as? String == subject }
                if found == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let uid = try #require(found?["uid"] as? Int)
            #expect(found?["has_attachments"] as? Bool == true)
            let detail = try await client.execute(uri: "/mail/messages/\(uid)", method: .get, headers: [.authorization: "Bearer \(info)"])
            let attachment = try #require((detail.json["attachments"] as? [[String: Any]])?.first)
            #expect(attachment["filename"] as? String == "견적서.txt")
            let part = try #require(attachment["part"] as? String)
            try await client.execute(uri: "/mail/messages/\(uid)/attachments/\(part)", method: .get, headers: [.authorization: "Bearer \(info)"]) { response in
                #expect(response.text == "금액: 1,000원")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                // Opened by its URL, an attachment is a sandboxed document where nothing runs.
                #expect(response.headers[.contentSecurityPolicy] == "default-src 'none'; frame-ancestors 'none'; sandbox")
            }
        }
    }

    @Test func aMessageOverTheLimitIs413BeforeAnythingIsSent() async throws {
        let state = try TemporaryDirectory()
        var configuration = try Self.stackConfiguration(state: state)
        configuration.maxMessageBytes = 64 * 1024
        try await buildApplication(configuration: configuration).test(.router) { client in
            let ythong = try await Self.login(client, "ythong@zioinfo.co.kr")
            let response = try await Self.send(client, token: ythong, [
                "to": ["info@zioinfo.co.kr"], "subject": "too big", "text": String(repeating: "가", count: 200_000),
            ])
            #expect(response.status == .contentTooLarge)
            #expect(response.json["detail"] is String)
        }
    }
}

extension MailStackAPITests {
    /// `zm_imap_round_trips_per_request` observes every /mail request with the IMAP commands
    /// its task really sent (a page of the list: a handful, not one per message).
    @Test func mailRequestsRecordTheirIMAPRoundTrips() async throws {
        let state = try TemporaryDirectory()
        let configuration = try Self.stackConfiguration(state: state)
        // The list must not be empty whatever ran before (on a fresh stack INBOX is).
        var builder = MessageBuilder(from: MailAddress(email: "ythong@zioinfo.co.kr"))
        builder.to = [MailAddress(email: "ythong@zioinfo.co.kr")]
        builder.subject = "round trips"
        builder.text = "one message, so that the list has one"
        let connection = try await IMAPConnection.connect(configuration: MailServerProbes.imapConfiguration(configuration))
        try await connection.login(IMAPCredentials(username: "ythong@zioinfo.co.kr", password: Self.password("ythong@zioinfo.co.kr")))
        try await connection.append(try builder.build().bytes, to: .inbox)
        await connection.logout()
        let services = try await makeServices(configuration: configuration,
                                              dependencies: WebmailDependencies(), logger: Logger(label: "test"))
        try await Application(router: buildRouter(services)).test(.router) { client in
            let token = try await Self.login(client, "ythong@zioinfo.co.kr")
            #expect(try await !Self.list(client, token: token).isEmpty)
            try await client.execute(uri: "/api/mail/folders", method: .get, headers: [.authorization: "Bearer \(token)"]) {
                #expect($0.status == .ok)
            }
        }
        let text = await services.metrics.scrape()
        func value(_ name: String) -> Double? {
            text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
        }
        // Two mail requests (login is not a /mail route); each sent at least one command, few in all.
        #expect(value("zm_imap_round_trips_per_request_count") == 2, "\(text)")
        let sum = try #require(value("zm_imap_round_trips_per_request_sum"), "\(text)")
        #expect(sum >= 2 && sum <= 12, "\(text)")
    }
}
