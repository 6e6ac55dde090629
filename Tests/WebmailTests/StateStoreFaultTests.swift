import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOConcurrencyHelpers
import NIOCore
import SQLiteNIO
import Testing
@testable import Webmail

/// Issue 26, faults: a locked or unwritable SQLite file is a clear error; PostgreSQL going away
/// answers 503 `state_store_unavailable` where the store is needed, mail reading goes on, and the
/// instance recovers by itself; the database password never reaches an error or a log line.
@Suite struct StateStoreFaultTests {
    @Test func aLockedSQLiteFileIsAClearErrorAndPassesWhenReleased() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/state.sqlite"
        let store = SQLiteStateStore(path: path, busyTimeout: .milliseconds(200), logger: StateStoreFixture.logger)
        try await store.prepare()
        // Another process (here: a connection of its own) holds the write lock.
        let other = try await SQLiteConnection.open(storage: .file(path: path))
        _ = try await other.query("BEGIN EXCLUSIVE")
        let revocations = RevocationList(store: store)
        await #expect(throws: StateStoreError.locked("\(path) (waited 0.2 seconds)")) {
            try await revocations.revoke("t", until: Date().addingTimeInterval(60))
        }
        _ = try await other.query("COMMIT")
        try await other.close()
        try await revocations.revoke("t", until: Date().addingTimeInterval(60))
    }

    @Test func anUnwritableSQLiteLocationIsAClearError() async throws {
        let directory = try TemporaryDirectory()
        try directory.write("not-a-folder", "x")
        let path = directory.path + "/not-a-folder/state.sqlite"
        let store = SQLiteStateStore(path: path, logger: StateStoreFixture.logger)
        do {
            try await store.prepare()
            Issue.record("a database under a file was opened")
        } catch let error as StateStoreError {
            guard case .notWritable(let why) = error else { Issue.record("\(error)"); return }
            #expect(why.contains(path))
            #expect(error.description.contains("cannot be written"))
        }
    }

    /// `serve` refuses to start over an unusable state database, with the reason.
    @Test func theAppDoesNotStartOverAnUnusableDatabase() async throws {
        let state = try TemporaryDirectory()
        try state.write("not-a-folder", "x")
        let configuration = makeTestConfiguration(stateDir: state.path) {
            $0.databaseURL = .sqlite(path: state.path + "/not-a-folder/state.sqlite")
        }
        let app = try await buildApplication(configuration: configuration,
                                             dependencies: .init(loginVerifier: FakeLoginVerifier(), imapProbe: { true }, smtpProbe: { true }))
        await #expect(throws: StateStoreError.self) {
            try await app.test(.router) { _ in Issue.record("the app started") }
        }
    }

    // MARK: PostgreSQL

    @Test(.enabled(if: TestEngine.available.contains(.postgres)))
    func postgresGoneAnswers503ReadingGoesOnAndItRecovers() async throws {
        try await StateStoreFixture.with(.postgres) { fixture in
            guard case .postgres(var endpoint) = fixture.url else { return }
            let (upstreamHost, upstreamPort) = (endpoint.host, endpoint.port)
            let relay = try await TCPRelay.start(to: upstreamHost, port: upstreamPort)
            let relayPort = relay.port
            endpoint.host = "127.0.0.1"
            endpoint.port = relayPort
            let password = endpoint.password ?? "\u{0}"
            let mail = InMemoryMailStore(accounts: [InMemoryRouteTests.user: InMemoryRouteTests.password])
            let state = try TemporaryDirectory()
            let configuration = makeTestConfiguration(stateDir: state.path) { $0.databaseURL = .postgres(endpoint) }
            var dependencies = WebmailDependencies(inMemory: mail)
            // Generous for the start on a loaded machine; a refused connection fails sooner (the pool gives up).
            dependencies.stateStore = try PostgresStateStore(endpoint: endpoint, caFile: nil, deadline: .seconds(20),
                                                             maximumConnections: 2, logger: StateStoreFixture.logger)
            let app = try await buildApplication(configuration: configuration, dependencies: dependencies)
            try await app.test(.router) { client in
                let token = try await InMemoryRouteTests.login(client)
                #expect(!token.isEmpty)
                await relay.stop()

                // Reading mail needs no database.
                let folders = try await InMemoryRouteTests.call(client, .get, "/mail/folders", token: token)
                #expect(folders.status == .ok)
                // A logout does: 503 with a stable code, a fixed text and Retry-After.
                let logout = try await InMemoryRouteTests.call(client, .post, "/auth/logout", token: token)
                #expect(logout.status == .serviceUnavailable)
                #expect(logout.json["code"] as? String == "state_store_unavailable")
                #expect((logout.json["detail"] as? String)?.contains("데이터베이스") == true)
                #expect(logout.headers[.retryAfter] == "5")
                #expect(!logout.text.contains(password))
                // This instance already refuses the token it could not record.
                #expect(try await InMemoryRouteTests.call(client, .get, "/mail/folders", token: token).status == .unauthorized)

                // PostgreSQL is back (on the same address): the instance recovers by itself.
                let back = try await TCPRelay.start(to: upstreamHost, port: upstreamPort, listenPort: relayPort)
                defer { Task { await back.stop() } }
                let second = try await InMemoryRouteTests.login(client)
                let recovered = await eventually(within: .seconds(30)) {
                    (try? await InMemoryRouteTests.call(client, .post, "/auth/logout", token: second).status) == .ok
                }
                #expect(recovered)
            }
        }
    }

    @Test(.enabled(if: TestEngine.available.contains(.postgres)))
    func theDatabasePasswordIsNeverShown() async throws {
        let raw = try #require(TestEngine.postgresURL)
        guard case .postgres(var endpoint) = try DatabaseURL(parsing: raw) else { return }
        endpoint.password = "wrong-Pa55word-\(UUID().uuidString.prefix(8))"
        let secret = try #require(endpoint.password)
        let lines = CollectedLog()
        var logger = Logger(label: "password-test") { _ in lines.handler }
        logger.logLevel = .trace
        let store = try PostgresStateStore(endpoint: endpoint, caFile: nil, deadline: .seconds(3), maximumConnections: 1, logger: logger)
        let running = Task { try? await store.run() }
        defer { running.cancel() }
        do {
            try await store.prepare()
            Issue.record("a wrong password was accepted (pgstack must require passwords)")
        } catch {
            #expect(!"\(error)".contains(secret))
            #expect(!String(reflecting: error).contains(secret))
        }
        #expect(!DatabaseURL.postgres(endpoint).description.contains(secret))
        #expect(!lines.text.contains(secret))
    }

    // MARK: Configuration

    @Test func aDatabaseURLsPasswordIsRedactedInConfigurationErrors() throws {
        let secret = "s3cret-pw"
        for bad in ["postgres://zm:\(secret)@db.example.com:5432/zm?sslmode=require",
                    "postgres://zm:\(secret)@db.example.com:5432/zm?sslmode=disable",
                    "postgres://zm:\(secret)@db.example.com:99999/zm"] {
            do {
                _ = try WebmailConfiguration(settings: [.databaseURL: bad])
                Issue.record("accepted \(bad)")
            } catch {
                #expect(!error.description.contains(secret), "\(error.description)")
                #expect(error.description.contains("ZM_DATABASE_URL"))
            }
        }
    }

    @Test func databaseURLsParse() throws {
        #expect(WebmailConfiguration().databaseURL == .sqlite(path: nil))
        #expect(try WebmailConfiguration(settings: [.databaseURL: "sqlite:"]).databaseURL == .sqlite(path: nil))
        #expect(try WebmailConfiguration(settings: [.databaseURL: "sqlite:/srv/zm/state.db"]).databaseURL == .sqlite(path: "/srv/zm/state.db"))
        #expect(throws: ConfigurationError.self) { try WebmailConfiguration(settings: [.databaseURL: "sqlite:relative.db"]) }
        let parsed = try WebmailConfiguration(settings: [.databaseURL: "postgres://zm:p%40ss@db.zioinfo.co.kr:6432/mail"]).databaseURL
        #expect(parsed == .postgres(.init(host: "db.zioinfo.co.kr", port: 6432, user: "zm", password: "p@ss", database: "mail",
                                          tls: .verifyFull, rootCertificate: nil)))
        #expect(parsed.description == "postgres://zm:***@db.zioinfo.co.kr:6432/mail?sslmode=verify-full")
        let loopback = try WebmailConfiguration(settings: [.databaseURL: "postgresql://zm:x@127.0.0.1/zm?sslmode=disable"]).databaseURL
        guard case .postgres(let endpoint) = loopback else { Issue.record("not postgres"); return }
        #expect(endpoint.tls == .disable && endpoint.port == 5432)
        #expect(throws: ConfigurationError.self) { try WebmailConfiguration(settings: [.databaseURL: "mysql://a@b/c"]) }
        #expect(throws: ConfigurationError.self) { try WebmailConfiguration(settings: [.databaseURL: "postgres://db.example/zm"]) }
    }

    @Test func theFilesFolderDefaultsUnderTheStateFolder() throws {
        var configuration = try WebmailConfiguration(settings: [.stateDir: "/srv/state"])
        #expect(configuration.resolvedFilesDir == "/srv/state/files")
        configuration = try WebmailConfiguration(settings: [.stateDir: "/srv/state", .filesDir: "/mnt/shared/zm-files"])
        #expect(configuration.resolvedFilesDir == "/mnt/shared/zm-files")
        #expect(throws: ConfigurationError.self) { try WebmailConfiguration(settings: [.filesDir: "relative"]) }
        #expect(SettingKey.databaseURL.flagName == "database-url" && SettingKey.filesDir.flagName == "files-dir")
    }
}

/// Every log line's text, whatever the level (with its metadata).
final class CollectedLog: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])
    var text: String { lines.withLockedValue { $0.joined(separator: "\n") } }
    var handler: Handler { Handler(log: self) }

    struct Handler: LogHandler {
        let log: CollectedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            log.lines.withLockedValue { $0.append("\(event.level) \(event.message) \(event.metadata ?? [:]) \(metadata)") }
        }
    }
}
