import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import Webmail

/// Hostile multipart/form-data bodies on every route that reads one: a clear 400 with a code,
/// and the server keeps serving (the audit's 19 bytes trapped multipart-kit and killed the
/// process, so a regression ends this whole test run).
@Suite struct HostileMultipartTests {
    static let routes = ["/mail/send", "/mail/drafts", "/mail/uploads"]

    /// The audit's body (its "19 bytes" are 20 with the final CRLF): a part header line that is the byte 0xFF.
    static let auditBody: [UInt8] = Array("--B\r\n".utf8) + [0xFF] + Array("\r\n\r\nx\r\n--B--\r\n".utf8)

    static let hostileBodies: [(name: String, bytes: [UInt8])] = [
        ("audit 19 bytes", auditBody),
        ("non-ASCII header name", Array("--B\r\nContent-Dispositi\u{00E9}n: form-data; name=\"x\"\r\n\r\nx\r\n--B--\r\n".utf8)),
        ("control in a header value", Array("--B\r\nContent-Disposition: form-data;\u{1B} name=\"x\"\r\n\r\nx\r\n--B--\r\n".utf8)),
        ("huge header block", Array("--B\r\nX: \(String(repeating: "a", count: 20_000))\r\n\r\nx\r\n--B--\r\n".utf8)),
        ("truncated", Array("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nx".utf8)),
        ("bad delimiter", Array("--B\r\n\r\nx\r\n--Bogus\r\n".utf8)),
    ]

    @Test(arguments: routes)
    func hostileBodiesAreRefusedAndTheServerStaysUp(route: String) async throws {
        let state = try TemporaryDirectory()
        try await UploadRouteTests.app(state: state).test(.live) { client in
            let token = try await UploadRouteTests.login(client, "kim@zioinfo.co.kr")
            for body in Self.hostileBodies {
                let response = try await client.execute(
                    uri: route, method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "multipart/form-data; boundary=B"],
                    body: ByteBuffer(bytes: body.bytes))
                #expect(response.status == .badRequest, "\(route) \(body.name): \(response.text)")
                #expect(response.json["code"] as? String == "invalid_form", "\(route) \(body.name): \(response.text)")
                #expect((response.json["detail"] as? String)?.isEmpty == false, "\(route) \(body.name)")
            }
            // Still serving: the next request is answered.
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
        }
        // Nothing half-received was kept.
        #expect(UploadRouteTests.storedFiles(state).isEmpty)
    }

    @Test(arguments: routes)
    func anInvalidBoundaryIsRefused(route: String) async throws {
        let state = try TemporaryDirectory()
        try await UploadRouteTests.app(state: state).test(.router) { client in
            let token = try await UploadRouteTests.login(client, "kim@zioinfo.co.kr")
            let boundary = String(repeating: "b", count: 71)
            let response = try await client.execute(
                uri: route, method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "multipart/form-data; boundary=\(boundary)"],
                body: ByteBuffer(string: "--\(boundary)\r\n\r\nx\r\n--\(boundary)--\r\n"))
            #expect(response.status == .badRequest, "\(route): \(response.text)")
            #expect(response.json["code"] as? String == "invalid_form", "\(route): \(response.text)")
        }
    }
}
