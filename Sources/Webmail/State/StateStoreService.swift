import Logging
import ServiceLifecycle

/// The state store and the caches that follow its notices, as one service of the application:
/// the engine's connections (PostgreSQL's pool and listener) live as long as the server, and the
/// revocation list and the login limiter apply what other instances announce.
struct StateStoreService: Service {
    let store: any StateStore
    let followers: [@Sendable () async -> Void]

    func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await store.run() }
            for follower in followers {
                group.addTask { await cancelWhenGracefulShutdown { await follower() } }
            }
        }
    }
}

/// Opens the configured engine (nothing is read or written until the first use or `prepare`).
func makeStateStore(_ configuration: WebmailConfiguration, logger: Logger) throws -> any StateStore {
    switch configuration.databaseURL {
    case .sqlite:
        let path = configuration.databaseURL.sqlitePath(stateDir: configuration.stateDir) ?? ""
        return SQLiteStateStore(path: path, logger: logger)
    case .postgres(let endpoint):
        return try PostgresStateStore(endpoint: endpoint, caFile: configuration.caFile, logger: logger)
    }
}
