import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import Webmail

/// 대용량 첨부's tus 1.0 server (`/files/uploads`, issue 32) at the HTTP layer: creation with a
/// Korean name, offsets, resume after a refused PATCH, ownership, limits, termination.
@Suite struct TusUploadRouteTests {
    static let tus: HTTPFields = [HTTPField.Name("Tus-Resumable")!: "1.0.0"]

    static func configuration(_ state: TemporaryDirectory, maxFile: Int = 1 << 20, quota: Int = 3 << 20) -> WebmailConfiguration {
        makeTestConfiguration(stateDir: state.path) {
            $0.largeFileMaxBytes = maxFile
            $0.largeFileQuota = quota
        }
    }

    static func app(state: TemporaryDirectory, maxFile: Int = 1 << 20, quota: Int = 3 << 20) async throws -> some ApplicationProtocol {
        let configuration = configuration(state, maxFile: maxFile, quota: quota)
        return try await buildApplication(configuration: configuration,
                                          dependencies: .init(loginVerifier: UploadRouteTests.TwoAccounts(), imapProbe: { true }, smtpProbe: { true }))
    }

    static func headers(_ token: String, _ extra: HTTPFields = [:]) -> HTTPFields {
        var fields = tus
        fields[.authorization] = "Bearer \(token)"
        fields.append(contentsOf: extra)
        return fields
    }

    static func create(_ client: some TestClientProtocol, token: String, name: String, length: Int) async throws -> TestResponse {
        let metadata = "filename \(Data(name.utf8).base64EncodedString()),filetype \(Data("application/zip".utf8).base64EncodedString())"
        return try await client.execute(uri: "/api/files/uploads", method: .post, headers: headers(token, [
            HTTPField.Name("Upload-Length")!: String(length), HTTPField.Name("Upload-Metadata")!: metadata,
        ]))
    }

    static func patch(_ client: some TestClientProtocol, _ location: String, token: String, offset: Int, _ bytes: ArraySlice<UInt8>) async throws -> TestResponse {
        try await client.execute(uri: location, method: .patch, headers: headers(token, [
            .contentType: TusUploadController.offsetContentType, HTTPField.Name("Upload-Offset")!: String(offset),
        ]), body: ByteBuffer(bytes: bytes))
    }

    @Test func aKoreanNamedFileGoesUpInPartsAndIsStoredWithItsDigest() async throws {
        let state = try TemporaryDirectory()
        try await Self.app(state: state).test(.router) { client in
            let kim = try await UploadRouteTests.login(client, "kim@zioinfo.co.kr")
            let lee = try await UploadRouteTests.login(client, "lee@zioinfo.co.kr")
            // The capabilities need no login.
            try await client.execute(uri: "/files/uploads", method: .options) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[HTTPField.Name("Tus-Version")!] == "1.0.0")
                #expect(response.headers[HTTPField.Name("Tus-Extension")!] == "creation,termination,expiration")
                #expect(response.headers[HTTPField.Name("Tus-Max-Size")!] == String(1 << 20))
            }
            let data = testPayload(700_000)
            let created = try await Self.create(client, token: kim, name: "2026년 설계 도면 모음.zip", length: data.count)
            #expect(created.status == .created, "\(created.text)")
            let location = try #require(created.headers[.location])
            #expect(location.hasPrefix("/api/files/uploads/"))
            let id = String(location.split(separator: "/").last ?? "")
            #expect(UploadID(id) != nil)
            #expect(created.headers[HTTPField.Name("Upload-Expires")!]?.hasSuffix(" GMT") == true)

