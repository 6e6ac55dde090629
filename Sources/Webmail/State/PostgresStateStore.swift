import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import PostgresNIO
import ServiceLifecycle

/// The shared engine: a PostgreSQL database (`ZM_DATABASE_URL=postgres://…`) that every instance
/// behind nginx uses. `PostgresClient` keeps the pool of connections (its `run`, inside this
/// store's, is a service of the application); one pooled connection `LISTEN`s on every
/// `StateChannel`, so that a change one instance publishes (`pg_notify`) reaches the caches of
/// all of them. Writers that must not interleave take a transaction-scoped advisory lock.
///
/// When PostgreSQL is down, every call fails within `deadline` with
/// `StateStoreError.unavailable` (503 `state_store_unavailable`); the pool reconnects by itself
/// and the listener retries every second, then has every subscriber reload.
final class PostgresStateStore: StateStore {
    let engine = StateEngine.postgres
    let endpoint: DatabaseURL.PostgresEndpoint
    let deadline: Duration
    let client: PostgresClient
    private let logger: Logger
    private let hub = NoticeHub()
    private let migrationMutex = AsyncMutex()
    private let prepared = NIOLockedValueBox(false)

    init(endpoint: DatabaseURL.PostgresEndpoint, caFile: String?, deadline: Duration = .seconds(5),
         maximumConnections: Int = 10, logger: Logger) throws {
        self.endpoint = endpoint
        self.deadline = deadline
        self.logger = logger
        var configuration = PostgresClient.Configuration(
            host: endpoint.host, port: endpoint.port, username: endpoint.user, password: endpoint.password,
            database: endpoint.database, tls: try Self.tls(endpoint, caFile: caFile))
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = deadline
        var background = logger
        background.logLevel = max(logger.logLevel, .notice)
        client = PostgresClient(configuration: configuration, backgroundLogger: background)
    }

    /// TLS is verified whenever it is used: the server's certificate must chain to the system's
    /// roots, `ZM_CA_FILE` or `sslrootcert=`, and name the host.
    static func tls(_ endpoint: DatabaseURL.PostgresEndpoint, caFile: String?) throws -> PostgresClient.Configuration.TLS {
        switch endpoint.tls {
        case .disable:
            return .disable
        case .verifyFull:
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .fullVerification
            tls.additionalTrustRoots = [caFile, endpoint.rootCertificate].compactMap { $0 }.map { .file($0) }
            return .require(tls)
        }
    }

    func prepare() async throws {
        if prepared.withLockedValue({ $0 }) { return }
        try await migrationMutex.withLock {
            if self.prepared.withLockedValue({ $0 }) { return }
            let report = try await self.rawTransaction { try await Migrator.migrate($0) }
            if !report.applied.isEmpty {
                self.logger.info("state database migrated", metadata: [
                    "engine": "postgres", "database": "\(self.endpoint.database)",
                    "from": "\(report.from)", "to": "\(report.to)"])
            }
            self.prepared.withLockedValue { $0 = true }
        }
    }

