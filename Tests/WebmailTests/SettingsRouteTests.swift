import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import Webmail

/// Issue 27: `GET|PATCH /settings` and `/settings/trusted-senders` over HTTP: defaults, partial
/// changes, and every bad key or value refused with a code and the key named, storing nothing.
@Suite struct SettingsRouteTests {
    static func patch(_ client: some TestClientProtocol, _ token: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: "/api/settings", method: .patch,
                                 headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                 body: ByteBuffer(string: body))
    }

    @Test func settingsStartAtTheDefaultsAndChangeByKey() async throws {
        let state = try TemporaryDirectory()
        try await UploadRouteTests.app(state: state).test(.router) { client in
            let kim = try await UploadRouteTests.login(client, "kim@zioinfo.co.kr")
            let lee = try await UploadRouteTests.login(client, "lee@zioinfo.co.kr")
            let fresh = try await client.execute(uri: "/settings", method: .get, headers: [.authorization: "Bearer \(kim)"])
            #expect(fresh.status == .ok)
            #expect(fresh.json["language"] as? String == "ko" && fresh.json["undo_send_seconds"] as? Int == 10)
            #expect(fresh.json["conversation_view"] as? Bool == true && fresh.json["signature_new"] is NSNull)

            let changed = try await Self.patch(client, kim, #"{"display_name":"  홍영태 ","page_size":100,"theme":"dark"}"#)
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(changed.json["display_name"] as? String == "홍영태" && changed.json["page_size"] as? Int == 100)
            #expect(changed.json["language"] as? String == "ko")
            let others = try await client.execute(uri: "/settings", method: .get, headers: [.authorization: "Bearer \(lee)"])
            #expect(others.json["theme"] as? String == "system")
        }
    }

    @Test(arguments: [
        (#"{"colour":"red"}"#, "unknown_setting", "colour"),
        (#"{"theme":"pink"}"#, "invalid_setting", "theme"),
        (#"{"page_size":5}"#, "invalid_setting", "page_size"),
        (#"{"page_size":"50"}"#, "invalid_setting", "page_size"),
        (#"{"undo_send_seconds":7}"#, "invalid_setting", "undo_send_seconds"),
        (#"{"conversation_view":1}"#, "invalid_setting", "conversation_view"),
        (#"{"display_name":"a\r\nBcc: x@y.kr"}"#, "invalid_setting", "display_name"),
        (#"{"trusted_senders":["not an address"]}"#, "invalid_setting", "trusted_senders"),
        (#"{"signatures":[{"id":"Work!","name":"x"}]}"#, "invalid_setting", "signatures"),
        (#"{"signatures":[{"id":"a","name":"x"},{"id":"a","name":"y"}]}"#, "invalid_setting", "signatures"),
        (#"{"language":"en","reading_pane":"left"}"#, "invalid_setting", "reading_pane"),
        (#"[1,2]"#, "invalid_body", ""),
    ])
    func aBadKeyOrValueIsRefusedNamedAndNothingIsStored(body: String, code: String, key: String) async throws {
        let state = try TemporaryDirectory()
        try await UploadRouteTests.app(state: state).test(.router) { client in
            let kim = try await UploadRouteTests.login(client, "kim@zioinfo.co.kr")
            let refused = try await Self.patch(client, kim, body)
            #expect(refused.status == .badRequest)
            #expect(refused.json["code"] as? String == code, "\(refused.text)")
            #expect((refused.json["detail"] as? String)?.hasPrefix(key) == true, "\(refused.text)")
            let after = try await client.execute(uri: "/settings", method: .get, headers: [.authorization: "Bearer \(kim)"])
            #expect(after.json["language"] as? String == "ko")
        }
    }

    @Test func oneSenderIsTrustedAndDistrustedByItself() async throws {
        let state = try TemporaryDirectory()
        try await UploadRouteTests.app(state: state).test(.router) { client in
            let kim = try await UploadRouteTests.login(client, "kim@zioinfo.co.kr")
            let auth: HTTPFields = [.authorization: "Bearer \(kim)", .contentType: "application/json"]
            let added = try await client.execute(uri: "/settings/trusted-senders", method: .post, headers: auth,
                                                 body: ByteBuffer(string: #"{"email":"News+KR@Example.com"}"#))
            #expect(added.status == .ok, "\(added.text)")
            #expect(added.json["trusted_senders"] as? [String] == ["news+kr@example.com"])
            let bad = try await client.execute(uri: "/settings/trusted-senders", method: .post, headers: auth,
                                               body: ByteBuffer(string: #"{"email":"x"}"#))
            #expect(bad.status == .badRequest && bad.json["code"] as? String == "invalid_setting")
            let removed = try await client.execute(uri: "/settings/trusted-senders?email=news%2Bkr%40example.com", method: .delete, headers: auth)
            #expect(removed.status == .ok, "\(removed.text)")
            #expect(removed.json["trusted_senders"] as? [String] == [])
        }
    }
}
