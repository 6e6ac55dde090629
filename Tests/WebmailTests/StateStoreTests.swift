import Foundation
import Testing
@testable import Webmail

/// Issue 26: one state store, two engines, one suite. Every test runs on SQLite and on
/// PostgreSQL (scripts/pgstack); "another instance" is a second store on the same database.
@Suite struct StateStoreTests {
    // MARK: Migrations

    @Test(arguments: TestEngine.available)
    func migrationsApplyEachStepOnce(engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let store = try fixture.makeStore()
            try await store.prepare()
            try await store.prepare()
            let versions = try await store.transaction { try await $0.query("SELECT version FROM schema_migrations ORDER BY version") }
            #expect(versions.compactMap { $0.integer(0) } == SchemaMigration.all.map { Int64($0.version) })
            // A second instance finds nothing to do.
            try await fixture.makeStore().prepare()
            let again = try await store.transaction { try await $0.query("SELECT CAST(COUNT(*) AS BIGINT) FROM schema_migrations") }
            #expect(again.first?.integer(0) == Int64(SchemaMigration.all.count))
        }
    }

    @Test(arguments: TestEngine.available)
    func instancesStartingTogetherMigrateOnce(engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let stores = try (0..<4).map { _ in try fixture.makeStore() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for store in stores { group.addTask { try await store.prepare() } }
                try await group.waitForAll()
            }
            let rows = try await stores[0].transaction { try await $0.query("SELECT version FROM schema_migrations") }
            #expect(rows.count == SchemaMigration.all.count)
        }
    }

    @Test(arguments: TestEngine.available)
    func aBinaryOlderThanTheSchemaRefusesIt(engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let newer = try fixture.makeStore()
            let future = SchemaMigration.latestVersion + 1
            try await newer.transaction {
                try await $0.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'from the future', 0)", .int(future))
            }
            let older = try fixture.makeStore()
            await #expect(throws: StateStoreError.schemaTooNew(found: future, supported: SchemaMigration.latestVersion)) {
                try await older.prepare()
            }
            let message = StateStoreError.schemaTooNew(found: future, supported: SchemaMigration.latestVersion).description
            #expect(message.contains("newer") && message.contains("\(future)"))
        }
    }

    @Test func migrationsNeverDropOrRewrite() {
        for migration in SchemaMigration.all {
            for statement in migration.statements {
                let upper = statement.uppercased()
                for word in ["DROP ", "DELETE ", "TRUNCATE ", "UPDATE ", "RENAME "] {
                    #expect(!upper.contains(word), "migration \(migration.version) contains \(word)")
                }
            }
        }
        #expect(SchemaMigration.all.map(\.version) == Array(1...SchemaMigration.all.count))
    }

    // MARK: Transactions

    @Test(arguments: TestEngine.available)
    func aFailedTransactionLeavesNothing(engine: TestEngine) async throws {
        struct Planned: Error {}
        try await StateStoreFixture.with(engine) { fixture in
            let store = try fixture.makeStore()
            await #expect(throws: Planned.self) {
                try await store.transaction { transaction in
                    try await transaction.query("INSERT INTO revoked_tokens (token_id, expires_at) VALUES ('t', 1)")
                    throw Planned()
                }
            }
            let rows = try await store.transaction { try await $0.query("SELECT token_id FROM revoked_tokens") }
            #expect(rows.isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func valuesRoundTrip(engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let store = try fixture.makeStore()
            let text = "안녕 'quoted' $1 ?1 \\ end"
            let rows = try await store.transaction { transaction in
                try await transaction.query("INSERT INTO revoked_tokens (token_id, expires_at) VALUES ($1, $2)", .text(text), .integer(Int64.max))
                return try await transaction.query("SELECT token_id, expires_at FROM revoked_tokens WHERE token_id = $1", .text(text))
            }
            #expect(rows == [StateRow(values: [.text(text), .integer(Int64.max)])])
        }
    }

    // MARK: Revocations

    @Test(arguments: TestEngine.available)
    func aRevocationReachesEveryInstanceAndSurvivesARestart(engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let storeOne = try fixture.makeStore()
            let one = RevocationList(store: storeOne)
            // SQLite is one process: its "other instance" is another cache over the same store.
            let two = RevocationList(store: engine == .sqlite ? storeOne : try fixture.makeStore())
            let following = Task { await two.follow() }
            defer { following.cancel() }
            try await two.reload()
            try await one.revoke("token-1", until: Date().addingTimeInterval(60))
            #expect(one.isRevoked("token-1"))
            #expect(await eventually { two.isRevoked("token-1") })
            // A new process reads it back.
            let restarted = RevocationList(store: try fixture.makeStore())
            try await restarted.reload()
            #expect(restarted.isRevoked("token-1"))
            #expect(!restarted.isRevoked("token-2"))
        }
    }

    @Test(arguments: TestEngine.available)
    func expiredRevocationsAreNotKept(engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let store = try fixture.makeStore()
            let list = RevocationList(store: store)
            let past = Date().addingTimeInterval(-120)
            try await list.revoke("old", until: past.addingTimeInterval(60), now: past)
            try await list.revoke("new", until: Date().addingTimeInterval(60))
            let rows = try await store.transaction { try await $0.query("SELECT token_id FROM revoked_tokens") }
            #expect(rows.compactMap { $0.text(0) } == ["new"])
        }
    }

    /// An upgrade keeps the logouts of `revoked.json` (the list before the store), and the file.
    @Test func theOldRevocationFileIsImportedOnce() async throws {
        let state = try TemporaryDirectory()
        let live = Date().addingTimeInterval(600).timeIntervalSince1970
        try state.write("revoked.json", #"{"old-live": \#(live), "old-dead": 1}"#)
        let store = SQLiteStateStore(path: state.path + "/state.sqlite", logger: StateStoreFixture.logger)
        try await RevocationList(store: store).importLegacyFile(state.path + "/revoked.json")
        #expect(!FileManager.default.fileExists(atPath: state.path + "/revoked.json"))
        #expect(FileManager.default.fileExists(atPath: state.path + "/revoked.json.imported"))
        let restarted = RevocationList(store: store)
        try await restarted.reload()
        #expect(restarted.isRevoked("old-live") && !restarted.isRevoked("old-dead"))
    }

    // MARK: Login limits

    @Test(arguments: TestEngine.available)
    func failedLoginsCountAcrossInstances(engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            var limits = LoginLimits()
            limits.attemptsPerPair = 3
            let storeOne = try fixture.makeStore()
            let one = SharedLoginLimiter(limits: limits, store: storeOne, logger: StateStoreFixture.logger)
            let two = SharedLoginLimiter(limits: limits, store: engine == .sqlite ? storeOne : try fixture.makeStore(),
                                         logger: StateStoreFixture.logger)
            let following = Task { await two.follow() }
            defer { following.cancel() }
            try await two.reload()
            let attempt = LoginAttempt(account: "tester@zioinfo.co.kr", address: "198.51.100.4")
            let now = Date()
            for _ in 0..<3 {
                #expect(await one.admit(attempt, now: now) == .admitted(delay: .zero))
                await one.finish(attempt, outcome: .failed, now: now)
            }
            #expect(await one.admit(attempt, now: now) != .admitted(delay: .zero))
            // The other instance refuses the pair too, without a database round trip per check.
            #expect(await eventually { two.local.admit(attempt, now: now).isLimited })
            // And a restarted instance still knows.
            let three = SharedLoginLimiter(limits: limits, store: try fixture.makeStore(), logger: StateStoreFixture.logger)
            try await three.reload(now: now)
            #expect(await three.admit(attempt, now: now).isLimited)
            // A success anywhere clears the pair everywhere.
            let other = LoginAttempt(account: "tester@zioinfo.co.kr", address: "198.51.100.5")
            await one.finish(other, outcome: .succeeded, now: now)
            try await three.reload(now: now)
            #expect(await three.admit(other, now: now) == .admitted(delay: .zero))
        }
    }

    // MARK: Uploads

    @Test(arguments: TestEngine.available)
    func uploadRecordsAreSharedOwnedAndCapped(engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let files = fixture.directory.path + "/files"
            let one = try UploadStore(filesDir: files, store: try fixture.makeStore(), maxFileBytes: 1000, lifetime: 60,
                                      logger: StateStoreFixture.logger)
            let two = try UploadStore(filesDir: files, store: try fixture.makeStore(), maxFileBytes: 1000, lifetime: 60,
                                      logger: StateStoreFixture.logger)
            let owner = "tester@zioinfo.co.kr"
            func upload(_ store: UploadStore, size: Int) async throws -> UploadStore.Upload? {
                let pending = try store.begin(owner: owner)
                pending.handle.write(Data(repeating: 0x41, count: size))
                return try await store.commit(pending, owner: owner, filename: "보고서.txt", contentType: "text/plain", size: size)
            }
            let first = try #require(try await upload(one, size: 1500))
            let id = try #require(UploadID(first.id))
            // Made through one instance, sent through the other.
            #expect(try await two.metadata(id, owner: owner)?.filename == "보고서.txt")
            #expect(try await two.metadata(id, owner: "Tester@Zioinfo.co.kr")?.size == 1500)
            #expect(two.contents(id, owner: owner)?.count == 1500)
            #expect(try await two.metadata(id, owner: "someone@zioinfo.co.kr") == nil)
            // The cap (twice the file limit) holds across instances.
            #expect(try await upload(two, size: 600) == nil)
            #expect(try await two.pendingBytes(owner: owner) == 1500)
            #expect(try await two.remove(id, owner: "someone@zioinfo.co.kr") == false)
            #expect(try await two.remove(id, owner: owner) == true)
            #expect(try await one.metadata(id, owner: owner) == nil)
            #expect(one.contents(id, owner: owner) == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func expiredUploadsAreSweptWithTheirFiles(engine: TestEngine) async throws {
        try await StateStoreFixture.with(engine) { fixture in
            let uploads = try UploadStore(filesDir: fixture.directory.path + "/files", store: try fixture.makeStore(),
                                          maxFileBytes: 1000, lifetime: 60, logger: StateStoreFixture.logger)
            let owner = "tester@zioinfo.co.kr"
            let pending = try uploads.begin(owner: owner)
            pending.handle.write(Data("x".utf8))
            let old = Date().addingTimeInterval(-120)
            let stored = try #require(try await uploads.commit(pending, owner: owner, filename: "a.txt", contentType: "text/plain", size: 1, now: old))
            let id = try #require(UploadID(stored.id))
            #expect(try await uploads.metadata(id, owner: owner) == nil)
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: pending.dataPath)
            try await uploads.sweepExpired()
            #expect(!FileManager.default.fileExists(atPath: pending.dataPath))
            #expect(try await uploads.pendingBytes(owner: owner, now: old) == 0)
        }
    }
}

extension LoginAdmission {
    var isLimited: Bool {
        if case .limited = self { return true }
        return false
    }
}
