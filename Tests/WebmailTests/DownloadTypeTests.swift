import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMAP
import NIOCore
import Testing
@testable import Webmail

/// Downloads keep their type only when it is on the allow-list of inert types; everything a
/// browser could run or render as a document is served as `application/octet-stream`.
@Suite struct DownloadTypeTests {
    static let octet = "application/octet-stream"

    static let table: [(sent: String, served: String)] = [
        // Inert: kept, as the bare essence, lowercased.
        ("image/png", "image/png"), ("image/PNG; name=x.png", "image/png"), ("image/jpeg", "image/jpeg"),
        ("image/gif", "image/gif"), ("image/webp", "image/webp"), ("image/bmp", "image/bmp"), ("image/avif", "image/avif"),
        ("application/PDF", "application/pdf"), ("text/plain; charset=euc-kr", "text/plain"), ("text/csv", "text/csv"),
        ("application/msword", "application/msword"),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("application/vnd.ms-excel", "application/vnd.ms-excel"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("application/vnd.ms-powerpoint", "application/vnd.ms-powerpoint"),
        ("application/vnd.openxmlformats-officedocument.presentationml.presentation",
         "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        ("application/x-hwp", "application/x-hwp"), ("application/haansofthwp", "application/haansofthwp"),
        ("application/vnd.hancom.hwpx", "application/vnd.hancom.hwpx"), ("application/zip", "application/zip"),
        // Runnable or document-like: never served as themselves.
        ("text/html; charset=utf-8", octet), ("text/livescript", octet), ("application/wasm", octet),
        ("multipart/x-mixed-replace; boundary=x", octet), ("image/svg+xml", octet), ("application/javascript", octet),
        ("text/javascript", octet), ("application/x-javascript", octet), ("text/ecmascript", octet), ("text/jscript", octet),
        ("text/vbscript", octet), ("text/xml", octet), ("application/xml", octet), ("application/xhtml+xml", octet),
        ("text/xsl", octet), ("application/pdf+html", octet), ("text/css", octet), ("application/json", octet),
        ("message/rfc822", octet), ("text/html ", octet), (" text/html", octet),
        // Unknown or malformed.
        ("application/x-unknown-thing", octet), ("garbage", octet), ("", octet), ("image/png\r\nX: y", octet),
        ("image", octet), (";image/png", octet),
    ]

    @Test(arguments: table)
    func theServedTypeIsOnTheAllowList(sent: String, served: String) {
        #expect(DownloadHeaders.safeContentType(sent) == served)
    }

    /// A real message on Dovecot with an attachment of each kind, downloaded through the API.
    @Test(.enabled(if: MailStackEnvironment.runnable))
    func attachmentsOfARealMessageAreServedByTheAllowList() async throws {
        let state = try TemporaryDirectory()
        let configuration = try MailStackAPITests.stackConfiguration(state: state)
        let subject = "download types \(UUID().uuidString.prefix(8))"
        let octet = Self.octet
        let kinds = [("text/livescript", octet), ("application/wasm", octet), ("image/svg+xml", octet),
                     ("text/html", octet), ("multipart/x-mixed-replace", octet), ("image/png", "image/png"),
                     ("application/pdf", "application/pdf")]
        var raw = "From: ythong@zioinfo.co.kr\r\nTo: ythong@zioinfo.co.kr\r\nSubject: \(subject)\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"zz\"\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\nbody\r\n"
        for (index, kind) in kinds.enumerated() {
            raw += "--zz\r\nContent-Type: \(kind.0)\r\nContent-Disposition: attachment; filename=\"f\(index)\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n\(Data("payload \(index)".utf8).base64EncodedString())\r\n"
        }
        raw += "--zz--\r\n"
        let connection = try await IMAPConnection.connect(configuration: MailServerProbes.imapConfiguration(configuration))
        try await connection.login(IMAPCredentials(username: "ythong@zioinfo.co.kr", password: MailStackAPITests.password("ythong@zioinfo.co.kr")))
        try await connection.append(Array(raw.utf8), to: .inbox)
        await connection.logout()

        try await buildApplication(configuration: configuration).test(.router) { client in
            let token = try await MailStackAPITests.login(client, "ythong@zioinfo.co.kr")
            let query = subject.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let item = try #require(try await MailStackAPITests.list(client, token: token, query: "&q=\(query)").first)
            let uid = try #require(item["uid"] as? Int)
            let detail = try await client.execute(uri: "/mail/messages/\(uid)?peek=1", method: .get, headers: [.authorization: "Bearer \(token)"])
            let attachments = try #require(detail.json["attachments"] as? [[String: Any]])
            #expect(attachments.count == kinds.count, "\(detail.text)")
            for (index, kind) in kinds.enumerated() {
                let part = try #require(attachments.first { $0["filename"] as? String == "f\(index)" }?["part"] as? String)
                let response = try await client.execute(uri: "/mail/messages/\(uid)/attachments/\(part)?folder=INBOX", method: .get,
                                                        headers: [.authorization: "Bearer \(token)"])
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == kind.1, "\(kind.0)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
                #expect(response.text == "payload \(index)")
            }
            try await client.execute(uri: "/mail/messages/\(uid)?folder=INBOX", method: .delete, headers: [.authorization: "Bearer \(token)"]) { _ in }
        }
    }
}
