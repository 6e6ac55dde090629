import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMAP
import Logging
import NIOCore
import Testing
@testable import Webmail

/// Every error the API answers is `{"code", "detail"}` (plus `status` on a failed send) with a
/// code documented in docs/api.yaml, and never a mail server's or a library's own text.
@Suite struct ErrorBodySchemaTests {
    /// The codes of docs/api.yaml's `ErrorCode` enum (one `- code` line each).
    static func documentedCodes() throws -> Set<String> {
        let text = try String(contentsOf: APIDocumentTests.document, encoding: .utf8)
        let schema = try #require(text.range(of: "\n    ErrorCode:\n"))
        let enumStart = try #require(text.range(of: "\n      enum:\n", range: schema.upperBound..<text.endIndex))
        var codes = Set<String>()
        for line in text[enumStart.upperBound...].split(separator: "\n") {
            guard line.hasPrefix("        - ") else { break }
            codes.insert(String(line.dropFirst("        - ".count)))
        }
        return codes
    }

    /// Checks one error response against the schema; returns its code.
    @discardableResult
    static func checkErrorBody(_ response: TestResponse, _ what: String, codes: Set<String>) -> String? {
        #expect(response.status.code >= 400, "\(what): \(response.status)")
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, "\(what)")
        let json = response.json
        let code = json["code"] as? String
        #expect(code.map(codes.contains) == true, "\(what): code \(String(describing: code)) is not documented: \(response.text)")
        #expect((json["detail"] as? String)?.isEmpty == false, "\(what): \(response.text)")
        #expect(Set(json.keys).isSubset(of: ["code", "detail", "status"]), "\(what): \(response.text)")
        for leak in ["Swift", "UInt32", "DecodingError", "Type mismatch", "key", "secs)", "IMAP command"] {
            #expect(!(json["detail"] as? String ?? "").contains(leak), "\(what): \(response.text)")
        }
        return code
    }

    /// The app with its mail servers on a closed port: mail routes fail as 502, as in an outage.
    static func app(state: TemporaryDirectory) async throws -> some ApplicationProtocol {
        let configuration = makeTestConfiguration(stateDir: state.path) { configuration in
            configuration.imap = MailServerEndpoint(host: "127.0.0.1", port: 9, security: .implicit)
            configuration.smtp = MailServerEndpoint(host: "127.0.0.1", port: 9, security: .starttls)
        }
        return try await buildApplication(configuration: configuration,
                                          dependencies: .init(loginVerifier: UploadRouteTests.TwoAccounts(), imapProbe: { true }, smtpProbe: { true }))
    }

    /// Every route of the router, without a session, then with one and hostile input.
    @Test func everyRouteAnswersErrorsInTheDocumentedShape() async throws {
        let codes = try Self.documentedCodes()
        #expect(codes.isSuperset(of: ["bad_request", "login_required", "not_found", "invalid_uid", "invalid_form", "internal"]))
        let routes = try await APIDocumentTests.allRouterRoutes().filter { !$0.contains(" /api/") }.sorted()
        let state = try TemporaryDirectory()
        try await Self.app(state: state).test(.router) { client in
            let token = try await UploadRouteTests.login(client, "kim@zioinfo.co.kr")
            var seen = Set<String>()
            for route in routes {
                let parts = route.split(separator: " ", maxSplits: 1)
                let method = HTTPRequest.Method(String(parts[0]))!
                let path = String(parts[1]).replacingOccurrences(of: "{uid}", with: "0")
                    .replacingOccurrences(of: "{part}", with: "x").replacingOccurrences(of: "{id}", with: "nope")
                guard !path.hasPrefix("/health"), !path.hasPrefix("/metrics") else { continue }
                let anonymous = try await client.execute(uri: path, method: method, body: ByteBuffer(string: "{not json"))
                if anonymous.status.code >= 400 { Self.checkErrorBody(anonymous, "\(route) anonymous", codes: codes).map { _ = seen.insert($0) } }
                // The event stream would stay open (it retries its feed): only its 401 is checked.
                guard !path.hasPrefix("/mail/events") else { continue }
                for body in ["{not json", #"{"uids": ["x"], "seen": "yes", "draft_uid": -1, "to": 5}"#] {
                    let signedIn = try await client.execute(
                        uri: path + "?folder=%01&page=x", method: method,
                        headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: ByteBuffer(string: body))
                    if signedIn.status.code >= 400 {
                        Self.checkErrorBody(signedIn, "\(route) \(body)", codes: codes).map { _ = seen.insert($0) }
                    }
                }
            }
            for (uri, method) in [("/mail/nothing", HTTPRequest.Method.get), ("/auth/login", .get), ("/mail/messages/1/raw", .post)] {
                let response = try await client.execute(uri: uri, method: method, headers: [.authorization: "Bearer \(token)"])
                Self.checkErrorBody(response, "\(method) \(uri)", codes: codes).map { _ = seen.insert($0) }
            }
            #expect(seen.isSuperset(of: ["login_required", "bad_request", "invalid_uid", "not_found"]), "\(seen.sorted())")
        }
    }

    /// Hummingbird's decode errors name Swift types and keys: logged, never answered.
    @Test func decodeErrorsAnswerAFixedKoreanText() async throws {
        let state = try TemporaryDirectory()
        try await Self.app(state: state).test(.router) { client in
            let token = try await UploadRouteTests.login(client, "kim@zioinfo.co.kr")
            let response = try await client.execute(uri: "/mail/messages/flags", method: .post,
                                                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                                    body: ByteBuffer(string: #"{"uids": ["x"], "seen": true}"#))
            #expect(response.status == .badRequest)
            #expect(response.json["code"] as? String == "bad_request")
            #expect(response.json["detail"] as? String == "요청이 올바르지 않습니다", "\(response.text)")
        }
    }

    /// Dovecot's NO text (the audit's example) is logged; the user gets a fixed message.
    @Test func theMailServersOwnRefusalTextIsNotPassedOn() throws {
        let dovecot = ResponseText(text: "Error in IMAP command UID STORE: Invalid uidset (0.001 + 0.000 secs)")
        let mapped = IMAPMailStore.mapError(IMAPError.commandFailed(command: "UID STORE", status: .no, text: dovecot),
                                            logger: Logger(label: "test"))
        let answer = mapped.apiError
        #expect(answer.status == .badRequest)
        #expect(answer.code == .mailServerRefused)
        #expect(answer.detail == "메일 서버가 요청을 거부했습니다")
    }

    @Test func theGenericCodeFollowsTheStatus() {
        let expected: [(HTTPResponse.Status, String)] = [
            (.badRequest, "bad_request"), (.unauthorized, "unauthorized"), (.forbidden, "forbidden"), (.notFound, "not_found"),
            (.contentTooLarge, "payload_too_large"), (.tooManyRequests, "too_many_requests"),
            (.badGateway, "mail_server_unavailable"), (.serviceUnavailable, "service_unavailable"),
            (.internalServerError, "internal"), (.conflict, "bad_request"),
        ]
        for (status, code) in expected { #expect(ErrorCode.generic(for: Int(status.code)).rawValue == code, "\(status)") }
        #expect(APIError.authenticationFailed.code == .authenticationFailed)
    }
}
