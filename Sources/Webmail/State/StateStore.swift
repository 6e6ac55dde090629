import Foundation

/// The webmail's durable shared state (token revocations, login failures, upload records, and
/// the per-user data of later features), behind one interface with two engines:
/// `SQLiteStateStore` (the default: one file under `ZM_STATE_DIR`, one process) and
/// `PostgresStateStore` (several instances behind nginx share one database).
///
/// The interface is deliberately small and SQL-shaped: the domain stores (`RevocationList`,
/// `SharedLoginLimiter`, `UploadStore`) write their statements once, in the dialect both engines
/// speak (`$1` placeholders, `BIGINT`/`TEXT` columns, `INSERT … ON CONFLICT`), and an engine only
/// knows how to run them, how to serialise writers, and how to tell other instances of a change.
protocol StateStore: Sendable {
    var engine: StateEngine { get }

    /// Opens the database and applies pending migrations (`Migrator`), once; later calls return
    /// at once. Throws `StateStoreError.schemaTooNew` when the database was migrated by a newer
    /// binary. Every `transaction` waits for it, so a store that is never prepared explicitly
    /// still never runs a statement against an old schema.
    func prepare() async throws

    /// Runs `body` in one transaction (committed when it returns, rolled back when it throws).
    /// Errors of the engine come out as `StateStoreError`, with no password or statement in them.
    @discardableResult
    func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (any StateTransaction) async throws -> Result
    ) async throws -> Result

    /// Tells every instance sharing this store (this one included) about a change on `channel`,
    /// after the transaction that made it committed. `payload` is short text (≤ 1,000 bytes).
    func publish(_ payload: String, on channel: StateChannel) async throws

    /// The notices published on `channel`, by any instance, from now on. `.resynchronize` comes
    /// first and after every gap in which notices may have been lost (a lost connection to
    /// PostgreSQL): then the subscriber reloads what it caches.
    func notices(on channel: StateChannel) -> AsyncStream<StateNotice>

    /// Keeps the engine's connections (and PostgreSQL's notification listener) until cancelled;
    /// the application runs it as one of its services.
    func run() async throws
}

/// A transaction in progress.
protocol StateTransaction: Sendable {
    /// Runs one statement; `$1`, `$2` … stand for `binds` in order.
    @discardableResult
    func query(_ sql: String, _ binds: [StateValue]) async throws -> [StateRow]

    /// Holds off every other transaction that asks for the same `key` (in any instance) until this
    /// one ends: a read-then-write (a quota check, then an insert) cannot interleave with another.
    func serialize(on key: String) async throws
}

extension StateTransaction {
    @discardableResult
    func query(_ sql: String, _ binds: StateValue...) async throws -> [StateRow] {
        try await query(sql, binds)
    }
}

enum StateEngine: String, Sendable {
    case sqlite, postgres
}

/// A value bound to, or read from, a statement. Times are stored as whole milliseconds since 1970
/// (`BIGINT`), so both engines compare and index them the same way.
enum StateValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case null

    static func time(_ date: Date) -> StateValue { .integer(Int64((date.timeIntervalSince1970 * 1000).rounded(.down))) }
    static func int(_ value: Int) -> StateValue { .integer(Int64(value)) }
}

/// One result row, its columns in the order of the statement's select list.
struct StateRow: Sendable, Equatable {
    let values: [StateValue]

    func text(_ column: Int) -> String? {
        guard column < values.count, case .text(let text) = values[column] else { return nil }
        return text
    }

    func integer(_ column: Int) -> Int64? {
        guard column < values.count, case .integer(let value) = values[column] else { return nil }
        return value
    }

    func time(_ column: Int) -> Date? {
        integer(column).map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }
}

/// What a notice is about; each is one PostgreSQL `LISTEN` channel.
enum StateChannel: String, Sendable, CaseIterable {
    case revocations = "zm_revocations"
    case loginEvents = "zm_login_events"
    /// An outbox entry was added or moved earlier: every instance's scanner looks again.
    case outbox = "zm_outbox"
    /// An outbox entry was sent or failed: every instance tells the owner's open event streams.
    case outboxEvents = "zm_outbox_events"
}

enum StateNotice: Sendable, Equatable {
    /// Notices may have been missed: reload.
    case resynchronize
    case message(String)
}
