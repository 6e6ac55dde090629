import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import Testing
@testable import Webmail

/// The engines the state store suite runs on. PostgreSQL comes from `scripts/pgstack` through
/// `ZM_TEST_POSTGRES_URL` (scripts/test/10-swift sets it); without it the PostgreSQL cases are
/// left out, except on CI, where they run and fail.
enum TestEngine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var postgresURL: String? { ProcessInfo.processInfo.environment["ZM_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    static var available: [TestEngine] {
        postgresURL != nil || MailStackEnvironment.isCI ? [.sqlite, .postgres] : [.sqlite]
    }
}

/// One empty database of an engine (a new SQLite file, or a new PostgreSQL database made for the
/// test and dropped after it), with as many stores on it as a test wants: two stores are two
/// instances of the webmail sharing the database.
final class StateStoreFixture: Sendable {
    let engine: TestEngine
    let directory: TemporaryDirectory
    let url: DatabaseURL
    private let adminURL: DatabaseURL.PostgresEndpoint?
    static let logger: Logger = {
        var logger = Logger(label: "state-store-test")
        logger.logLevel = .warning
        return logger
    }()

    private init(engine: TestEngine, directory: TemporaryDirectory, url: DatabaseURL, adminURL: DatabaseURL.PostgresEndpoint?) {
        self.engine = engine
        self.directory = directory
        self.url = url
        self.adminURL = adminURL
    }

    /// Runs `body` with a fresh database; the stores it makes run (PostgreSQL's pool and listener)
    /// until it returns.
    static func with(_ engine: TestEngine, _ body: @Sendable (StateStoreFixture) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        switch engine {
        case .sqlite:
            let fixture = StateStoreFixture(engine: engine, directory: directory,
                                            url: .sqlite(path: directory.path + "/state.sqlite"), adminURL: nil)
            try await fixture.running(body)
        case .postgres:
            let raw = try #require(TestEngine.postgresURL, "ZM_TEST_POSTGRES_URL is not set: start scripts/pgstack (CI must run the PostgreSQL cases)")
            guard case .postgres(let admin) = try DatabaseURL(parsing: raw) else {
                Issue.record("ZM_TEST_POSTGRES_URL is not a postgres:// URL")
                return
            }
            let name = "zm_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            try await Self.admin(admin, "CREATE DATABASE \(name)")
            var endpoint = admin
            endpoint.database = String(name)
            let fixture = StateStoreFixture(engine: engine, directory: directory, url: .postgres(endpoint), adminURL: admin)
            do { try await fixture.running(body) } catch {
                try? await Self.admin(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                throw error
            }
            try await Self.admin(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }

    private let running = RunningStores()

    private func running(_ body: @Sendable (StateStoreFixture) async throws -> Void) async throws {
        defer { running.stopAll() }
        try await body(self)
    }

    /// A new store (instance) on this database, running until the test ends. The deadline and
    /// SQLite's lock wait are generous: the whole module's tests share two cores with this one
    /// (four SQLite instances migrating at once waited more than 5 s for the write lock in CI).
    func makeStore(busyTimeout: Duration = .seconds(30), deadline: Duration = .seconds(30), url: DatabaseURL? = nil) throws -> any StateStore {
        let store: any StateStore
        switch url ?? self.url {
        case .sqlite(let path):
            store = SQLiteStateStore(path: path ?? directory.path + "/state.sqlite", busyTimeout: busyTimeout, logger: Self.logger)
        case .postgres(let endpoint):
            store = try PostgresStateStore(endpoint: endpoint, caFile: nil, deadline: deadline, maximumConnections: 2, logger: Self.logger)
        }
        running.start(store)
        return store
    }

    /// The configuration of an app on this database.
    func configure(_ configuration: inout WebmailConfiguration) {
        configuration.databaseURL = url
    }

    /// Runs one statement as the PostgreSQL user of `ZM_TEST_POSTGRES_URL`, outside any test database.
    static func admin(_ endpoint: DatabaseURL.PostgresEndpoint, _ sql: String) async throws {
        let store = try PostgresStateStore(endpoint: endpoint, caFile: nil, deadline: .seconds(30), maximumConnections: 1, logger: logger)
        let client = store.client
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        }
    }
}

/// The stores a fixture started, cancelled when the test ends.
private final class RunningStores: Sendable {
    private let tasks = NIOLockedValueBox<[Task<Void, Never>]>([])

    func start(_ store: any StateStore) {
        let task = Task { _ = try? await store.run() }
        tasks.withLockedValue { $0.append(task) }
    }

    func stopAll() {
        for task in tasks.withLockedValue({ $0 }) { task.cancel() }
    }
}

/// Waits for `condition`, checking every 10 ms, for at most `limit` (a notice from another
/// instance arrives asynchronously; there is no event of ours to await).
func eventually(within limit: Duration = .seconds(20), _ condition: @Sendable () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}
