import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import Webmail

/// A send or draft is checked before anything reaches a mail server: `draft_uid` and
/// `reply_to_uid` are UIDs like any other (0 once reached Dovecot as `UID STORE 0`), and no
/// header field may carry a control character other than TAB.
@Suite struct OutgoingValidationTests {
    static let routes = ["/mail/send", "/mail/drafts"]

    static func post(_ client: some TestClientProtocol, _ route: String, token: String, json: String) async throws -> TestResponse {
        try await client.execute(uri: route, method: .post,
                                 headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                 body: ByteBuffer(string: json))
    }

    @Test(arguments: routes)
    func badMessageUIDsAreInvalidUIDs(route: String) async throws {
        let state = try TemporaryDirectory()
        try await ErrorBodySchemaTests.app(state: state).test(.router) { client in
            let token = try await UploadRouteTests.login(client, "kim@zioinfo.co.kr")
            for field in ["draft_uid", "reply_to_uid"] {
                for value in ["0", "\"12\"", "-1", "4294967296", "1.5", "\"abc\"", "null"] {
                    let json = #"{"to": ["lee@zioinfo.co.kr"], "subject": "s", "text": "t", "\#(field)": \#(value)}"#
                    let response = try await Self.post(client, route, token: token, json: json)
                    if value == "null" {
                        // Absent is fine: the request goes on (and fails later at the closed mail server).
                        #expect(response.json["code"] as? String != "invalid_uid", "\(field)=\(value)")
                        continue
                    }
                    #expect(response.status == .badRequest, "\(route) \(field)=\(value): \(response.text)")
                    #expect(response.json["code"] as? String == "invalid_uid", "\(route) \(field)=\(value): \(response.text)")
                    #expect((response.json["detail"] as? String)?.contains(field) == true, "\(response.text)")
                }
                // The same in a multipart form.
                for value in ["0", "-1", "4294967296", "abc", "+5", " 5"] {
                    var form = MultipartFormBody()
                    form.field("to", "lee@zioinfo.co.kr")
                    form.field("subject", "s")
                    form.field(field, value)
                    let response = try await client.execute(uri: route, method: .post,
                                                            headers: [.authorization: "Bearer \(token)", .contentType: form.contentType],
                                                            body: form.buffer)
                    #expect(response.status == .badRequest, "\(route) form \(field)=\(value): \(response.text)")
                    #expect(response.json["code"] as? String == "invalid_uid", "\(route) form \(field)=\(value): \(response.text)")
                }
            }
            // include_parts names a UID too.
            let json = #"{"to": ["lee@zioinfo.co.kr"], "include_parts": {"folder": "INBOX", "uid": 0, "parts": ["2"]}}"#
            let response = try await Self.post(client, route, token: token, json: json)
            #expect(response.json["code"] as? String == "invalid_uid", "\(response.text)")
        }
    }

    @Test(arguments: routes)
    func controlCharactersInHeaderFieldsAreRefused(route: String) async throws {
        let state = try TemporaryDirectory()
        try await ErrorBodySchemaTests.app(state: state).test(.router) { client in
            let token = try await UploadRouteTests.login(client, "kim@zioinfo.co.kr")
            // VT, FF, ESC, DEL, BEL, and CR/LF as before; JSON escapes carry them.
            for control in ["\\u000b", "\\u000c", "\\u001b", "\\u007f", "\\u0007", "\\r\\nBcc: x@y.z"] {
                let bodies = [
                    #"{"to": ["lee@zioinfo.co.kr"], "subject": "a\#(control)b", "text": "t"}"#,
                    #"{"to": [{"name": "Lee\#(control)", "email": "lee@zioinfo.co.kr"}], "subject": "s", "text": "t"}"#,
                ]
                for json in bodies {
                    let response = try await Self.post(client, route, token: token, json: json)
                    #expect(response.status == .badRequest, "\(route) \(json): \(response.text)")
                    #expect(response.json["code"] as? String == "forbidden_character", "\(route) \(json): \(response.text)")
                    #expect((response.json["detail"] as? String)?.contains("제어 문자") == true, "\(response.text)")
                }
            }
            // TAB stays allowed: the request gets past validation (to the closed mail server).
            let response = try await Self.post(client, route, token: token, json: #"{"to": ["lee@zioinfo.co.kr"], "subject": "a\tb", "text": "t"}"#)
            #expect(response.json["code"] as? String != "forbidden_character", "\(response.text)")
        }
    }
}