            try await client.execute(uri: location, method: .head, headers: Self.headers(kim)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("Upload-Offset")!] == "0")
                #expect(response.headers[HTTPField.Name("Upload-Length")!] == String(data.count))
                #expect(response.headers[.cacheControl] == "no-store")
            }
            let first = try await Self.patch(client, location, token: kim, offset: 0, data[0..<300_000])
            #expect(first.status == .noContent, "\(first.text)")
            #expect(first.headers[HTTPField.Name("Upload-Offset")!] == "300000")
            // A stale offset is refused with the stored one; the client resumes from it.
            let stale = try await Self.patch(client, location, token: kim, offset: 0, data[0..<10])
            #expect(stale.status == .conflict)
            #expect(stale.json["code"] as? String == "upload_offset_mismatch")
            #expect(stale.headers[HTTPField.Name("Upload-Offset")!] == "300000")
            // Someone else's upload does not exist for them.
            try await client.execute(uri: location, method: .head, headers: Self.headers(lee)) { #expect($0.status == .notFound) }
            let leeWrite = try await Self.patch(client, location, token: lee, offset: 300_000, data[300_000...])
            #expect(leeWrite.status == .notFound)
            // The wrong body type and a missing protocol version are refused.
            try await client.execute(uri: location, method: .patch, headers: Self.headers(kim, [
                .contentType: "application/octet-stream", HTTPField.Name("Upload-Offset")!: "300000",
            ]), body: ByteBuffer(bytes: data[300_000...])) { #expect($0.status == .unsupportedMediaType) }
            try await client.execute(uri: location, method: .head, headers: [.authorization: "Bearer \(kim)"]) {
                #expect($0.status == .preconditionFailed)
            }
            // More than Upload-Length is refused and nothing of it is recorded.
            let tooMuch = try await Self.patch(client, location, token: kim, offset: 300_000, data[300_000...] + [1, 2, 3])
            #expect(tooMuch.status == .badRequest)
            try await client.execute(uri: location, method: .head, headers: Self.headers(kim)) {
                #expect($0.headers[HTTPField.Name("Upload-Offset")!] == "300000")
            }
            let rest = try await Self.patch(client, location, token: kim, offset: 300_000, data[300_000...])
            #expect(rest.status == .noContent, "\(rest.text)")
            #expect(rest.headers[HTTPField.Name("Upload-Offset")!] == String(data.count))

            // On disk: exactly the bytes, 0600, under a hashed folder; the digest in the store.
            let configuration = Self.configuration(state)
            let files = try LargeFileStore(filesDir: configuration.resolvedFilesDir, store: try makeStateStore(configuration, logger: .init(label: "test")),
                                           maxFileBytes: 1 << 20, quotaBytes: 3 << 20, logger: .init(label: "test"))
            let uploadID = try #require(UploadID(id))
            let path = files.dataPath(uploadID, owner: "kim@zioinfo.co.kr")
            #expect(!path.contains("kim"))
            let onDisk = try #require(FileManager.default.contents(atPath: path))
            #expect(onDisk.count == data.count && onDisk == Data(data))
            #expect((try FileManager.default.attributesOfItem(atPath: path))[.posixPermissions] as? Int == 0o600)
            let record = try #require(try await files.record(uploadID, owner: "kim@zioinfo.co.kr"))
            #expect(record.filename == "2026년 설계 도면 모음.zip")
            #expect(record.sha256 == SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())

            // Termination: the owner only; then the bytes are gone and the id unknown.
            try await client.execute(uri: location, method: .delete, headers: Self.headers(lee)) { #expect($0.status == .notFound) }
            try await client.execute(uri: location, method: .delete, headers: Self.headers(kim)) { #expect($0.status == .noContent) }
            try await client.execute(uri: location, method: .head, headers: Self.headers(kim)) { #expect($0.status == .notFound) }
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func limitsAreRefusedWithStableCodesBeforeAByteIsStored() async throws {
        let state = try TemporaryDirectory()
        try await Self.app(state: state, maxFile: 1 << 20, quota: (1 << 20) + 1000).test(.router) { client in
            let kim = try await UploadRouteTests.login(client, "kim@zioinfo.co.kr")
            let big = try await Self.create(client, token: kim, name: "영상.mp4", length: (1 << 20) + 1)
            #expect(big.status == .contentTooLarge)
            #expect(big.json["code"] as? String == "file_too_large")
            let first = try await Self.create(client, token: kim, name: "영상 1.mp4", length: 1 << 20)
            #expect(first.status == .created)
            // Unfinished uploads count at their full length: the quota is for what they will be.
            let second = try await Self.create(client, token: kim, name: "영상 2.mp4", length: 2000)
            #expect(second.status == .contentTooLarge)
            #expect(second.json["code"] as? String == "large_file_quota_exceeded")
            // Bad headers: no length, no name, a name with a control character, a bad version.
            try await client.execute(uri: "/files/uploads", method: .post, headers: Self.headers(kim)) {
                #expect($0.status == .badRequest)
                #expect($0.json["code"] as? String == "invalid_tus_request")
            }
            try await client.execute(uri: "/files/uploads", method: .post, headers: Self.headers(kim, [HTTPField.Name("Upload-Length")!: "10"])) {
                #expect($0.status == .badRequest)
            }
            let control = try await Self.create(client, token: kim, name: "a\r\nb.txt", length: 10)
            #expect(control.status == .badRequest)
            try await client.execute(uri: "/files/uploads", method: .post, headers: [
                .authorization: "Bearer \(kim)", HTTPField.Name("Tus-Resumable")!: "0.2.2", HTTPField.Name("Upload-Length")!: "10",
            ]) {
                #expect($0.status == .preconditionFailed)
                #expect($0.json["code"] as? String == "tus_version_unsupported")
            }
            // Without a login: 401.
            try await client.execute(uri: "/files/uploads", method: .post, headers: Self.tus) { #expect($0.status == .unauthorized) }
        }
    }
}
