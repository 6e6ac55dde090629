import Logging

/// `zioinfo-mail migrate`: applies the state database's pending migrations and returns the
/// schema version it is at, without serving anything (e.g. before starting the new release on
/// every host). `serve` runs the same migrations at start; both hold the migration lock.
public func migrateStateStore(configuration: WebmailConfiguration, logger: Logger) async throws -> Int {
    if case .sqlite(nil) = configuration.databaseURL {
        try StateDirectory.prepare(configuration.stateDir, logger: logger)
    }
    let store = try makeStateStore(configuration, logger: logger)
    return try await withThrowingTaskGroup(of: Int?.self) { group in
        group.addTask {
            try await store.run()
            return nil
        }
        defer { group.cancelAll() }
        try await store.prepare()
        let version = try await store.transaction { transaction in
            try await transaction.query("SELECT MAX(version) FROM schema_migrations").first?.integer(0).map(Int.init) ?? 0
        }
        return version
    }
}
