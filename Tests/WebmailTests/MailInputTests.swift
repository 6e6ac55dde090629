import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import Webmail

@Suite struct MailInputTests {
    @Test func foldersAndUIDsAreValidatedBeforeAnyIMAP() async throws {
        let state = try TemporaryDirectory()
        let app = try await buildApplication(
            configuration: makeTestConfiguration(stateDir: state.path),
            dependencies: .init(loginVerifier: FakeLoginVerifier(), imapProbe: { true }, smtpProbe: { true })
        )
        try await app.test(.router) { client in
            let login = try await client.execute(uri: "/auth/login", method: .post,
                body: ByteBuffer(string: #"{"username":"tester@zioinfo.co.kr","password":"right-password"}"#))
            let token = try #require(login.json["access_token"] as? String)
            let auth: HTTPFields = [.authorization: "Bearer \(token)"]
            let bad = [
                "/mail/messages?folder=INBOX%0D%0AA1%20LOGOUT",
                "/mail/messages?size=201", "/mail/messages?page=0", "/mail/messages?size=abc",
                "/mail/messages/0", "/mail/messages/abc", "/mail/messages/-1",
                "/mail/messages/1/attachments/1.x", "/mail/messages/1/attachments/0",
                "/mail/messages?q=a%00b",
            ]
            for uri in bad {
                try await client.execute(uri: uri, method: .get, headers: auth) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect(response.json["detail"] is String)
                }
            }
            let tooMany = "{\"folder\":\"INBOX\",\"to\":\"Trash\",\"uids\":[" + (1...1001).map(String.init).joined(separator: ",") + "]}"
            try await client.execute(uri: "/mail/messages/move", method: .post, headers: auth, body: ByteBuffer(string: tooMany)) { response in
                #expect(response.status == .badRequest)
            }
            // Without a token nothing under /mail answers.
            try await client.execute(uri: "/mail/folders", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/mail/messages", method: .get) { #expect($0.status == .unauthorized) }
        }
    }

    @Test func downloadsGetRFC6266NamesAndSafeTypes() {
        let header = DownloadHeaders.contentDisposition(filename: "견적서 2026.pdf")
        #expect(header == "attachment; filename=\"___ 2026.pdf\"; filename*=UTF-8''%EA%B2%AC%EC%A0%81%EC%84%9C%202026.pdf")
        #expect(DownloadHeaders.contentDisposition(filename: "a\"b\r\n.txt") == "attachment; filename=\"a_b.txt\"; filename*=UTF-8''a%22b.txt")
        #expect(DownloadHeaders.safeContentType("text/html; charset=utf-8") == "application/octet-stream")
        #expect(DownloadHeaders.safeContentType("image/svg+xml") == "application/octet-stream")
        #expect(DownloadHeaders.safeContentType("application/javascript") == "application/octet-stream")
        #expect(DownloadHeaders.safeContentType("text/xml") == "application/octet-stream")
        #expect(DownloadHeaders.safeContentType("application/PDF") == "application/pdf")
        #expect(DownloadHeaders.safeContentType("image/png; name=x.png") == "image/png")
        #expect(DownloadHeaders.safeContentType("garbage") == "application/octet-stream")
    }
}
