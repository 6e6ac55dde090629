import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import Webmail

/// `POST /mail/uploads` and `DELETE /mail/uploads/{id}` at the HTTP layer (no mail server is
/// needed until a send): ownership, limits, storage on disk, hostile input.
@Suite struct UploadRouteTests {
    /// Two accounts, so one can try the other's upload ids.
    struct TwoAccounts: MailLoginVerifying {
        static let users = ["kim@zioinfo.co.kr": "kim-password", "lee@zioinfo.co.kr": "lee-password"]
        func verifyLogin(email: String, password: String) async throws(MailLoginError) {
            guard Self.users[email] == password else { throw .invalidCredentials }
        }
    }

    static func app(state: TemporaryDirectory, maxMessageBytes: Int = 64 * 1024) async throws -> some ApplicationProtocol {
        let configuration = makeTestConfiguration(stateDir: state.path) { $0.maxMessageBytes = maxMessageBytes }
        return try await buildApplication(configuration: configuration,
                                          dependencies: .init(loginVerifier: TwoAccounts(), imapProbe: { true }, smtpProbe: { true }))
    }

    static func login(_ client: some TestClientProtocol, _ user: String) async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: ["username": user, "password": TwoAccounts.users[user] ?? ""])
        let response = try await client.execute(uri: "/auth/login", method: .post, headers: [.contentType: "application/json"],
                                                body: ByteBuffer(data: body))
        return try #require(response.json["access_token"] as? String)
    }

    static func upload(_ client: some TestClientProtocol, token: String, filename: String, data: [UInt8],
                       contentType: String = "application/pdf", disposition: String? = nil) async throws -> TestResponse {
        var form = MultipartFormBody()
        form.file("file", filename: filename, contentType: contentType, data: data, disposition: disposition)
        return try await client.execute(uri: "/api/mail/uploads", method: .post,
                                        headers: [.authorization: "Bearer \(token)", .contentType: form.contentType], body: form.buffer)
    }

    /// Every file under the uploads folder (`ZM_FILES_DIR/uploads`), with its permissions.
    static func storedFiles(_ state: TemporaryDirectory) -> [(path: String, mode: Int)] {
        let root = state.path + "/files/uploads"
        let files = FileManager.default
        return (files.subpaths(atPath: root) ?? []).sorted().compactMap { relative in
            let path = root + "/" + relative
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
            let mode = (try? files.attributesOfItem(atPath: path))?[.posixPermissions] as? Int ?? -1
            return (relative, mode)
        }
    }

    @Test func anUploadIsStoredPrivatelyAndDeletedByItsOwnerOnly() async throws {
        let state = try TemporaryDirectory()
        try await Self.app(state: state).test(.router) { client in
            let kim = try await Self.login(client, "kim@zioinfo.co.kr")
            let lee = try await Self.login(client, "lee@zioinfo.co.kr")
            let data = testPayload(10_000)
            let response = try await Self.upload(client, token: kim, filename: "2026년 견적서.pdf", data: data)
            #expect(response.status == .created, "\(response.text)")
            let id = try #require(response.json["id"] as? String)
            #expect(id.count == 32 && id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            #expect(response.json["filename"] as? String == "2026년 견적서.pdf")
            #expect(response.json["content_type"] as? String == "application/pdf")
            #expect(response.json["size"] as? Int == data.count)

            // On disk: the bytes, 0600, under a folder named by a hash (no user text in paths); the
            // record is a row of the state store.
            let stored = Self.storedFiles(state)
            #expect(stored.count == 1, "\(stored)")
            #expect(stored.allSatisfy { $0.mode == 0o600 }, "\(stored)")
            #expect(stored.allSatisfy { !$0.path.contains("kim") && $0.path.contains(id) }, "\(stored)")
            let dataFile = try #require(stored.first { $0.path.hasSuffix(".data") })
            #expect(FileManager.default.contents(atPath: state.path + "/files/uploads/" + dataFile.path).map { [UInt8]($0) } == data)

            // Someone else's id is unknown to them.
            try await client.execute(uri: "/mail/uploads/\(id)", method: .delete, headers: [.authorization: "Bearer \(lee)"]) { response in
                #expect(response.status == .notFound)
                #expect(response.json["detail"] is String)
            }
            try await client.execute(uri: "/mail/uploads/\(id)", method: .delete, headers: [.authorization: "Bearer \(kim)"]) {
                #expect($0.status == .noContent)
            }
            try await client.execute(uri: "/mail/uploads/\(id)", method: .delete, headers: [.authorization: "Bearer \(kim)"]) {
                #expect($0.status == .notFound)
                #expect($0.json["detail"] is String)
            }
            #expect(Self.storedFiles(state).isEmpty)
            // Ids that cannot be ours (path tricks) are simply not found.
            for bad in ["..", "..%2F..%2Fjwt.key", String(repeating: "a", count: 31), String(repeating: "a", count: 33)] {
                try await client.execute(uri: "/mail/uploads/\(bad)", method: .delete, headers: [.authorization: "Bearer \(kim)"]) {
                    #expect($0.status == .notFound, "\(bad)")
                }
            }
            // Not signed in.
            try await client.execute(uri: "/mail/uploads", method: .post, headers: [.contentType: "multipart/form-data; boundary=x"],
                                     body: ByteBuffer(string: "--x--\r\n")) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test func aFileOverTheMessageLimitIs413AndNothingIsKept() async throws {
        let state = try TemporaryDirectory()
        try await Self.app(state: state, maxMessageBytes: 64 * 1024).test(.router) { client in
            let kim = try await Self.login(client, "kim@zioinfo.co.kr")
            // The SPA learns the limit from /auth/me.
            try await client.execute(uri: "/auth/me", method: .get, headers: [.authorization: "Bearer \(kim)"]) {
                #expect($0.json["max_message_bytes"] as? Int == 64 * 1024)
            }
            let response = try await Self.upload(client, token: kim, filename: "big.bin", data: testPayload(64 * 1024 + 1))
            #expect(response.status == .contentTooLarge)
            #expect((response.json["detail"] as? String)?.contains("64 KB") == true, "\(response.text)")
            #expect(Self.storedFiles(state).isEmpty)
            // Exactly at the limit is fine.
            let fits = try await Self.upload(client, token: kim, filename: "fits.bin", data: testPayload(64 * 1024))
            #expect(fits.status == .created, "\(fits.text)")
        }
    }

    /// Over a real socket too: the refusal arrives as a 413 answer, not as a broken connection,
    /// whether the client announced the size or the body simply ran past the limit.
    @Test func anOversizedUploadOverTheWireGets413() async throws {
        let state = try TemporaryDirectory()
        try await Self.app(state: state, maxMessageBytes: 64 * 1024).test(.live) { client in
            let kim = try await Self.login(client, "kim@zioinfo.co.kr")
            let response = try await Self.upload(client, token: kim, filename: "big.bin", data: testPayload(1024 * 1024))
            #expect(response.status == .contentTooLarge)
            #expect(response.json["detail"] is String)
            // The connection still serves.
            let fits = try await Self.upload(client, token: kim, filename: "fits.bin", data: testPayload(1000))
            #expect(fits.status == .created, "\(fits.text)")
            #expect(Self.storedFiles(state).count == 1)
        }
    }

    /// A user's pending uploads may add up to twice the message limit, no more.
    @Test func pendingUploadsArePerUserCapped() async throws {
        let state = try TemporaryDirectory()
        try await Self.app(state: state, maxMessageBytes: 64 * 1024).test(.router) { client in
            let kim = try await Self.login(client, "kim@zioinfo.co.kr")
            let lee = try await Self.login(client, "lee@zioinfo.co.kr")
            var ids: [String] = []
            for index in 0..<2 {
                let response = try await Self.upload(client, token: kim, filename: "part\(index).bin", data: testPayload(60 * 1024))
                #expect(response.status == .created, "\(response.text)")
                ids.append(try #require(response.json["id"] as? String))
            }
            let third = try await Self.upload(client, token: kim, filename: "part2.bin", data: testPayload(20 * 1024))
            #expect(third.status == .contentTooLarge)
            #expect((third.json["detail"] as? String)?.contains("합계") == true, "\(third.text)")
            // Someone else's quota is their own.
            #expect(try await Self.upload(client, token: lee, filename: "other.bin", data: testPayload(60 * 1024)).status == .created)
            // Deleting one makes room again.
            try await client.execute(uri: "/mail/uploads/\(ids[0])", method: .delete, headers: [.authorization: "Bearer \(kim)"]) {
                #expect($0.status == .noContent)
            }
            #expect(try await Self.upload(client, token: kim, filename: "part2.bin", data: testPayload(20 * 1024)).status == .created)
        }
    }

    /// CR/LF in a file name (RFC 2231 lets a form smuggle them) is refused, never stored.
    @Test func hostileFileNamesAndBadFormsAre400() async throws {
        let state = try TemporaryDirectory()
        try await Self.app(state: state).test(.router) { client in
            let kim = try await Self.login(client, "kim@zioinfo.co.kr")
            let injected = try await Self.upload(client, token: kim, filename: "", data: [1, 2, 3],
                                                 disposition: "form-data; name=\"file\"; filename*=UTF-8''a%0D%0ABcc%3A%20evil%40x.com.pdf")
            #expect(injected.status == .badRequest, "\(injected.text)")
            #expect(injected.json["detail"] is String)
            let nul = try await Self.upload(client, token: kim, filename: "", data: [1], disposition: "form-data; name=\"file\"; filename*=UTF-8''a%00b")
            #expect(nul.status == .badRequest)
            #expect(Self.storedFiles(state).isEmpty)

            // A path in the name keeps only its last component; an odd content type becomes octet-stream.
            let pathy = try await Self.upload(client, token: kim, filename: "C:\\fakepath\\보고서.hwp", data: [1], contentType: "not a type")
            #expect(pathy.status == .created, "\(pathy.text)")
            #expect(pathy.json["filename"] as? String == "보고서.hwp")
            #expect(pathy.json["content_type"] as? String == "application/octet-stream")

            // No file field, or not a form at all.
            var noFile = MultipartFormBody()
            noFile.field("note", "hello")
            try await client.execute(uri: "/mail/uploads", method: .post,
                                     headers: [.authorization: "Bearer \(kim)", .contentType: noFile.contentType], body: noFile.buffer) {
                #expect($0.status == .badRequest)
                #expect($0.json["detail"] is String)
            }
            try await client.execute(uri: "/mail/uploads", method: .post,
                                     headers: [.authorization: "Bearer \(kim)", .contentType: "application/json"], body: ByteBuffer(string: "{}")) {
                #expect($0.status == .badRequest)
                #expect($0.json["detail"] is String)
            }
        }
    }

    /// Uploads older than the token lifetime are swept (at start and then at most every few minutes).
    @Test func expiredUploadsAreSwept() async throws {
        let state = try TemporaryDirectory()
        let database = SQLiteStateStore(path: state.path + "/state.sqlite", logger: .init(label: "test"))
        let store = try UploadStore(filesDir: state.path + "/files", store: database, maxFileBytes: 1024, lifetime: 60,
                                    logger: .init(label: "test"))
        let pending = try store.begin(owner: "kim@zioinfo.co.kr")
        try pending.handle.write(contentsOf: [1, 2, 3])
        let upload = try #require(try await store.commit(pending, owner: "kim@zioinfo.co.kr", filename: "a.bin",
                                                         contentType: "application/octet-stream", size: 3))
        let id = try #require(UploadID(upload.id))
        #expect(try await store.metadata(id, owner: "kim@zioinfo.co.kr")?.size == 3)
        #expect(try await store.metadata(id, owner: "lee@zioinfo.co.kr") == nil)
        try await store.sweepExpired(now: Date().addingTimeInterval(30))
        #expect(Self.storedFiles(state).count == 1)
        try await store.sweepExpired(now: Date().addingTimeInterval(61))
        #expect(Self.storedFiles(state).isEmpty)
        #expect(try await store.metadata(id, owner: "kim@zioinfo.co.kr") == nil)
    }
}