    func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (any StateTransaction) async throws -> Result
    ) async throws -> Result {
        try await prepare()
        return try await rawTransaction(body)
    }

    private func rawTransaction<Result: Sendable>(
        _ body: @escaping @Sendable (any StateTransaction) async throws -> Result
    ) async throws -> Result {
        let client = self.client, logger = self.logger, endpoint = self.endpoint
        do {
            return try await withStateDeadline(deadline) {
                try await client.withTransaction(logger: logger) { connection in
                    try await body(PostgresTransaction(connection: connection, logger: logger))
                }
            }
        } catch {
            throw Self.mapped(error, endpoint: endpoint)
        }
    }

    func publish(_ payload: String, on channel: StateChannel) async throws {
        let client = self.client, logger = self.logger
        var binds = PostgresBindings()
        binds.append(channel.rawValue)
        binds.append(payload)
        let query = PostgresQuery(unsafeSQL: "SELECT pg_notify($1, $2)", binds: binds)
        do {
            try await withStateDeadline(deadline) { _ = try await client.query(query, logger: logger) }
        } catch {
            throw Self.mapped(error, endpoint: endpoint)
        }
    }

    func notices(on channel: StateChannel) -> AsyncStream<StateNotice> {
        hub.subscribe(channel)
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.client.run() }
                group.addTask { await self.listen() }
            }
        }
        hub.finishAll()
    }

    /// Holds one connection that listens on every channel, until cancelled; after each loss
    /// (and at the first start) every subscriber is told to reload.
    private func listen() async {
        let listening = NIOLockedValueBox(false)
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await self.listen(on: StateChannel.allCases[...], connection: connection) {
                        listening.withLockedValue { $0 = true }
                        self.logger.debug("state store listening", metadata: ["engine": "postgres"])
                        self.hub.resynchronizeAll()
                    }
                }
            } catch {
                if Task.isCancelled { return }
                if listening.withLockedValue({ $0 }) {
                    logger.warning("state store notifications lost; retrying", metadata: [
                        "error": "\(Self.mapped(error, endpoint: endpoint))"])
                    listening.withLockedValue { $0 = false }
                }
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Listens on `channels` (one nested `LISTEN` each), then calls `started` and forwards
    /// notifications until one of the sequences ends or fails.
    private func listen(on channels: ArraySlice<StateChannel>, connection: PostgresConnection,
                        sequences: [(StateChannel, PostgresNotificationSequence)] = [],
                        started: @escaping @Sendable () -> Void) async throws {
        guard let channel = channels.first else {
            started()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (channel, sequence) in sequences {
                    group.addTask {
                        for try await notification in sequence { self.hub.deliver(.message(notification.payload), on: channel) }
                        throw StateStoreError.unavailable("the notification connection closed")
                    }
                }
                try await group.next()
                group.cancelAll()
            }
            return
        }
        try await connection.listen(on: channel.rawValue) { sequence in
            try await self.listen(on: channels.dropFirst(), connection: connection,
                                  sequences: sequences + [(channel, sequence)], started: started)
        }
    }

    /// PostgresNIO's errors as `StateStoreError`: the server's own message where there is one
    /// (it never holds the password), else what failed and where.
    static func mapped(_ error: any Error, endpoint: DatabaseURL.PostgresEndpoint) -> any Error {
        if let error = error as? StateStoreError { return error }
        if let error = error as? PostgresTransactionError {
            // The body's own errors (a decision of ours, or a statement's) pass through as they are.
            if let inner = error.closureError {
                return inner is PSQLError ? mapped(inner, endpoint: endpoint) : inner
            }
            if let inner = error.beginError ?? error.commitError { return mapped(inner, endpoint: endpoint) }
            return StateStoreError.failed("a transaction failed")
        }
        let place = "\(endpoint.host):\(endpoint.port)/\(endpoint.database)"
        if let error = error as? PSQLError {
            if error.code == .server {
                let state = error.serverInfo?[.sqlState] ?? "?"
                let message = error.serverInfo?[.message] ?? "an error"
                // 28xxx: authentication; 3D000: no such database; 57P0x: shutting down.
                if state.hasPrefix("28") || state == "3D000" || state.hasPrefix("57P") || state.hasPrefix("08") {
                    return StateStoreError.unavailable("\(place): \(message) (SQLSTATE \(state))")
                }
                return StateStoreError.failed("\(place): \(message) (SQLSTATE \(state))")
            }
            return StateStoreError.unavailable("\(place): \(error.code)")
        }
        if error is CancellationError { return error }
        return StateStoreError.unavailable("\(place): \(type(of: error))")
    }
}

/// Statements of one PostgreSQL transaction.
struct PostgresTransaction: StateTransaction {
    let connection: PostgresConnection
    let logger: Logger

    @discardableResult
    func query(_ sql: String, _ binds: [StateValue]) async throws -> [StateRow] {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            switch bind {
            case .text(let text): bindings.append(text)
            case .integer(let integer): bindings.append(integer)
            case .null: bindings.appendNull()
            }
        }
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        var result: [StateRow] = []
        for try await row in rows {
            result.append(StateRow(values: try row.map(Self.value)))
        }
        return result
    }

    /// `pg_advisory_xact_lock`: held until this transaction commits or rolls back.
    func serialize(on key: String) async throws {
        try await query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", .text(key))
    }

    static func value(_ cell: PostgresCell) throws -> StateValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int8, .int4, .int2: return .integer(try cell.decode(Int64.self))
        case .text, .varchar, .name, .bpchar: return .text(try cell.decode(String.self))
        case .void: return .null
        default: throw StateStoreError.failed("column \(cell.columnName) has type \(cell.dataType), which the state store does not read")
        }
    }
}
