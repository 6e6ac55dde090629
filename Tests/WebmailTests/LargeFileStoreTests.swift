import Crypto
import Foundation
import NIOCore
import Testing
@testable import Webmail

/// Schema step 7 (issue 32): 대용량 첨부's records on both engines, shared by two instances over
/// one files folder: an upload begun through one resumes through the other, the quota holds across
/// both, and a body cut short keeps what arrived.
@Suite struct LargeFileStoreTests {
    struct Cut: Error {}

    /// Chunks of `bytes`, then (when `cut`) the error a dropped connection raises.
    struct Chunks: AsyncSequence {
        typealias Element = ByteBuffer
        let parts: [ArraySlice<UInt8>]
        let cut: Bool
        struct AsyncIterator: AsyncIteratorProtocol {
            var parts: [ArraySlice<UInt8>]
            let cut: Bool
            mutating func next() async throws -> ByteBuffer? {
                if parts.isEmpty {
                    if cut { throw Cut() }
                    return nil
                }
                return ByteBuffer(bytes: parts.removeFirst())
            }
        }
        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(parts: parts, cut: cut) }
    }

    @Test(arguments: TestEngine.available)
    func anUploadResumesThroughAnotherInstanceAndTheQuotaHoldsForBoth(engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let folder = try TemporaryDirectory()
            let one = try LargeFileStore(filesDir: folder.path, store: try fixture.makeStore(), maxFileBytes: 1 << 20,
                                         quotaBytes: 600_000, logger: .init(label: "test"))
            let other = try LargeFileStore(filesDir: folder.path, store: try fixture.makeStore(), maxFileBytes: 1 << 20,
                                           quotaBytes: 600_000, logger: .init(label: "test"))
            let owner = "owner-\(UUID().uuidString.prefix(8))@zioinfo.co.kr"
            let data = testPayload(500_000)
            let created = try await one.create(owner: owner, filename: "회의 자료 (최종).pptx", size: data.count)
            let id = try #require(UploadID(created.id))
            // The other instance refuses a second file past the quota: the first counts at full length.
            await #expect(throws: LargeFileStore.Failure.quotaExceeded) {
                try await other.create(owner: owner, filename: "b.bin", size: 100_001)
            }
            // A body cut after 200,000 bytes keeps them.
            await #expect(throws: Cut.self) {
                try await one.append(id, owner: owner, offset: 0, body: Chunks(parts: [data[0..<100_000], data[100_000..<200_000]], cut: true))
            }
            #expect(try await other.record(id, owner: owner)?.offset == 200_000)
            await #expect(throws: LargeFileStore.Failure.offsetMismatch(200_000)) {
                try await other.append(id, owner: owner, offset: 100_000, body: Chunks(parts: [data[100_000...]], cut: false))
            }
            let done = try await other.append(id, owner: owner, offset: 200_000, body: Chunks(parts: [data[200_000...]], cut: false))
            #expect(done.isComplete)
            #expect(done.sha256 == SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())
            #expect(try await one.record(id, owner: owner)?.sha256 == done.sha256)
            #expect(try await one.record(id, owner: "someone-else@zioinfo.co.kr") == nil)
            #expect(try await one.usedBytes(owner: owner) == data.count)
            #expect(try await other.remove(id, owner: owner))
            #expect(try await one.record(id, owner: owner) == nil)
            #expect(!FileManager.default.fileExists(atPath: one.dataPath(id, owner: owner)))
            #expect(try await one.usedBytes(owner: owner) == 0)
        }
    }
}
