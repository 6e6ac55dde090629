/// Brings a state database up to `SchemaMigration.latestVersion`, in one transaction that holds
/// the engine's migration lock (PostgreSQL: an advisory lock; SQLite: the write lock of a
/// `BEGIN IMMEDIATE` transaction), so two instances starting at the same moment apply each step
/// exactly once: the second waits, then finds nothing left to do.
enum Migrator {
    /// The advisory lock's key: every instance of zioinfo-mail on a database uses this one.
    static let lockKey = "zioinfo-mail schema migrations"

    struct Report: Sendable, Equatable {
        /// The schema version before and after.
        let from: Int
        let to: Int
        var applied: [Int] { from < to ? Array((from + 1)...to) : [] }
    }

    /// Applies the pending steps of `migrations` inside `transaction`, which the engine runs
    /// without waiting for `prepare` (this is what `prepare` runs).
    static func migrate(_ transaction: any StateTransaction,
                        migrations: [SchemaMigration] = SchemaMigration.all,
                        now: @Sendable () -> StateValue = { .time(.now) }) async throws -> Report {
        // The lock comes first: PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against a
        // concurrent one (a unique violation in pg_type).
        try await transaction.serialize(on: lockKey)
        try await transaction.query("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version BIGINT PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at BIGINT NOT NULL)
            """)
        let current = try await transaction.query("SELECT MAX(version) FROM schema_migrations").first?.integer(0).map(Int.init) ?? 0
        let supported = migrations.last?.version ?? 0
        guard current <= supported else { throw StateStoreError.schemaTooNew(found: current, supported: supported) }
        for migration in migrations where migration.version > current {
            for statement in migration.statements { try await transaction.query(statement) }
            try await migration.backfill?(transaction)
            try await transaction.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                                        .int(migration.version), .text(migration.name), now())
        }
        return Report(from: current, to: max(current, supported))
    }
}
